// Teachers register retakes and social candidates (报考工作须知 §二.1 "补考考生不需要登录系统报名，
// 到各院指定老师处报名"); the office sees every department with counts by item and level.
import { expect } from 'chai';
import { Registration, Student } from '../../app/models/index.js';
import { archive, item, makeBatch } from '../factories/batches.js';
import { idNumber, makeStudent, officeAgent, postForm, teacherAgent, type Agent } from '../factories/index.js';
import type { Batch } from '../../app/models/index.js';

function register(a: Agent, area: 'teacher' | 'office', batch: Batch, fields: Record<string, string>) {
  return postForm(a, `/${area}/registrations/new?batch=${batch.id}`, `/${area}/registrations`, {
    batchId: String(batch.id),
    candidateType: 'campus',
    ...fields,
  });
}

describe('teacher: retakes and social candidates', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });

  it("registers retakes at the notice's retake fees (seed 004 §三)", async () => {
    const { agent, department } = await teacherAgent();
    const electrician = await item('电工');
    const office = await item('办公软件应用(Office)');
    const cases: Array<[string, string, number]> = [
      [`${electrician.id}:4`, 'retake-theory', 6000],
      [`${electrician.id}:4`, 'retake-practical', 22600],
      [`${electrician.id}:4`, 'retake-both', 32000],
      [`${office.id}`, 'retake', 17600],
    ];
    for (const [value, attempt, fen] of cases) {
      const student = await makeStudent(department.id);
      const res = await register(agent, 'teacher', batch, {
        studentNo: student.studentNo!,
        item: value,
        attempt,
        heldNone: 'on',
      });
      expect(res.headers.location, attempt).to.equal(`/teacher/registrations?batch=${batch.id}`);
      const [row] = await Registration.findAll({ where: { studentId: student.id, batchId: batch.id } });
      expect([row.attempt, row.feeFen, row.channel], attempt).to.deep.equal([attempt, fen, 'teacher']);
    }
    const list = await agent.get(`/teacher/registrations?batch=${batch.id}&attempt=retake`);
    expect(list.text).to.include('电工 四级').and.include('理论补考').and.include('实操补考');
  });

  it('refuses a level-3 retake that has no price, telling the office to set it', async () => {
    const { agent, department } = await teacherAgent();
    const electrician = await item('电工');
    const student = await makeStudent(department.id);
    await register(agent, 'teacher', batch, {
      studentNo: student.studentNo!,
      item: `${electrician.id}:3`,
      attempt: 'retake-theory',
      heldNone: 'on',
    });
    expect((await agent.get(`/teacher/registrations/new?batch=${batch.id}`)).text).to.include(
      '「电工 三级」本批次还没有理论补考的收费标准',
    );
  });

  it('registers a social candidate, and refuses items that admit only campus students', async () => {
    const { agent, department } = await teacherAgent();
    const electrician = await item('电工');
    const debuggerItem = await item('电子设备调试工');
    const id = idNumber();
    const social = {
      candidateType: 'social',
      name: '赵师傅',
      idNumber: id,
      phone: '13911112222',
      employer: '长沙某电气公司',
      heldNone: 'on',
    };
    await register(agent, 'teacher', batch, { ...social, item: `${debuggerItem.id}:4`, attempt: 'initial' });
    expect((await agent.get(`/teacher/registrations/new?batch=${batch.id}`)).text).to.include(
      '「电子设备调试工」只面向校内考生',
    );
    await register(agent, 'teacher', batch, { ...social, item: `${electrician.id}:4`, attempt: 'initial' });
    const person = await Student.findOne({ where: { idNumber: id } });
    expect([person!.candidateType, person!.departmentId, person!.userId, person!.employer]).to.deep.equal([
      'social',
      department.id,
      null,
      '长沙某电气公司',
    ]);
    const [row] = await Registration.findAll({ where: { studentId: person!.id } });
    expect(row.feeFen).to.equal(32000);
    expect((await agent.get(`/teacher/registrations?batch=${batch.id}`)).text)
      .to.include('赵师傅')
      .and.include('社会人员');
  });

  it('names the candidate, not "你", when refusing a registration made on their behalf', async () => {
    const { agent, department } = await teacherAgent();
    const [electrician, mechanic] = [await item('电工'), await item('汽车维修工')];
    const student = await makeStudent(department.id);
    await register(agent, 'teacher', batch, {
      studentNo: student.studentNo!,
      item: `${electrician.id}:4`,
      attempt: 'initial',
      heldNone: 'on',
    });
    await register(agent, 'teacher', batch, {
      studentNo: student.studentNo!,
      item: `${mechanic.id}:4`,
      attempt: 'initial',
      heldNone: 'on',
    });
    const page = (await agent.get(`/teacher/registrations/new?batch=${batch.id}`)).text;
    expect(page)
      .to.include(`不能同时报两个等级认定类项目：${student.name}已报「电工 四级」，如需更换请先取消`)
      .and.not.include('你已报');
    const { agent: clerk } = await officeAgent();
    await register(clerk, 'office', batch, {
      studentNo: student.studentNo!,
      item: `${mechanic.id}:4`,
      attempt: 'initial',
      heldNone: 'on',
    });
    expect((await clerk.get(`/office/registrations/new?batch=${batch.id}`)).text)
      .to.include(`${student.name}已报「电工 四级」`)
      .and.not.include('你已报');
    expect(await Registration.count({ where: { studentId: student.id, batchId: batch.id } })).to.equal(1);
  });

  it("refuses another department's student without saying whose (issue 13), and changes nothing", async () => {
    const { agent } = await teacherAgent();
    const other = await teacherAgent();
    const theirs = await makeStudent(other.department.id);
    const office = await item('办公软件应用(Office)');
    const res = await register(agent, 'teacher', batch, {
      studentNo: theirs.studentNo!,
      item: `${office.id}`,
      attempt: 'retake',
    });
    expect(res.status).to.equal(303);
    expect((await agent.get(res.headers.location)).text)
      .to.include(`学号 ${theirs.studentNo} 已在系统中登记，不能在本院使用`)
      .and.not.include(other.department.name);
    expect(await Registration.count({ where: { studentId: theirs.id } })).to.equal(0);

    await register(other.agent, 'teacher', batch, {
      studentNo: theirs.studentNo!,
      item: `${office.id}`,
      attempt: 'retake',
    });
    const [row] = await Registration.findAll({ where: { studentId: theirs.id } });
    const cancel = await postForm(agent, '/teacher/registrations', `/teacher/registrations/${row.id}/cancel`, {});
    expect(cancel.status).to.equal(403);
    expect((await Registration.findByPk(row.id))!.status).to.equal('active');
    expect((await agent.get(`/teacher/registrations?batch=${batch.id}`)).text).to.not.include(theirs.name);
  });

  it("stops teachers at the department's deadline; the office can still correct", async () => {
    const closed = await makeBatch({ opensInHours: -47, closesInHours: -1 });
    try {
      const { agent, department } = await teacherAgent();
      const student = await makeStudent(department.id);
      const office = await item('办公软件应用(Office)');
      await register(agent, 'teacher', closed, {
        studentNo: student.studentNo!,
        item: `${office.id}`,
        attempt: 'retake',
      });
      expect((await agent.get(`/teacher/registrations/new?batch=${closed.id}`)).text)
        .to.include('本院报名已于')
        .and.include('截止');
      const { agent: clerk } = await officeAgent();
      await register(clerk, 'office', closed, {
        studentNo: student.studentNo!,
        item: `${office.id}`,
        attempt: 'retake',
      });
      const [row] = await Registration.findAll({ where: { studentId: student.id, batchId: closed.id } });
      expect(row.channel).to.equal('office');
    } finally {
      await archive(closed);
    }
  });
});

describe('office: registrations across departments', () => {
  it('filters by department, item, level and kind, with counts by item and level', async () => {
    const batch = await makeBatch();
    try {
      const electrician = await item('电工');
      const office = await item('办公软件应用(Office)');
      const a = await teacherAgent();
      const b = await teacherAgent();
      for (const [teacher, level] of [
        [a, 4],
        [a, 4],
        [a, 3],
        [b, 4],
      ] as const) {
        const student = await makeStudent(teacher.department.id);
        await register(teacher.agent, 'teacher', batch, {
          studentNo: student.studentNo!,
          item: `${electrician.id}:${level}`,
          attempt: 'initial',
          heldNone: 'on',
        });
        await register(teacher.agent, 'teacher', batch, {
          studentNo: student.studentNo!,
          item: `${office.id}`,
          attempt: 'initial',
        });
      }
      const { agent: clerk } = await officeAgent();
      const all = await clerk.get(`/office/registrations?batch=${batch.id}`);
      expect(all.text).to.include('<span id="registration-count">8</span>');
      expect(all.text).to.match(/电工 四级<\/span><span><strong>3<\/strong> 人 · 960.00 元/);
      expect(all.text).to.match(/电工 三级<\/span><span><strong>1<\/strong> 人 · 380.00 元/);
      expect(all.text).to.match(/办公软件应用\(Office\)<\/span><span><strong>4<\/strong> 人 · 800.00 元/);
      const onlyA = await clerk.get(
        `/office/registrations?batch=${batch.id}&departmentId=${a.department.id}&kind=grade`,
      );
      expect(onlyA.text).to.include('<span id="registration-count">3</span>');
      const level3 = await clerk.get(`/office/registrations?batch=${batch.id}&itemId=${electrician.id}&level=3`);
      expect(level3.text).to.include('<span id="registration-count">1</span>');
      const teacherView = await a.agent.get(`/teacher/registrations?batch=${batch.id}&departmentId=${b.department.id}`);
      expect(teacherView.text).to.include('<span id="registration-count">6</span>'); // a teacher's department comes from the session
    } finally {
      await archive(batch);
    }
  });
});
