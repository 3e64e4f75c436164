// Browser test of the teacher's fee sheet (issue 12 item 16): a box per class ticks all of its
// unpaid items, 记录收费 is disabled until something is ticked, and the ticked items are recorded.
// The office then reads the log of it in Chinese and opens a mail in full.
import path from 'node:path';
import { expect } from 'chai';
import { FeeEntry, type Batch } from '../../app/models/index.js';
import { transaction } from '../../app/services/context.js';
import { enqueueMail } from '../../app/services/notifications/outbox.js';
import { archive, gradeRegistration, item, makeBatch, registerFor } from '../factories/batches.js';
import { makeAccount, makeDepartment, makeStudent, NEW_PASSWORD, uid } from '../factories/index.js';
import { h } from '../setup/hooks.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';

describe('in the browser: the fee sheet', function () {
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

  it('teacher ticks a whole class with one box, the button counts what is ticked; the office reads the log and a mail', async () => {
    const errors: string[] = [];
    const { base } = session;
    const department = await makeDepartment(`电子工程学院${uid()}`);
    const office = await item('办公软件应用(Office)');
    const first = [];
    for (let i = 0; i < 3; i++) {
      const student = await makeStudent(department.id, { className: '电子2301' });
      first.push(await gradeRegistration(batch, student));
    }
    first.push(await registerFor(batch, await makeStudent(department.id, { className: '电子2301' }), office, null));
    for (let i = 0; i < 2; i++)
      await gradeRegistration(batch, await makeStudent(department.id, { className: '电子2302' }));
    const teacher = await makeAccount('teacher', department.id);
    const page = await openPage(session, errors);
    await signInAndChange(page, base, teacher.user.username, teacher.password);
    await page.waitForURL(`${base}/teacher`);
    await page.goto(`${base}/teacher/fees?batch=${batch.id}`);

    const button = page.locator('#collect-button');
    expect(await button.isDisabled(), 'nothing ticked yet').to.equal(true);
    const classCard = (name: string) =>
      page.locator('#collect-form section.card', { has: page.locator(`h2:text-is("${name}")`) });
    const all2301 = classCard('电子2301').locator('input.select-all');
    expect(await page.locator('input.select-all:visible').count(), 'one box per class').to.equal(2);
    await all2301.check();
    expect(await classCard('电子2301').locator('tbody input[name=registrationIds]:checked').count()).to.equal(4);
    expect(await classCard('电子2302').locator('tbody input[name=registrationIds]:checked').count()).to.equal(0);
    expect(await button.isDisabled()).to.equal(false);
    expect(await page.locator('#collect-count').innerText()).to.equal('已勾选 4 项');

    await classCard('电子2301').locator('tbody input[name=registrationIds]').first().uncheck();
    expect(await all2301.evaluate((el) => (el as HTMLInputElement).indeterminate), 'part of the class ticked').to.equal(
      true,
    );
    expect(await page.locator('#collect-count').innerText()).to.equal('已勾选 3 项');
    await all2301.click(); // a part-ticked class box ticks the rest, as in any mail client
    expect(await page.locator('#collect-count').innerText()).to.equal('已勾选 4 项');
    await all2301.uncheck();
    expect(await button.isDisabled(), 'unticked again').to.equal(true);
    await all2301.check();
    await page.screenshot({ path: path.join(artifacts, 'teacher-fees-select-all.png'), fullPage: true });

    await button.click();
    await page.waitForSelector('.alert.ok');
    expect(await page.locator('.alert.ok').innerText()).to.include('已记录 4 项收费');
    expect(await FeeEntry.sum('amountFen', { where: { registrationId: first.map((r) => r.id) } })).to.equal(
      3 * 32000 + 20000,
    );
    expect(await page.locator('input.select-all:visible').count(), 'a paid class has nothing left to tick').to.equal(1);

    const phone = await openPage(session, errors, { viewport: { width: 375, height: 812 }, isMobile: true });
    await phone.goto(`${base}/login`);
    await phone.fill('input[name=username]', teacher.user.username);
    await phone.fill('input[name=password]', NEW_PASSWORD); // set on the desktop above
    await phone.click('button[type=submit]');
    await phone.waitForURL(`${base}/teacher`);
    await phone.goto(`${base}/teacher/fees?batch=${batch.id}`);
    await phone.locator('input.select-all:visible').first().check();
    await phone.screenshot({ path: path.join(artifacts, 'teacher-fees-select-all-phone.png'), fullPage: true });

    const clerk = await makeAccount('office');
    const desk = await openPage(session, errors);
    await signInAndChange(desk, base, clerk.user.username, clerk.password);
    await desk.waitForURL(`${base}/office`);
    await desk.goto(`${base}/office/audit?actor=${encodeURIComponent(teacher.user.username)}`);
    const log = await desk.locator('main table').innerText();
    expect(log)
      .to.include('登记缴费')
      .and.include('缴费记录')
      .and.not.include('fee.collected')
      .and.not.include('fee_entry');
    await desk.screenshot({ path: path.join(artifacts, 'office-audit-chinese.png'), fullPage: true });

    const mail = await transaction(h().app.ctx, (t) =>
      enqueueMail(h().app.ctx, t, {
        kind: 'plan-returned',
        to: ['wang@college.test'],
        values: {
          学院: department.name,
          原因: '考核地点写错了，请改为实训楼 301',
          截止时间: '2026-09-20 17:00',
          批次: batch.name,
        },
        link: '/teacher/plans',
      }),
    );
    await desk.goto(`${base}/office/mail`);
    await desk.click(`a[href="/office/mail/${mail!.id}"] >> nth=0`);
    await desk.waitForURL(`${base}/office/mail/${mail!.id}`);
    expect(await desk.locator('.mail-body').innerText()).to.include('退回原因：考核地点写错了，请改为实训楼 301');
    await desk.screenshot({ path: path.join(artifacts, 'office-mail-message.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });
});
