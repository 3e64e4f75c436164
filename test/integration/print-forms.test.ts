// Print views over HTTP (issue 6): the office numbers the batch's registrations once (idempotent,
// unique, continuing the series), prints 个人申报表 and 准考证 per department; a teacher prints only
// their own department; a student sees their own ticket and uploads an optional JPEG photo that
// only they, their department and the office can fetch.
import fs from 'node:fs';
import { expect } from 'chai';
import { photoMessages } from '../../app/domain/admission-ticket.js';
import { parseExamNumber } from '../../app/domain/exam-number.js';
import {
  AuditLog,
  ExamTicket,
  HeldCertificate,
  Plan,
  PlanRow,
  Registration,
  Student,
  type Batch,
  type Department,
} from '../../app/models/index.js';
import { assignExamNumbers } from '../../app/services/outputs/exam-tickets.js';
import { systemActor } from '../../app/services/context.js';
import { messages as printMessages } from '../../app/services/outputs/print-forms.js';
import { h } from '../setup/hooks.js';
import {
  archive,
  item,
  makeBatch,
  readyForTicket,
  readyGradeRegistration as gradeRegistration,
} from '../factories/batches.js';
import {
  csrfToken,
  idNumber,
  makeDepartment,
  makeStudent,
  officeAgent,
  postForm,
  studentAgent,
  teacherAgent,
  type Agent,
} from '../factories/index.js';
import { jpeg, jpegNear, png } from '../factories/package-files.js';

async function specialRegistration(batch: Batch, student: Student, name = '办公软件应用(Office)') {
  const special = await item(name);
  const registration = await Registration.create({
    batchId: batch.id,
    studentId: student.id,
    departmentId: student.departmentId,
    catalogItemId: special.id,
    kind: 'special',
    level: null,
    attempt: 'initial',
    feeFen: 20000,
    status: 'active',
    channel: 'teacher',
    activeSlot: 2,
    activeGrade: null,
    activeItem: 1,
    heldNone: null,
    createdBy: null,
  });
  return readyForTicket(batch, student, registration);
}

async function cancel(registration: Registration) {
  await registration.update({
    status: 'cancelled',
    activeSlot: null,
    activeGrade: null,
    activeItem: null,
    cancelledAt: new Date(),
  });
}

async function acceptedPlan(
  batch: Batch,
  department: Department,
  rows: Array<Partial<PlanRow> & { catalogItemId: number }>,
  status: Plan['status'] = 'accepted',
) {
  const plan = await Plan.create({ batchId: batch.id, departmentId: department.id, status, createdBy: null });
  for (const row of rows)
    await PlanRow.create({
      planId: plan.id,
      level: 4,
      headcount: 30,
      examOn: '2026-11-08',
      examTime: '09:00-11:00',
      place: '实训楼 301',
      method: '理论机考',
      ...row,
    });
}

const ticketsOf = async (registrations: Registration[]) =>
  Promise.all(registrations.map((r) => ExamTicket.findOne({ where: { registrationId: r.id } })));

const number = (office: Agent, batch: Batch) =>
  postForm(office, `/office/print?batch=${batch.id}`, '/office/print/numbers', { batchId: String(batch.id) });

/** The HTML of the sheet (one printed page) that mentions `text`. */
function sheetWith(html: string, text: string): string {
  const sheet = html.split('<article class="sheet').find((part) => part.includes(text));
  if (!sheet) throw new Error(`no sheet mentions ${text}`);
  return sheet;
}
const sheetCount = (html: string) => html.split('<article class="sheet').length - 1;

describe('print views: 个人申报表 and 准考证', () => {
  let batch: Batch;
  beforeEach(async () => {
    batch = await makeBatch();
  });
  afterEach(async () => {
    await archive(batch);
  });

  it('numbers every active registration once: unique, in class order, idempotent, continuing for newcomers', async () => {
    const { agent: office } = await officeAgent();
    const department = await makeDepartment();
    const stamp = Date.now().toString(36);
    const b = await makeStudent(department.id, { studentNo: `P${stamp}2`, className: '电子2301' });
    const a = await makeStudent(department.id, { studentNo: `P${stamp}1`, className: '电子2301' });
    const c = await makeStudent(department.id, { className: '电子2302' });
    const grades = [
      await gradeRegistration(batch, a),
      await gradeRegistration(batch, b),
      await gradeRegistration(batch, c),
    ];
    const special = await specialRegistration(batch, a);
    const dropped = await specialRegistration(batch, b);
    await cancel(dropped);

    const page = await office.get(`/office/print?batch=${batch.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(department.name).and.include('生成准考证号');
    expect(page.text).to.match(/已编号 <strong>0<\/strong> 项，未编号 <strong class="error-text">4<\/strong> 项/);

    const res = await number(office, batch);
    expect(res.status).to.equal(303);
    expect((await office.get(res.headers.location)).text).to.include('已为 4 项报名生成准考证号');
    const first = await ticketsOf([...grades, special]);
    expect(first.every((t) => t !== null)).to.equal(true);
    expect(await ExamTicket.count({ where: { registrationId: dropped.id } })).to.equal(0); // cancelled: no number
    const numbers = first.map((t) => t!.examNo);
    expect(new Set(numbers).size).to.equal(4);
    const electrician = await item('电工');
    for (const no of numbers.slice(0, 3))
      expect(parseExamNumber(no)).to.include({ year: 2026, half: 2, itemId: electrician.id, level: 4 });
    expect(parseExamNumber(numbers[3])).to.include({ level: null });
    // Same class in 学号 order, then the next class: consecutive sequences a, b, c.
    const [sa, sb, sc] = first.slice(0, 3).map((t) => t!.sequence);
    expect([sb - sa, sc - sb]).to.deep.equal([1, 1]);

    const again = await number(office, batch);
    expect((await office.get(again.headers.location)).text).to.include('这次没有可以编号的报名');
    const second = await ticketsOf([...grades, special]);
    expect(second.map((t) => [t!.id, t!.examNo])).to.deep.equal(first.map((t) => [t!.id, t!.examNo]));
    expect(await AuditLog.count({ where: { action: 'exam-ticket.numbered', entityId: String(batch.id) } })).to.equal(1); // nothing new, nothing logged

    // A newcomer continues the series; cancelling keeps the number on record but off the tickets.
    const late = await makeStudent(department.id, { className: '电子2301' });
    const lateRegistration = await gradeRegistration(batch, late);
    await cancel(grades[2]);
    await number(office, batch);
    const lateTicket = (await ExamTicket.findOne({ where: { registrationId: lateRegistration.id } }))!;
    expect(lateTicket.sequence).to.equal(sc + 1);
    expect((await ExamTicket.findOne({ where: { registrationId: grades[2].id } }))!.examNo).to.equal(numbers[2]);
    const tickets = await office.get(`/office/print/tickets?batch=${batch.id}&department=${department.id}`);
    expect(tickets.status).to.equal(200);
    expect(tickets.text).to.include(lateTicket.examNo).and.include(numbers[0]).and.not.include(numbers[2]);
    expect(sheetCount(tickets.text)).to.equal(3); // a (two items on one page), b, late
    expect(sheetWith(tickets.text, a.name)).to.include(numbers[0]).and.include(numbers[3]);
  });

  it('two offices numbering the same batch at once give every registration exactly one number', async () => {
    const department = await makeDepartment();
    const registrations = [];
    for (let i = 0; i < 6; i++) registrations.push(await gradeRegistration(batch, await makeStudent(department.id)));
    const results = await Promise.all([1, 2, 3].map(() => assignExamNumbers(h().app.ctx, systemActor, batch.id)));
    expect(results.map((r) => r.created).sort()).to.deep.equal([0, 0, 6]);
    const tickets = await ExamTicket.findAll({ where: { batchId: batch.id } });
    expect(tickets.length).to.equal(6);
    expect(new Set(tickets.map((t) => t.registrationId))).to.deep.equal(new Set(registrations.map((r) => r.id)));
    const sequences = tickets.map((t) => t.sequence).sort((x, y) => x - y);
    expect(sequences[5] - sequences[0]).to.equal(5); // one unbroken run
  });

  it("takes date, time and place from the department's accepted plan, else the exam day and 另行通知", async () => {
    const { agent: office } = await officeAgent();
    const [planned, unplanned] = [await makeDepartment(), await makeDepartment()];
    const electrician = await item('电工');
    await acceptedPlan(batch, planned, [
      { catalogItemId: electrician.id, place: '实训楼 301 电工实训室' },
      { catalogItemId: electrician.id, place: '第二考场' },
    ]);
    await acceptedPlan(batch, unplanned, [{ catalogItemId: electrician.id, place: '未通过的计划' }], 'submitted');
    const [p, u] = [await makeStudent(planned.id), await makeStudent(unplanned.id)];
    await gradeRegistration(batch, p);
    await gradeRegistration(batch, u);
    await number(office, batch);

    const all = (await office.get(`/office/print/tickets?batch=${batch.id}`)).text; // no department: every one
    expect(sheetCount(all)).to.be.at.least(2);
    expect(sheetWith(all, p.name))
      .to.include('实训楼 301 电工实训室')
      .and.include('2026-11-08')
      .and.include('09:00-11:00')
      .and.not.include('第二考场');
    const examDay = new Date(batch.examAt.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    expect(sheetWith(all, u.name)).to.include('另行通知').and.include(examDay).and.not.include('未通过的计划');
    expect(sheetWith(all, u.name)).to.include(u.idNumber); // the full ID number on the printed ticket
  });

  it('a teacher prints only their own department and is refused another one', async () => {
    const { agent: teacher, department } = await teacherAgent();
    const other = await makeDepartment();
    const [own, foreign] = [await makeStudent(department.id), await makeStudent(other.id)];
    await gradeRegistration(batch, own);
    await gradeRegistration(batch, foreign);
    const { agent: office } = await officeAgent();
    await number(office, batch);

    const index = await teacher.get(`/teacher/print?batch=${batch.id}`);
    expect(index.status).to.equal(200);
    expect(index.text).to.include(department.name).and.not.include(other.name).and.not.include('生成准考证号');
    for (const view of ['applications', 'tickets']) {
      const mine = await teacher.get(`/teacher/print/${view}?batch=${batch.id}`);
      expect(mine.status, view).to.equal(200);
      expect(mine.text).to.include(own.name).and.not.include(foreign.name);
      expect(sheetCount(mine.text)).to.equal(1);
      const explicit = await teacher.get(`/teacher/print/${view}?batch=${batch.id}&department=${department.id}`);
      expect(explicit.status).to.equal(200);
      const refused = await teacher.get(`/teacher/print/${view}?batch=${batch.id}&department=${other.id}`);
      expect(refused.status, view).to.equal(403);
      expect(refused.text).to.include(printMessages.otherDepartment).and.not.include(foreign.name);
    }
    expect(
      (
        await teacher
          .post('/office/print/numbers')
          .type('form')
          .send({ _csrf: await csrfToken(teacher, `/teacher/print?batch=${batch.id}`), batchId: String(batch.id) })
      ).status,
    ).to.equal(403);
    expect(
      (await (await studentAgent(department.id)).agent.get(`/teacher/print/tickets?batch=${batch.id}`)).status,
    ).to.equal(403);
  });

  it('the 个人申报表 shows the full ID, gender and birth date, the held certificates, or 无, and the commitment', async () => {
    const { agent: office } = await officeAgent();
    const department = await makeDepartment();
    const born = (male: boolean) => {
      for (;;) {
        const id = idNumber({ birth: '20030615' });
        if (Number(id[16]) % 2 === (male ? 1 : 0)) return id;
      }
    };
    const none = await makeStudent(department.id, { idNumber: born(true) });
    const holder = await makeStudent(department.id, { idNumber: born(false) });
    const specialOnly = await makeStudent(department.id);
    await gradeRegistration(batch, none);
    await gradeRegistration(batch, holder);
    await specialRegistration(batch, specialOnly);
    await HeldCertificate.create({
      studentId: holder.id,
      type: 'skill',
      occupation: '电子设备调试工',
      level: 5,
      operationCode: null,
      number: 'S2023-HELD-0001',
      createdBy: null,
    });
    await HeldCertificate.create({
      studentId: holder.id,
      type: 'operation',
      occupation: null,
      level: null,
      operationCode: 'low-voltage-electrician',
      number: 'T4301-OP-77',
      createdBy: null,
    });
    await HeldCertificate.create({
      studentId: holder.id,
      type: 'skill',
      occupation: '汽车维修工',
      level: 4,
      operationCode: null,
      number: 'WITHDRAWN-9',
      withdrawn: true,
      createdBy: null,
    });

    const res = await office.get(`/office/print/applications?batch=${batch.id}&department=${department.id}`);
    expect(res.status).to.equal(200);
    expect(res.text)
      .to.include('湖南省职业技能等级认定个人申报表')
      .and.include('/static/css/print.css')
      .and.not.include('class="topbar"');
    expect(sheetCount(res.text)).to.equal(2); // special candidates have no 申报表
    expect(res.text).to.not.include(specialOnly.name);

    const noneSheet = sheetWith(res.text, none.name);
    expect(noneSheet)
      .to.include(none.idNumber)
      .and.include('2003-06-15')
      .and.match(/性\u3000别<\/th><td class="center">男</);
    expect(noneSheet)
      .to.include('电工')
      .and.include('四级/中级工')
      .and.include('初次评价')
      .and.include('电子2301')
      .and.include(none.phone);
    expect(noneSheet).to.match(/class="center held-none">无</);
    expect(noneSheet).to.include(printMessages.commitment).and.include('本人签名');

    const holderSheet = sheetWith(res.text, holder.name);
    expect(holderSheet).to.include('电子设备调试工').and.include('S2023-HELD-0001').and.include('五级/初级工');
    expect(holderSheet).to.include('低压电工作业特种作业操作证').and.include('T4301-OP-77').and.include('视同五级');
    expect(holderSheet).to.not.include('WITHDRAWN-9').and.not.include('held-none');
    expect(holderSheet)
      .to.include(holder.idNumber)
      .and.match(/性\u3000别<\/th><td class="center">女</);

    const unknown = await office.get(`/office/print/applications?batch=${batch.id}&department=99999999`);
    expect(unknown.status).to.equal(404);
  });

  it('a student sees their own ticket once numbered, and a printable copy with the full ID number', async () => {
    const department = await makeDepartment();
    const { agent, student } = await studentAgent(department.id);
    const classmate = await makeStudent(department.id);
    await gradeRegistration(batch, student);
    await gradeRegistration(batch, classmate);

    const before = await agent.get('/student/ticket');
    expect(before.status).to.equal(200);
    expect(before.text).to.include('准考证尚未发放');

    const { agent: office } = await officeAgent();
    await number(office, batch);
    expect((await agent.get('/student/ticket')).text).to.include('准考证尚未发放'); // numbered, not yet released
    expect((await agent.get('/student/ticket/print')).text).not.to.include('<article class="sheet');
    await postForm(office, `/office/print?batch=${batch.id}`, '/office/print/release', { batchId: String(batch.id) });
    const mine = (await ExamTicket.findOne({
      where: {
        registrationId: (await Registration.findOne({ where: { batchId: batch.id, studentId: student.id } }))!.id,
      },
    }))!;
    const theirs = (await ExamTicket.findOne({
      where: {
        registrationId: (await Registration.findOne({ where: { batchId: batch.id, studentId: classmate.id } }))!.id,
      },
    }))!;
    const after = await agent.get('/student/ticket');
    expect(after.text).to.include(mine.examNo).and.include('另行通知').and.not.include(theirs.examNo);
    expect(after.text).to.not.include(student.idNumber); // the screen page does not need the full number
    const printable = await agent.get('/student/ticket/print');
    expect(printable.status).to.equal(200);
    expect(sheetCount(printable.text)).to.equal(1);
    expect(printable.text).to.include(mine.examNo).and.include(student.idNumber).and.not.include(classmate.name);
    expect(printable.text).to.include('>照片<'); // no photo uploaded: an empty box to paste one
  });

  it('photo: refuses a PNG named .jpg and a 300KB JPEG, accepts a small JPEG, serves it only to who may see it', async () => {
    const { agent: teacher, department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    await gradeRegistration(batch, student);
    const send = async (data: Buffer, name: string) => {
      const token = await csrfToken(agent, '/student/ticket');
      const res = await agent
        .post(`/student/ticket/photo?_csrf=${encodeURIComponent(token)}`)
        .attach('file', data, name);
      expect(res.status).to.equal(303);
      return (await agent.get(res.headers.location)).text;
    };

    expect(await send(png(200, 260), '证件照.jpg')).to.include(photoMessages.notJpeg);
    const big = jpegNear(300 * 1024);
    expect(await send(big, 'photo.jpg'))
      .to.include(photoMessages.tooLarge(big.length))
      .and.include('300KB');
    expect((await Student.findByPk(student.id))!.photoPath).to.equal(null);

    const photo = jpeg({ width: 260, height: 350 });
    expect(photo.length).to.be.lessThan(204_800);
    expect(await send(photo, 'IMG_0001.JPG')).to.include('照片已保存');
    const stored = (await Student.findByPk(student.id))!.photoPath!;
    expect(stored).to.match(new RegExp(`^photos/${student.id}-[0-9a-f]+\\.jpg$`));
    expect(fs.readFileSync(h().app.ctx.storage.resolve(stored)).equals(photo)).to.equal(true);
    expect(
      await AuditLog.count({ where: { action: 'student.photo-uploaded', entityId: String(student.id) } }),
    ).to.equal(1);

    const url = `/students/${student.id}/photo`;
    const own = await agent.get(url);
    expect([own.status, own.headers['content-type']]).to.deep.equal([200, 'image/jpeg']);
    expect((await teacher.get(url)).status).to.equal(200);
    expect((await (await officeAgent()).agent.get(url)).status).to.equal(200);
    expect((await (await teacherAgent()).agent.get(url)).status).to.equal(403);
    expect((await (await studentAgent(department.id)).agent.get(url)).status).to.equal(403);
    expect((await agent.get(`/static/../uploads/${stored}`)).status).to.equal(404);

    const { agent: office } = await officeAgent();
    await number(office, batch);
    await postForm(office, `/office/print?batch=${batch.id}`, '/office/print/release', { batchId: String(batch.id) });
    expect((await agent.get('/student/ticket/print')).text).to.include(`<img src="${url}"`);
    expect((await teacher.get(`/teacher/print/applications?batch=${batch.id}`)).text).to.include(`<img src="${url}"`);
  });
});
