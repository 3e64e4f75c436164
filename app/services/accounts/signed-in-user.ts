// Who is asking, read on every request (so a disabled account stops at once): the account, its
// department and, for a student, their record with its department, in one statement, read plainly
// (db/plain-read.ts) because the pages use only the values.
import { QueryTypes, type Sequelize } from 'sequelize';
import { attributesFrom, columnsOf } from '../../db/plain-read.js';
import { Department, Student, User } from '../../models/index.js';
import type { Role } from '../../models/user.js';
import { ownStudent, type OwnStudent } from './students.js';

export type SignedInUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  departmentName: string | null;
  mustChangePassword: boolean;
  student: OwnStudent | null; // a student's own record, read with the account (one statement per request)
};

let userSql: string | null = null;

function userStatement(sequelize: Sequelize): string {
  userSql ??= `SELECT ${[
    columnsOf(sequelize, User, 'u'),
    columnsOf(sequelize, Department, 'ud'),
    columnsOf(sequelize, Student, 's'),
    columnsOf(sequelize, Department, 'sd'),
  ].join(', ')} FROM users u LEFT JOIN departments ud ON ud.id = u.departmentId LEFT JOIN students s ON s.userId = u.id
    LEFT JOIN departments sd ON sd.id = s.departmentId WHERE u.id = ? ORDER BY s.id LIMIT 1`;
  return userSql;
}

/** The active account with this id, or null when it is gone or disabled. */
export async function signedInUser(id: number): Promise<SignedInUser | null> {
  const sequelize = User.sequelize!;
  const [row] = await sequelize.query<Record<string, unknown>>(userStatement(sequelize), {
    replacements: [id],
    type: QueryTypes.SELECT,
  });
  const user = row ? attributesFrom(User, row, 'u') : null;
  if (!user || !user.active) return null;
  const department = attributesFrom(Department, row, 'ud');
  const student = attributesFrom(Student, row, 's');
  const studentDepartment = attributesFrom(Department, row, 'sd');
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentId: user.departmentId,
    departmentName: department?.name ?? null,
    mustChangePassword: user.mustChangePassword,
    student: user.role === 'student' && student && studentDepartment ? ownStudent(student, studentDepartment) : null,
  };
}
