// Notifications end to end (issue 7): events store their mail in the outbox in the same
// transaction, a worker delivers it to a real SMTP server on loopback (down, then up: exactly one
// mail), reminders go only to departments with something outstanding, and the home pages say the
// same things the mails say.
import { expect } from 'chai';
import { Op } from 'sequelize';
import { formatShanghai, formatShortShanghai } from '../../app/domain/time.js';
import { issueDueReminders } from '../../app/jobs/reminders.js';
import { OutboxWorker } from '../../app/jobs/mail-outbox.js';
import { createMailer } from '../../app/lib/mailer.js';
import {
  CatalogItem,
  FeeEntry,
  FeeTransfer,
  OutboxMessage,
  Package,
  Plan,
  Registration,
  Reminder,
  User,
  type Batch,
  type Department,
} from '../../app/models/index.js';
import { transaction, type ServiceContext } from '../../app/services/context.js';
import { enqueueMail } from '../../app/services/notifications/outbox.js';
import { announceDueTickets, releaseTicketsNow } from '../../app/services/outputs/ticket-release.js';
import { cancelSelf, registerSelf } from '../../app/services/registration/self-registration.js';
import { archive, gradeRegistration, item, makeBatch, readyForTicket } from '../factories/batches.js';
import { csrfToken, makeStudent, officeAgent, postForm, studentAgent, teacherAgent, uid } from '../factories/index.js';
import { storedPackage } from '../factories/packages.js';
import { TestSmtp } from '../factories/smtp.js';
import { candidateEntries } from '../factories/package-files.js';
import { writeZip } from '../factories/zip-writer.js';
import { assignExamNumbers } from '../../app/services/outputs/exam-tickets.js';
import { confirmTransfer, recordTransfer } from '../../app/services/fees/fee-transfers.js';
import os from 'node:os';
import path from 'node:path';
import { h } from '../setup/hooks.js';

const MINUTE = 60_000;

function clockedCtx(): { ctx: ServiceContext; advance: (ms: number) => void } {
  let offset = 0;
  return {
    ctx: { ...h().app.ctx, now: () => new Date(Date.now() + offset) },
    advance: (ms) => {
      offset += ms;
    },
  };
}

async function teacherWithEmail(department?: Department) {
  const teacher = await teacherAgent(department?.id);
  const email = `t${uid()}@college.test`;
  await User.update({ email }, { where: { id: teacher.user.id } });
  return { ...teacher, email };
}

// Office mail goes to every office address on file, so match one address within the list.
const mailsTo = (address: string) =>
  OutboxMessage.findAll({ where: { recipients: { [Op.like]: `%${address}%` } }, order: [['id', 'ASC']] });

describe('notifications', function () {
  const batches: Batch[] = [];
  let smtp: TestSmtp;
  before(async () => {
    smtp = await TestSmtp.start();
  });
  after(async () => {
    await smtp.down();
    for (const batch of batches) await archive(batch);
  });

  it('with the SMTP server stopped, a returned package still produces exactly one mail once it comes back', async () => {
    const batch = await makeBatch();
    batches.push(batch);
    const teacher = await teacherWithEmail();
    const student = await makeStudent(teacher.department.id);
    await gradeRegistration(batch, student);
    const pkg = await storedPackage(batch, student, 'submitted');
    const clerk = await officeAgent();

    await smtp.down();
    const res = await postForm(
      clerk.agent,
      `/office/packages/${teacher.department.id}?batch=${batch.id}`,
      `/office/packages/${teacher.department.id}/items/${pkg.id}/return`,
      {
        batchId: String(batch.id),
        reason: '身份证复印件看不清，请重新扫描',
      },
    );
    expect(res.status).to.equal(303);
    const [stored] = await mailsTo(teacher.email);
    expect(stored.status).to.equal('queued');
    expect(stored.subject).to.equal(`【${batch.name}】${student.name}的材料被退回`);

    const { ctx, advance } = clockedCtx();
    const worker = new OutboxWorker(ctx, createMailer(smtp.config()), { log: () => {} });
    await worker.sendDue();
    await stored.reload();
    expect(stored.status).to.equal('queued');
    expect(stored.lastError).to.match(/连接邮件服务器失败/);

    await smtp.up();
    await worker.sendDue(); // not due yet: the retry waits a minute
    expect(smtp.to(teacher.email)).to.have.length(0);
    advance(MINUTE + 1000);
    await worker.sendDue();
    await worker.sendDue();
    const received = smtp.to(teacher.email);
    expect(received).to.have.length(1);
    expect(received[0].mail.subject).to.equal(stored.subject);
    expect(received[0].mail.text).to.include('退回原因：身份证复印件看不清，请重新扫描');
    expect(received[0].mail.text).to.include(`${h().config.publicUrl}/teacher/packages?batch=${batch.id}`);
    await stored.reload();
    expect(stored.status).to.equal('sent');
  });

  it('a refused action stores no mail: the outbox row lives and dies with the event', async () => {
    const batch = await makeBatch();
    batches.push(batch);
    const teacher = await teacherWithEmail();
    const clerk = await officeAgent();
    const res = await postForm(
      clerk.agent,
      `/office/packages/${teacher.department.id}?batch=${batch.id}`,
      `/office/packages/${teacher.department.id}/return`,
      {
        batchId: String(batch.id),
        reason: '缺材料',
      },
    ); // nothing was submitted, so the return is refused
    expect(res.status).to.equal(303);
    expect(await mailsTo(teacher.email)).to.have.length(0);
  });

  it('the office hears of a submitted plan; the teacher of its return, with the reason', async () => {
    const batch = await makeBatch({ opensInHours: 48, closesInHours: 200 });
    batches.push(batch);
    const teacher = await teacherWithEmail();
    const clerk = await officeAgent();
    const officeEmail = `office${uid()}@college.test`;
    const saved = await postForm(clerk.agent, '/account', '/account/email', { email: officeEmail });
    expect(saved.headers.location).to.equal('/account');
    const page = `/teacher/plans?batch=${batch.id}`;
    await postForm(teacher.agent, page, '/teacher/plans/rows', {
      batchId: String(batch.id),
      item: `${(await item('电工')).id}:4`,
      headcount: '30',
      examOn: '2030-11-09',
      examTime: '09:00-11:00',
      place: '实训楼 A301',
      method: '机考+实操',
    });
    await postForm(teacher.agent, page, '/teacher/plans/contact', {
      batchId: String(batch.id),
      contact: '王老师',
      contactPhone: '0731-84567890',
    });
    await postForm(teacher.agent, page, '/teacher/plans/submit', { batchId: String(batch.id) });
    const [submitted] = await mailsTo(officeEmail);
    expect(submitted.subject).to.equal(`【${batch.name}】${teacher.department.name}提交了评价计划`);
    expect(submitted.body).to.include('1 个项目，计划 30 人');

    const row = await Plan.findOne({ where: { batchId: batch.id, departmentId: teacher.department.id } });
    await postForm(clerk.agent, `/office/plans?batch=${batch.id}`, `/office/plans/${row!.id}/return`, {
      reason: '考核地点写错了',
    });
    const [returned] = await mailsTo(teacher.email);
    expect(returned.subject).to.equal(`【${batch.name}】本院评价计划被退回`);
    expect(returned.body).to.include('退回原因：考核地点写错了');
  });

  it('a student with an e-mail hears of a registration and a cancellation, with the items and the total', async () => {
    const batch = await makeBatch();
    batches.push(batch);
    const { department } = await teacherAgent();
    const { student } = await studentAgent(department.id);
    const email = `s${uid()}@student.test`;
    await student.update({ email });
    const actor = {
      userId: student.userId,
      name: student.name,
      role: 'student' as const,
      departmentId: department.id,
      ip: null,
    };
    const electric = await item('电工');
    const office = (await CatalogItem.findOne({ where: { kind: 'special' } }))!;
    await registerSelf(
      h().app.ctx,
      actor,
      batch.id,
      [
        { itemId: electric.id, level: 4, attempt: 'initial' },
        { itemId: office.id, level: null, attempt: 'initial' },
      ],
      true,
    );
    const [confirmed] = await mailsTo(email);
    expect(confirmed.subject).to.equal(`【${batch.name}】报名成功：电工 四级 320 元、${office.name} 200 元`);
    expect(confirmed.body).to.include('费用合计 520 元');

    const registrations = await Registration.findAll({ where: { batchId: batch.id, studentId: student.id } });
    await cancelSelf(h().app.ctx, actor, registrations.find((r) => r.catalogItemId === office.id)!.id);
    const cancelled = (await mailsTo(email))[1];
    expect(cancelled.subject).to.equal(`【${batch.name}】已取消报名：${office.name}`);
    expect(cancelled.body).to.include('・电工 四级 320 元');
    expect(cancelled.body).to.include('费用合计 320 元');
  });

  it('tells the teacher a package check finished, the office of a transfer, the teacher of its confirmation, the student of the ticket', async () => {
    const batch = await makeBatch();
    batches.push(batch);
    const teacher = await teacherWithEmail();
    const clerk = await officeAgent();
    const officeEmail = `office${uid()}@college.test`;
    await User.update({ email: officeEmail }, { where: { id: clerk.user.id } });
    const [good, bad] = [await makeStudent(teacher.department.id), await makeStudent(teacher.department.id)];
    for (const s of [good, bad]) await gradeRegistration(batch, s);
    await good.update({ email: `s${uid()}@student.test` });

    const zip = path.join(os.tmpdir(), `notify-${uid()}.zip`);
    await writeZip(zip, [
      ...(await candidateEntries(good.idNumber)),
      ...(await candidateEntries(bad.idNumber, { idCardBytes: 250_000 })),
    ]);
    const token = await csrfToken(teacher.agent, `/teacher/packages?batch=${batch.id}`);
    const uploaded = await teacher.agent
      .post(`/teacher/packages/upload?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
      .attach('file', zip, '信息学院材料.zip');
    expect(uploaded.status).to.equal(303);
    const [checked] = await mailsTo(teacher.email);
    expect(checked.subject).to.equal(`【${batch.name}】材料检查完成：1 人通过，1 人未通过`);
    expect(checked.body).to.include('“信息学院材料.zip”已检查完毕');
    expect(checked.body).to.match(new RegExp(`/teacher/packages\\?batch=${batch.id}&upload=\\d+`));

    const teacherActor = {
      userId: teacher.user.id,
      name: teacher.user.displayName,
      role: 'teacher' as const,
      departmentId: teacher.department.id,
      ip: null,
    };
    const officeActor = {
      userId: clerk.user.id,
      name: clerk.user.displayName,
      role: 'office' as const,
      departmentId: null,
      ip: null,
    };
    await recordTransfer(h().app.ctx, teacherActor, {
      batchId: batch.id,
      amountFen: 64000,
      transferredOn: '2026-10-11',
      voucherNo: 'ZZ20261011001',
      key: uid(),
      receipt: null,
    });
    const [recorded] = await mailsTo(officeEmail);
    expect(recorded.subject).to.equal(`【${batch.name}】${teacher.department.name}登记了转账 640 元`);
    const transfer = (await FeeTransfer.findOne({
      where: { batchId: batch.id, departmentId: teacher.department.id },
    }))!;
    const fees = (await clerk.agent.get(`/office/fees?batch=${batch.id}`)).text;
    expect(fees.slice(fees.indexOf('待确认的上交')))
      .to.include('ZZ20261011001')
      .and.include(`/office/fees/transfers/${transfer.id}/confirm`);
    await confirmTransfer(h().app.ctx, officeActor, transfer.id);
    const confirmed = (await mailsTo(teacher.email)).find((m) => m.kind === 'transfer-confirmed')!;
    expect(confirmed.body).to.include('2026-10-11 的转账 640 元（凭证号 ZZ20261011001）');

    for (const s of [good, bad]) {
      const registration = (await Registration.findOne({ where: { batchId: batch.id, studentId: s.id } }))!;
      await readyForTicket(batch, s, registration);
      await Package.update({ status: 'accepted' }, { where: { batchId: batch.id, studentId: s.id, currentMarker: 1 } });
    }
    await assignExamNumbers(h().app.ctx, officeActor, batch.id);
    expect(await mailsTo(good.email!)).to.have.length(0); // numbered before the release time: no mail yet
    await releaseTicketsNow(h().app.ctx, officeActor, batch.id);
    await releaseTicketsNow(h().app.ctx, officeActor, batch.id).catch(() => {}); // a second release announces nothing again
    await announceDueTickets(h().app.ctx, [batch]);
    expect(await mailsTo(good.email!)).to.have.length(1);
    const [ticket] = await mailsTo(good.email!);
    expect(ticket.subject).to.equal(`【${batch.name}】准考证已可以打印`);
    expect(ticket.body).to.match(/・电工 四级：准考证号 \d{11}/);
    expect(await mailsTo(bad.idNumber)).to.have.length(0); // no address on file: no mail
  });

  it('reminders go only to departments with something outstanding, once, and the home pages say the same', async () => {
    for (const earlier of batches) await archive(earlier); // the student's home shows the current batch
    // Materials are due in 2 days and fees in 3: both reminders are due now.
    const batch = await makeBatch({ opensInHours: -48, closesInHours: 24 });
    batches.push(batch);
    const behind = await teacherWithEmail();
    const done = await teacherWithEmail();
    const { student, agent: studentSession } = await studentAgent(behind.department.id);
    await gradeRegistration(batch, student);
    const doneStudent = await makeStudent(done.department.id);
    await gradeRegistration(batch, doneStudent);
    await storedPackage(batch, doneStudent, 'submitted');
    const doneRegistration = (await Registration.findOne({ where: { batchId: batch.id, studentId: doneStudent.id } }))!;
    await FeeEntry.create({
      batchId: batch.id,
      departmentId: done.department.id,
      registrationId: doneRegistration.id,
      amountFen: 32000,
      kind: 'collected',
      reason: null,
      reversesId: null,
      idempotencyKey: uid(),
      createdBy: null,
    });
    await FeeTransfer.create({
      batchId: batch.id,
      departmentId: done.department.id,
      amountFen: 32000,
      transferredOn: '2026-10-11',
      voucherNo: `V${uid()}`,
      receiptPath: null,
      reversesId: null,
      idempotencyKey: uid(),
      createdBy: null,
    });

    const { ctx } = clockedCtx();
    await Promise.all([issueDueReminders(ctx), issueDueReminders(ctx)]); // two processes at once
    await issueDueReminders(ctx);

    const sentToBehind = await mailsTo(behind.email);
    const reminders = sentToBehind.filter((m) => m.kind === 'deadline-reminder' && m.subject.includes(batch.name));
    expect(reminders.map((m) => m.subject).sort()).to.deep.equal(
      [
        `【${batch.name}】材料提交还剩 3 天截止（${formatShanghai(batch.materialsDueAt)}）`,
        `【${batch.name}】报名确认和缴费确认还剩 3 天截止（${formatShanghai(batch.feesDueAt)}）`,
      ].sort(),
    );
    expect(await Reminder.count({ where: { batchId: batch.id, departmentId: behind.department.id } })).to.equal(2);
    const materials = reminders.find((m) => m.subject.includes('材料提交'))!;
    expect(materials.body).to.include('・还有 1 名等级认定考生未提交材料（未上传 1 人）');
    const fees = reminders.find((m) => m.subject.includes('缴费'))!;
    expect(fees.body).to.include('・还有 1 名考生未缴清费用，共 320 元');

    expect(
      (await mailsTo(done.email)).filter((m) => m.kind === 'deadline-reminder' && m.subject.includes(batch.name)),
    ).to.have.length(0);
    expect(await Reminder.count({ where: { batchId: batch.id, departmentId: done.department.id } })).to.equal(0);

    const home = (await behind.agent.get('/teacher')).text;
    expect(home).to.include('还有 1 名等级认定考生未提交材料（未上传 1 人）');
    expect(home).to.include(`材料提交截止 ${formatShortShanghai(batch.materialsDueAt)}`);
    expect(home).to.include('还有 1 名考生未缴清费用，共 320 元');
    expect((await done.agent.get('/teacher')).text).to.include('截止前需要本院做的事都已完成');
    const studentHome = (await studentSession.get('/student')).text;
    expect(studentHome).to.include(`请在 ${formatShortShanghai(batch.feesDueAt)} 前缴费 320 元`);
    expect(studentHome).to.include(`请在 ${formatShortShanghai(batch.materialsDueAt)} 前提交材料`);
  });

  it('the office sees that mail is not configured, who has no address, and can reword a mail', async () => {
    const clerk = await officeAgent();
    const { department } = await teacherAgent();
    const page = (await clerk.agent.get('/office/mail')).text;
    expect(page).to.include('未配置邮件服务');
    expect(page).to.include(department.name);
    expect((await clerk.agent.get('/office')).text).to.include('未配置邮件服务');

    const refused = await postForm(
      clerk.agent,
      '/office/mail/templates/plan-returned',
      '/office/mail/templates/plan-returned',
      { subject: '计划退回 {{金额}}', body: '{{原因}}' },
    );
    const again = (await clerk.agent.get(refused.headers.location)).text;
    expect(again).to.include('模板里的 {{金额}} 不是这类邮件提供的内容');
    const saved = await postForm(
      clerk.agent,
      '/office/mail/templates/plan-returned',
      '/office/mail/templates/plan-returned',
      { subject: '请修改评价计划（{{学院}}）', body: '原因：{{原因}}\n{{链接}}' },
    );
    expect(saved.headers.location).to.equal('/office/mail');
    const message = await transaction(h().app.ctx, (t) =>
      enqueueMail(h().app.ctx, t, {
        kind: 'plan-returned',
        to: ['x@college.test'],
        values: { 学院: '机电学院', 原因: '地点错了', 批次: '2026' },
        link: '/teacher/plans',
      }),
    );
    expect(message!.subject).to.equal('请修改评价计划（机电学院）');
    expect(message!.body).to.equal(`原因：地点错了\n${h().config.publicUrl}/teacher/plans`);
    await postForm(
      clerk.agent,
      '/office/mail/templates/plan-returned',
      '/office/mail/templates/plan-returned/reset',
      {},
    );
  });

  it('the office opens a mail from the list and reads it whole; unknown ids are 404, teachers are kept out', async () => {
    const clerk = await officeAgent();
    const to = `read${uid()}@college.test`;
    const message = (await transaction(h().app.ctx, (t) =>
      enqueueMail(h().app.ctx, t, {
        kind: 'plan-returned',
        to: [to],
        values: { 学院: '机电学院', 原因: '考核地点写错了', 批次: '2026年下半年' },
        link: '/teacher/plans',
      }),
    ))!;
    expect((await clerk.agent.get('/office/mail')).text).to.include(`href="/office/mail/${message.id}"`);
    const page = await clerk.agent.get(`/office/mail/${message.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(to).and.include(message.subject).and.include('评价计划被退回').and.include('等待发送');
    expect(page.text).to.include('退回原因：考核地点写错了').and.include(`${h().config.publicUrl}/teacher/plans`);
    const missing = await clerk.agent.get('/office/mail/999999999');
    expect(missing.status).to.equal(404);
    expect(missing.text).to.include('找不到这封邮件');
    expect((await clerk.agent.get('/office/mail/abc')).status).to.equal(404);
    const { agent: teacher } = await teacherAgent();
    expect((await teacher.get(`/office/mail/${message.id}`)).status).to.equal(403);
  });

  it("the office sets a teacher's e-mail; a malformed one is refused with the rule", async () => {
    const clerk = await officeAgent();
    const { user } = await teacherAgent();
    const bad = await postForm(clerk.agent, '/office/teachers', `/office/teachers/${user.id}/email`, {
      email: 'wang@; drop',
    });
    expect((await clerk.agent.get(bad.headers.location)).text).to.include('不是有效的邮箱地址');
    await postForm(clerk.agent, '/office/teachers', `/office/teachers/${user.id}/email`, {
      email: 'Wang@College.TEST',
    });
    expect((await User.findByPk(user.id))!.email).to.equal('Wang@college.test');
  });
});
