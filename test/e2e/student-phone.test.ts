// A student on a 375 px phone (issue 12 items 2 and 3): the registration form keeps the choices
// after a refusal and after 返回修改, and the progress card moves as materials are accepted, the
// fee is paid and the ticket is released. Screenshots in test/e2e/artifacts/.
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ExamTicket, Registration, type Batch } from '../../app/models/index.js';
import { assignExamNumbers } from '../../app/services/outputs/exam-tickets.js';
import { releaseTicketsNow } from '../../app/services/outputs/ticket-release.js';
import { systemActor } from '../../app/services/context.js';
import { archive, makeBatch, readyForTicket } from '../factories/batches.js';
import { makeStudent, NEW_PASSWORD, teacherAgent } from '../factories/index.js';
import { h } from '../setup/hooks.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true };

async function noSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'no sideways scrolling',
  ).to.equal(true);
}

describe('a student on a 375 px phone', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
    session = await startBrowserSession();
  });
  after(async () => {
    await archive(batch);
    await session?.stop();
  });

  it('first sign-in: sets the new password on the sign-in page and lands on 选择报考项目 (issue 14)', async () => {
    const errors: string[] = [];
    const { department } = await teacherAgent();
    const student = await makeStudent(department.id);
    const phone = await openPage(session, errors, PHONE);
    await phone.goto(`${session.base}/login?next=${encodeURIComponent('/student/register')}`);
    await phone.fill('input[name=username]', student.studentNo!);
    await phone.fill('input[name=password]', student.idNumber.slice(-6));
    await phone.click('summary:has-text("第一次登录")');
    await phone.fill('input[name=newPassword]', 'Season2026a'); // the browser itself refuses fewer than 8 characters
    await phone.fill('input[name=confirmPassword]', 'Season2026b');
    await phone.click('button[type=submit]');
    await phone.waitForSelector('.alert.error');
    expect(await phone.locator('.alert.error').innerText()).to.include('两次输入的新密码不一致');
    expect(await phone.locator('details.first-password').getAttribute('open')).to.not.equal(null); // still unfolded, beside the error
    await phone.fill('input[name=password]', student.idNumber.slice(-6));
    await phone.fill('input[name=newPassword]', NEW_PASSWORD);
    await phone.fill('input[name=confirmPassword]', NEW_PASSWORD);
    await phone.screenshot({ path: path.join(artifacts, 'phone-first-sign-in.png'), fullPage: true });
    await noSidewaysScroll(phone);
    await phone.click('button[type=submit]');
    await phone.waitForURL(`${session.base}/student/register`);
    expect(await phone.locator('h1').innerText()).to.include('选择报考项目');
    expect(
      errors.filter((e) => !e.includes('status of 422')),
      'only the refusal itself',
    ).to.deep.equal([]);
  });

  it('keeps the choices after a refusal and after 返回修改; then the card moves with the data', async () => {
    const errors: string[] = [];
    const { department } = await teacherAgent();
    const student = await makeStudent(department.id);
    const phone = await openPage(session, errors, PHONE);
    await signInAndChange(phone, session.base, student.studentNo!, student.idNumber.slice(-6));
    await phone.goto(`${session.base}/student/register`);

    const electrician = phone
      .locator('.choice-group', { hasText: '电工' })
      .first()
      .locator('label', { hasText: '四级' })
      .locator('input');
    const office = phone.locator('label.choice', { hasText: '办公软件应用(Office)' }).locator('input');
    await electrician.check();
    await office.check();
    await phone.click('text=下一步：核对费用'); // without the 已获证书 answer: refused
    await phone.waitForSelector('#held-field .field-error');
    expect(await electrician.isChecked()).to.equal(true);
    expect(await office.isChecked()).to.equal(true);
    await phone.locator('#held-field').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(artifacts, 'phone-register-refused-keeps-choices.png'), fullPage: true });
    await noSidewaysScroll(phone);

    await phone.check('input[name=heldNone]');
    await phone.click('text=下一步：核对费用');
    await phone.waitForSelector('#confirm-total');
    await phone.click('button:has-text("返回修改")');
    await phone.waitForURL(/\/student\/register\?/);
    expect([
      await electrician.isChecked(),
      await office.isChecked(),
      await phone.isChecked('input[name=heldNone]'),
    ]).to.deep.equal([true, true, true]);
    await phone.click('text=下一步：核对费用');
    await phone.click('button:has-text("确认报名")');
    await phone.waitForURL(`${session.base}/student`);
    const grade = phone.locator('section.registration', { hasText: '电工 四级' });
    expect(await grade.locator('[data-step="materials"]').innerText())
      .to.include('未提交')
      .and.include('下一步');
    await phone.screenshot({ path: path.join(artifacts, 'phone-progress-new.png'), fullPage: true });

    for (const r of await Registration.findAll({ where: { batchId: batch.id, studentId: student.id } }))
      await readyForTicket(batch, student, r);
    await assignExamNumbers(h().app.ctx, systemActor, batch.id);
    await releaseTicketsNow(h().app.ctx, systemActor, batch.id);
    const examNo = (await ExamTicket.findOne({
      where: {
        registrationId: (await Registration.findOne({
          where: { batchId: batch.id, studentId: student.id, kind: 'grade' },
        }))!.id,
      },
    }))!.examNo;
    await phone.reload();
    expect(await grade.locator('[data-step="materials"]').innerText()).to.include('已接收');
    expect(await grade.locator('[data-step="fees"]').innerText()).to.include('已缴 320 元');
    expect(await grade.locator('[data-step="ticket"]').innerText())
      .to.include(examNo)
      .and.include('查看准考证');
    expect(await phone.locator('a[href="/student/materials"]').count()).to.equal(0);
    expect(await phone.locator('main').innerText()).to.include('准考证已可以打印');
    await noSidewaysScroll(phone);
    await phone.screenshot({ path: path.join(artifacts, 'phone-progress-released.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });
});
