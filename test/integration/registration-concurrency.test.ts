// The two-item rule under concurrency (issue 3): 20 parallel submissions for one student (two tabs,
// double clicks, two teachers) never leave more than two items, two grade items or a duplicate.
// Runs on whichever database the suite runs on: SQLite (queued IMMEDIATE transactions) and MySQL
// (row lock on the person, unique indexes as the last word).
import { expect } from 'chai';
import { UniqueConstraintError } from 'sequelize';
import { Registration } from '../../app/models/index.js';
import { archive, item, makeBatch } from '../factories/batches.js';
import { csrfToken, makeAccount, signInReady, studentAgent, teacherAgent } from '../factories/index.js';
import type { Batch, Student } from '../../app/models/index.js';

async function assertRuleHolds(student: Student, batch: Batch) {
  const rows = await Registration.findAll({ where: { studentId: student.id, batchId: batch.id, status: 'active' } });
  expect(rows.length, 'at most two items').to.be.at.most(2).and.at.least(1);
  expect(rows.filter((r) => r.kind === 'grade').length, 'at most one grade item').to.be.at.most(1);
  expect(new Set(rows.map((r) => r.catalogItemId)).size, 'no item twice').to.equal(rows.length);
  return rows;
}

describe('registration under concurrency', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });
  after(async () => {
    await archive(batch);
  });

  it('20 parallel submissions from the student and two teachers leave a legal set', async () => {
    const first = await teacherAgent();
    const { user, password } = await makeAccount('teacher', first.department.id);
    const second = await signInReady(user.username, password);
    const { agent: studentTab, student } = await studentAgent(first.department.id);
    const [electrician, car, office, python, live] = await Promise.all(
      ['电工', '汽车维修工', '办公软件应用(Office)', 'Python应用数据挖掘', '电商直播销售'].map(item),
    );

    const studentForms = [
      { grade: `${electrician.id}:4`, special: [String(office.id)], heldNone: 'on' },
      { grade: `${car.id}:4`, heldNone: 'on' },
      { special: [String(python.id), String(live.id)] },
      { special: [String(office.id)] },
      { grade: `${electrician.id}:3`, special: [String(live.id)], heldNone: 'on' },
    ];
    const teacherForms = [
      { item: `${electrician.id}:4`, attempt: 'retake-theory', heldNone: 'on' },
      { item: `${office.id}`, attempt: 'retake' },
      { item: `${car.id}:3`, attempt: 'initial', heldNone: 'on' },
      { item: `${python.id}`, attempt: 'initial' },
    ];
    const studentToken = await csrfToken(studentTab, '/student');
    const tokens = [await csrfToken(first.agent, '/teacher/students'), await csrfToken(second, '/teacher/students')];
    const requests = Array.from({ length: 20 }, (_, i) => {
      if (i % 2 === 0) {
        return studentTab
          .post('/student/register')
          .type('form')
          .send({ _csrf: studentToken, batchId: String(batch.id), ...studentForms[(i / 2) % studentForms.length] });
      }
      const teacher = i % 4 === 1 ? first.agent : second;
      return teacher
        .post('/teacher/registrations')
        .type('form')
        .send({
          _csrf: tokens[i % 4 === 1 ? 0 : 1],
          batchId: String(batch.id),
          candidateType: 'campus',
          studentNo: student.studentNo!,
          ...teacherForms[i % teacherForms.length],
        });
    });
    const responses = await Promise.all(requests);
    expect(
      responses.map((r) => r.status).filter((s) => s !== 303),
      'every request answered with a redirect, none crashed',
    ).to.deep.equal([]);
    await assertRuleHolds(student, batch);
  });

  it('20 parallel double clicks of the same form register it once', async () => {
    const { department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    const [electrician, office] = await Promise.all([item('电工'), item('办公软件应用(Office)')]);
    const token = await csrfToken(agent, '/student');
    const form = {
      _csrf: token,
      batchId: String(batch.id),
      grade: `${electrician.id}:4`,
      special: [String(office.id)],
      heldNone: 'on',
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => agent.post('/student/register').type('form').send(form)),
    );
    expect(responses.every((r) => r.status === 303)).to.equal(true);
    const rows = await assertRuleHolds(student, batch);
    expect(rows.map((r) => r.feeFen).sort()).to.deep.equal([20000, 32000]);
  });

  it('the schema itself refuses a third item, a second grade item and a duplicate', async () => {
    const { department } = await teacherAgent();
    const { student } = await studentAgent(department.id);
    const [electrician, car, office, python] = await Promise.all(
      ['电工', '汽车维修工', '办公软件应用(Office)', 'Python应用数据挖掘'].map(item),
    );
    const row = (catalogItemId: number, kind: 'grade' | 'special', activeSlot: number) => ({
      batchId: batch.id,
      studentId: student.id,
      departmentId: department.id,
      catalogItemId,
      kind,
      level: kind === 'grade' ? (4 as const) : null,
      attempt: 'initial' as const,
      feeFen: 1,
      status: 'active' as const,
      channel: 'self' as const,
      activeSlot,
      activeGrade: kind === 'grade' ? 1 : null,
      activeItem: 1,
      heldNone: null,
      createdBy: null,
    });
    await Registration.create(row(electrician.id, 'grade', 1));
    await Registration.create(row(office.id, 'special', 2));
    for (const [attempt, label] of [
      [row(python.id, 'special', 1), 'third item'],
      [row(car.id, 'grade', 3), 'second grade'],
      [row(office.id, 'special', 3), 'duplicate item'],
    ] as const) {
      try {
        await Registration.create(attempt);
        expect.fail(`${label} was accepted`);
      } catch (error) {
        expect(error, label).to.be.instanceOf(UniqueConstraintError);
      }
    }
  });
});
