// Role guards and department scoping (issue 2): a teacher never reads or changes another
// department's data; a student never reaches teacher pages.
import { expect } from 'chai';
import { Student } from '../../app/models/index.js';
import {
  agent,
  csrfToken,
  makeStudent,
  officeAgent,
  studentAgent,
  studentRecord,
  teacherAgent,
} from '../factories/index.js';

describe('who may open what', () => {
  it('sends an anonymous visitor to the login page, keeping where they were going', async () => {
    const res = await agent().get('/office/departments');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/login?next=%2Foffice%2Fdepartments');
  });

  it('gives a teacher 403 on office pages and office actions', async () => {
    const { agent: teacher } = await teacherAgent();
    for (const url of ['/office', '/office/departments', '/office/batches/new', '/office/audit', '/office/catalog']) {
      const res = await teacher.get(url);
      expect(res.status, url).to.equal(403);
      expect(res.text).to.include('你的账号没有权限打开这个页面');
    }
    const token = await csrfToken(teacher, '/teacher/students');
    const post = await teacher.post('/office/departments').type('form').send({ _csrf: token, name: '越权学院' });
    expect(post.status).to.equal(403);
  });

  it("gives a teacher 403 on another department's student, for reading and for changing", async () => {
    const { agent: teacher } = await teacherAgent();
    const other = await teacherAgent();
    const theirs = await makeStudent(other.department.id);
    const read = await teacher.get(`/teacher/students/${theirs.id}/edit`);
    expect(read.status).to.equal(403);
    expect(read.text).to.include('这名学生不属于你的二级学院');
    expect(read.text).to.not.include(theirs.idNumber);

    const token = await csrfToken(teacher, '/teacher/students');
    const change = await teacher
      .post(`/teacher/students/${theirs.id}`)
      .type('form')
      .send({ _csrf: token, ...studentRecord({ name: '改名' }), active: 'on' });
    expect(change.status).to.equal(403);
    const reset = await teacher
      .post(`/teacher/students/${theirs.id}/reset-password`)
      .type('form')
      .send({ _csrf: token });
    expect(reset.status).to.equal(403);
    expect((await Student.findByPk(theirs.id))!.name).to.equal(theirs.name);
  });

  it("lists only the teacher's own department, with ID numbers masked", async () => {
    const { agent: teacher, department } = await teacherAgent();
    const mine = await makeStudent(department.id);
    const other = await teacherAgent();
    const theirs = await makeStudent(other.department.id);
    const res = await teacher.get('/teacher/students');
    expect(res.text).to.include(mine.studentNo).and.not.include(theirs.studentNo);
    expect(res.text).to.not.include(mine.idNumber);
    expect(res.text).to.include(mine.idNumber.slice(0, 4) + '**********' + mine.idNumber.slice(-4));
  });

  it('gives a student 403 on teacher and office pages', async () => {
    const { department } = await teacherAgent();
    const { agent: student } = await studentAgent(department.id);
    for (const url of ['/teacher/students', '/teacher/students/import', '/office']) {
      expect((await student.get(url)).status, url).to.equal(403);
    }
  });

  it('gives the office 403 on teacher pages (they belong to a department)', async () => {
    const { agent: office } = await officeAgent();
    expect((await office.get('/teacher/students')).status).to.equal(403);
  });

  it('answers 404 in Chinese for a page that does not exist', async () => {
    const { agent: office } = await officeAgent();
    const res = await office.get('/office/nothing-here');
    expect(res.status).to.equal(404);
    expect(res.text).to.include('页面不存在');
  });
});
