// Plain reads (issue 14): the signed-in account is read on every request without building model
// instances, and must come out exactly as the models would give it, on SQLite and on MySQL —
// booleans as booleans, dates as Dates, a missing LEFT JOIN row as null.
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { attributesFrom, columnsOf } from '../../app/db/plain-read.js';
import { Department, Student, User } from '../../app/models/index.js';
import { h } from '../setup/hooks.js';
import { makeAccount, makeDepartment, makeStudent } from '../factories/index.js';

async function readJoined(userId: number) {
  const sequelize = h().sequelize;
  const sql = `SELECT ${columnsOf(sequelize, User, 'u')}, ${columnsOf(sequelize, Student, 's')}, ${columnsOf(sequelize, Department, 'sd')}
    FROM users u LEFT JOIN students s ON s.userId = u.id LEFT JOIN departments sd ON sd.id = s.departmentId WHERE u.id = ?`;
  const [row] = await sequelize.query<Record<string, unknown>>(sql, {
    replacements: [userId],
    type: QueryTypes.SELECT,
  });
  return {
    user: attributesFrom(User, row, 'u'),
    student: attributesFrom(Student, row, 's'),
    department: attributesFrom(Department, row, 'sd'),
  };
}

describe('plain reads', () => {
  it('give every attribute of the account, the student and the department as the models do', async () => {
    const department = await makeDepartment();
    const made = await makeStudent(department.id);
    await Student.update({ active: false }, { where: { id: made.id } });
    const student = (await Student.findByPk(made.id))!;
    const user = (await User.findByPk(student.userId!))!;

    const read = await readJoined(user.id);
    expect(read.user).to.deep.equal(user.get({ plain: true }));
    expect(read.student).to.deep.equal(student.get({ plain: true }));
    expect(read.department).to.deep.equal((await Department.findByPk(department.id))!.get({ plain: true }));
    expect(read.student!.active).to.equal(false);
    expect(read.user!.createdAt).to.be.instanceOf(Date);
  });

  it('give null for a row a LEFT JOIN did not find', async () => {
    const { user: office } = await makeAccount('office', null);
    const read = await readJoined(office.id);
    expect(read.user!.id).to.equal(office.id);
    expect(read.student).to.equal(null);
    expect(read.department).to.equal(null);
  });
});
