// Browser test of the evaluation plan (issue 6): a teacher with the deadline tomorrow adds a row,
// saves the contact and submits; the office sees it in the 评价计划汇总表 beside the actual
// registrations, with the 7-working-day warning for a date too close, and accepts it.
import path from 'node:path';
import { expect } from 'chai';
import type { Batch } from '../../app/models/index.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { makeAccount, makeDepartment, makeStudent, uid } from '../factories/index.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('in the browser: evaluation plans', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let batch: Batch;

  before(async () => {
    batch = await makeBatch({ opensInHours: 48, closesInHours: 200 }); // plans due in 24 hours
    session = await startBrowserSession();
  });
  after(async () => {
    await archive(batch);
    await session?.stop();
  });

  it('teacher submits a plan the day before the deadline; the office sees planned beside registered and accepts', async () => {
    const errors: string[] = [];
    const { base } = session;
    const department = await makeDepartment(`电子工程学院${uid()}`);
    for (let i = 0; i < 2; i++) await gradeRegistration(batch, await makeStudent(department.id));
    const teacher = await makeAccount('teacher', department.id);
    const page = await openPage(session, errors);
    page.on('dialog', (d) => void d.accept());
    await signInAndChange(page, base, teacher.user.username, teacher.password);
    await page.waitForURL(`${base}/teacher`);
    await page.goto(`${base}/teacher/plans?batch=${batch.id}`);
    expect(await page.locator('#plan-deadline').innerText()).to.include('本院评价计划截止');

    await page.selectOption('select[name=item]', { label: '电工 四级' });
    await page.fill('input[name=headcount]', '30');
    await page.fill('input[name=examOn]', inDays(3)); // fewer than 7 working days from today
    await page.fill('input[name=examTime]', '09:00-11:00');
    await page.fill('input[name=place]', '实训楼 301');
    await page.selectOption('select[name=method]', '机考+实操');
    await page.click('button:has-text("添加到计划")');
    await page.waitForSelector('.alert.ok');
    await page.fill('input[name=contact]', '王老师');
    await page.fill('input[name=contactPhone]', '13800001111');
    await page.click('button:has-text("保存联系人")');
    await page.waitForSelector('.alert.ok');
    await page.screenshot({ path: path.join(artifacts, 'teacher-plan-filled.png'), fullPage: true });
    await page.click('button:has-text("提交评价计划")');
    await page.waitForSelector('.alert.ok >> text=已于');
    await page.screenshot({ path: path.join(artifacts, 'teacher-plan-submitted.png'), fullPage: true });

    const office = await makeAccount('office');
    const officePage = await openPage(session, errors);
    await signInAndChange(officePage, base, office.user.username, office.password);
    await officePage.waitForURL(`${base}/office`);
    await officePage.goto(`${base}/office/plans?batch=${batch.id}`);
    const summary = officePage.locator('#plan-summary tr', { hasText: department.name }).first();
    const text = await summary.innerText();
    expect(text).to.include('电工').and.include('30').and.include('2'); // planned 30, registered 2
    expect(text).to.match(/7 个工作日|工作日/);
    await officePage.screenshot({ path: path.join(artifacts, 'office-plan-summary.png'), fullPage: true });
    await officePage
      .locator('#plan-departments tr', { hasText: department.name })
      .locator('button:has-text("接收")')
      .click();
    await officePage.waitForSelector('.alert.ok');
    expect(await officePage.locator('#plan-departments tr', { hasText: department.name }).innerText()).to.include(
      '已接收',
    );
    expect(errors).to.deep.equal([]);
  });
});
