// A teacher keeps the department's students by hand too (issue 2, teacher screens).
import { expect } from 'chai';
import { AuditLog, Student, User } from '../../app/models/index.js';
import { idNumber, makeStudent, postForm, signIn, studentRecord, teacherAgent } from '../factories/index.js';

describe('teacher: students by hand', () => {
  it('adds a student, refusing a bad ID number with the reason and keeping what was typed', async () => {
    const { agent, department } = await teacherAgent();
    const record = studentRecord();
    const bad = { ...record, idNumber: record.idNumber.slice(0, 17) + (record.idNumber.endsWith('1') ? '2' : '1') };
    await postForm(agent, '/teacher/students/new', '/teacher/students', { ...bad, email: '' });
    const form = await agent.get('/teacher/students/new');
    expect(form.text).to.include('身份证号校验位不对').and.include(`value="${record.name}"`);
    expect(await Student.count({ where: { studentNo: record.studentNo } })).to.equal(0);

    const ok = await postForm(agent, '/teacher/students/new', '/teacher/students', {
      ...record,
      email: 'x@example.cn',
    });
    expect(ok.headers.location).to.equal('/teacher/students');
    const saved = await Student.findOne({ where: { studentNo: record.studentNo } });
    expect(saved!.departmentId).to.equal(department.id);
    expect(saved!.email).to.equal('x@example.cn');
    expect(
      (await AuditLog.findOne({ where: { action: 'student.created', entityId: String(saved!.id) } }))!.summary,
    ).to.not.include(record.idNumber);
  });

  it('refuses an ID number that another student already has', async () => {
    const { agent } = await teacherAgent();
    const other = await teacherAgent();
    const theirs = await makeStudent(other.department.id);
    const record = studentRecord({ idNumber: theirs.idNumber });
    await postForm(agent, '/teacher/students/new', '/teacher/students', { ...record, email: '' });
    expect((await agent.get('/teacher/students/new')).text)
      .to.include('该身份证号已在系统中登记，不能在本院使用')
      .and.not.include(other.department.name);
  });

  it('finds students by part of 学号 or name, taking % literally', async () => {
    const { agent, department } = await teacherAgent();
    const a = await makeStudent(department.id, { name: '欧阳娜娜' });
    const b = await makeStudent(department.id, { name: '张三' });
    const byName = await agent.get(`/teacher/students?q=${encodeURIComponent('欧阳')}`);
    expect(byName.text).to.include(a.studentNo).and.not.include(b.studentNo);
    const wildcard = await agent.get(`/teacher/students?q=${encodeURIComponent('%')}`);
    expect(wildcard.text).to.include('共 0 人');
  });

  it('edits a student (the login follows the new 学号) and deactivates instead of deleting', async () => {
    const { agent, department } = await teacherAgent();
    const student = await makeStudent(department.id);
    const changed = { ...studentRecord({ idNumber: idNumber() }), className: '电子2399' };
    await postForm(agent, `/teacher/students/${student.id}/edit`, `/teacher/students/${student.id}`, {
      ...changed,
      email: '',
    });
    const saved = await Student.findByPk(student.id);
    expect(saved!.studentNo).to.equal(changed.studentNo);
    expect(saved!.active).to.equal(false); // the box was not ticked
    expect((await User.findByPk(saved!.userId!))!.username).to.equal(changed.studentNo.toLowerCase()); // user names are stored folded (issue 13)
    expect((await agent.get('/teacher/students')).text).to.not.include(changed.studentNo);
    expect((await agent.get('/teacher/students?all=1')).text).to.include(changed.studentNo);
  });

  it('puts a forgotten student password back to the initial one', async () => {
    const { agent, department } = await teacherAgent();
    const student = await makeStudent(department.id);
    await User.update(
      { passwordHash: 'scrypt$14$8$1$AAAA$BBBB', mustChangePassword: false },
      { where: { id: student.userId! } },
    );
    await postForm(agent, `/teacher/students/${student.id}/edit`, `/teacher/students/${student.id}/reset-password`, {});
    const back = await signIn(student.studentNo!, student.idNumber.slice(-6));
    expect((await back.get('/student')).headers.location).to.equal('/password');
  });
});
