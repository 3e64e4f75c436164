// A teacher never learns which department another department's student belongs to, nor what kind
// of person holds a number that is not theirs (issue 13 item 8). Each path a teacher can type or
// import such a number through answers with the one neutral sentence; the office still sees it all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Student, type Batch, type Department } from '../../app/models/index.js';
import { archive, gradeRegistration, makeBatch, registerFor } from '../factories/batches.js';
import {
  csrfToken,
  idNumber,
  makeDepartment,
  makeStudent,
  officeAgent,
  postForm,
  studentRecord,
  teacherAgent,
  uid,
  type Agent,
} from '../factories/index.js';
import { candidateEntries } from '../factories/package-files.js';
import { HEADER as STUDENT_HEADER, writeXlsx } from '../factories/xlsx.js';
import { writeZip } from '../factories/zip-writer.js';

const NEUTRAL = '已在系统中登记，不能在本院使用；如该学生转入本院，请联系继续教育学院调整所属二级学院';
// What the old answers said: the other department by name, or what the person is.
const REVEALING = ['已登记在“', '不属于本院', '属于一名校内学生', '另一名学生名下'];

function expectNeutral(text: string, other: Department) {
  expect(text).to.include(NEUTRAL);
  expect(text, 'the other department is not named').to.not.include(other.name);
  for (const phrase of REVEALING) expect(text).to.not.include(phrase);
}

/** The refusal the flash shows at the top of the page (the form itself may name kinds of candidate). */
const flashError = (text: string) =>
  /<div class="alert error" role="alert">\s*<strong>([^<]*)<\/strong>/.exec(text)?.[1] ?? null;

function socialCandidate(departmentId: number) {
  return Student.create({
    candidateType: 'social',
    studentNo: null,
    className: null,
    userId: null,
    name: `社会${uid().slice(0, 3)}`,
    idNumber: idNumber(),
    phone: '13911112222',
    employer: '某公司',
    email: null,
    departmentId,
  });
}

async function uploadAndRead(agent: Agent, pageUrl: string, postUrl: string, file: string, name?: string) {
  const token = await csrfToken(agent, pageUrl);
  const posted = await agent
    .post(`${postUrl}${postUrl.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(token)}`)
    .attach('file', file, name);
  expect(posted.status).to.equal(303);
  return agent.get(posted.headers.location);
}

describe("another department's people, as a teacher hears of them (issue 13 item 8)", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-other-'));
  let batch: Batch;
  let other: Department;
  before(async () => {
    batch = await makeBatch();
    other = await makeDepartment(`乙学院${uid()}`);
  });
  after(async () => {
    await archive(batch);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('adding or editing a student: an ID number or 学号 held in another department', async () => {
    const { agent, department } = await teacherAgent();
    const theirs = await makeStudent(other.id);
    await postForm(agent, '/teacher/students/new', '/teacher/students', {
      ...studentRecord({ idNumber: theirs.idNumber }),
      email: '',
    });
    expectNeutral((await agent.get('/teacher/students/new')).text, other);
    await postForm(agent, '/teacher/students/new', '/teacher/students', {
      ...studentRecord({ studentNo: theirs.studentNo! }),
      email: '',
    });
    expectNeutral((await agent.get('/teacher/students/new')).text, other);

    const mine = await makeStudent(department.id);
    await postForm(agent, `/teacher/students/${mine.id}/edit`, `/teacher/students/${mine.id}`, {
      ...studentRecord({ studentNo: mine.studentNo!, idNumber: theirs.idNumber }),
      email: '',
      active: 'on',
    });
    expectNeutral((await agent.get(`/teacher/students/${mine.id}/edit`)).text, other);
    expect((await Student.findByPk(mine.id))!.idNumber).to.equal(mine.idNumber);
  });

  it('the student import: a row whose 学号 or ID number is held in another department', async () => {
    const { agent } = await teacherAgent();
    const theirs = await makeStudent(other.id);
    const file = await writeXlsx([
      STUDENT_HEADER,
      [theirs.studentNo, '某人', idNumber(), '电子2301', '13912345678', ''],
      [`23${uid()}`, '某人', theirs.idNumber, '电子2301', '13912345678', ''],
    ]);
    const report = await uploadAndRead(agent, '/teacher/students/import', '/teacher/students/import', file);
    expect(report.text.split(NEUTRAL).length - 1, 'both rows, the same sentence').to.equal(2);
    expectNeutral(report.text, other);
  });

  it('the registration import and the fee import: another department\'s student, while an unknown one is still "not found"', async () => {
    const { agent } = await teacherAgent();
    const theirs = await makeStudent(other.id);
    await gradeRegistration(batch, theirs);
    const registrations = await writeXlsx([
      ['学号', '身份证号', '姓名', '考级名称', '等级', '已获证书'],
      [theirs.studentNo, '', theirs.name, '电工', '四级', '无'],
      ['', theirs.idNumber, theirs.name, '电工', '四级', '无'],
      ['NOSUCH123', '', '无此人', '电工', '四级', '无'],
    ]);
    const imported = await uploadAndRead(
      agent,
      `/teacher/registrations/import?batch=${batch.id}`,
      `/teacher/registrations/import?batch=${batch.id}`,
      registrations,
    );
    expectNeutral(imported.text, other);
    expect(imported.text).to.include('找不到 学号 NOSUCH123');

    const fees = await writeXlsx(
      [
        ['学号', '身份证号', '姓名', '金额', '原因'],
        [theirs.studentNo, '', theirs.name, 320, ''],
      ],
      'payments.xlsx',
    );
    expectNeutral(
      (
        await uploadAndRead(
          agent,
          `/teacher/fees/import?batch=${batch.id}`,
          `/teacher/fees/import?batch=${batch.id}`,
          fees,
        )
      ).text,
      other,
    );
  });

  it("registering on a student's behalf by 学号, and a social candidate whose ID number is held elsewhere: one answer whoever holds it", async () => {
    const { agent } = await teacherAgent();
    const campus = await makeStudent(other.id);
    const social = await socialCandidate(other.id);
    const register = (fields: Record<string, string>) =>
      postForm(agent, `/teacher/registrations/new?batch=${batch.id}`, '/teacher/registrations', {
        batchId: String(batch.id),
        item: '',
        attempt: 'retake',
        ...fields,
      });

    await register({ candidateType: 'campus', studentNo: campus.studentNo! });
    const byNo = (await agent.get('/teacher/registrations/new')).text;
    expectNeutral(byNo, other);

    const asSocial = { candidateType: 'social', name: '赵师傅', phone: '13911112222', employer: '长沙某电气公司' };
    await register({ ...asSocial, idNumber: campus.idNumber });
    const heldByCampus = flashError((await agent.get('/teacher/registrations/new')).text);
    await register({ ...asSocial, idNumber: social.idNumber });
    const heldBySocial = flashError((await agent.get('/teacher/registrations/new')).text);
    expect(heldByCampus).to.include(NEUTRAL);
    expect(heldBySocial, 'a 校内学生 and a 社会人员 elsewhere answer alike').to.equal(heldByCampus);
    expectNeutral(heldByCampus!, other);
  });

  it("a ZIP holding another department's student's ID folder: told as not registered here, like any unknown number", async () => {
    const { agent } = await teacherAgent();
    const theirs = await makeStudent(other.id);
    await registerFor(batch, theirs, '电工', 4);
    const unknown = idNumber();
    const file = path.join(tmp, `${uid()}.zip`);
    await writeZip(file, [...(await candidateEntries(theirs.idNumber)), ...(await candidateEntries(unknown))]);
    const page = await uploadAndRead(
      agent,
      `/teacher/packages?batch=${batch.id}`,
      `/teacher/packages/upload?batch=${batch.id}`,
      file,
      '材料.zip',
    );
    expect(page.text)
      .to.include(`身份证号 ${theirs.idNumber} 在本批次没有本院的等级认定报名`)
      .and.include(`身份证号 ${unknown} 在本批次没有本院的等级认定报名`);
    expect(page.text).to.not.include(other.name);
    for (const phrase of REVEALING) expect(page.text).to.not.include(phrase);
  });

  it('the office is still told whose the number is', async () => {
    const { agent } = await officeAgent();
    const campus = await makeStudent(other.id);
    const social = await socialCandidate(other.id);
    const mine = await makeDepartment();
    const register = (idNo: string) =>
      postForm(agent, `/office/registrations/new?batch=${batch.id}`, '/office/registrations', {
        batchId: String(batch.id),
        item: '',
        attempt: 'retake',
        candidateType: 'social',
        name: '赵师傅',
        idNumber: idNo,
        phone: '13911112222',
        employer: '长沙某电气公司',
        departmentId: String(mine.id),
      });
    await register(campus.idNumber);
    expect(flashError((await agent.get('/office/registrations/new')).text)).to.include('属于一名校内学生');
    await register(social.idNumber);
    expect(flashError((await agent.get('/office/registrations/new')).text)).to.include(other.name);
  });
});
