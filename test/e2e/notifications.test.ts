// Browser test of what needs doing now (issue 7): a teacher's 工作台 two days before the materials
// deadline, a student's phone showing the fee to pay and saving an e-mail address, and the
// office's 邮件通知 page with mail waiting because SMTP is not configured.
import path from 'node:path';
import { expect } from 'chai';
import { formatShortShanghai } from '../../app/domain/time.js';
import { Student, type Batch } from '../../app/models/index.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { makeAccount, makeDepartment, makeStudent, uid } from '../factories/index.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';

describe('in the browser: what needs doing now', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let batch: Batch;

  before(async () => {
    batch = await makeBatch({ opensInHours: -48, closesInHours: 24 }); // materials due in 2 days
    session = await startBrowserSession();
  });
  after(async () => {
    await archive(batch);
    await session?.stop();
  });

  it('teacher, student on a phone and office each see their own list, with deadlines and links', async () => {
    const errors: string[] = [];
    const { base } = session;
    const department = await makeDepartment(`信息工程学院${uid()}`);
    const students = [];
    for (let i = 0; i < 3; i++) {
      const student = await makeStudent(department.id);
      await gradeRegistration(batch, student);
      students.push(student);
    }
    const teacher = await makeAccount('teacher', department.id);
    const page = await openPage(session, errors);
    await signInAndChange(page, base, teacher.user.username, teacher.password);
    await page.waitForURL(`${base}/teacher`);
    const todos = await page.locator('.todos').first().innerText();
    expect(todos).to.include('还有 3 名等级认定考生未提交材料（未上传 3 人）');
    expect(todos).to.include(`材料提交截止 ${formatShortShanghai(batch.materialsDueAt)}`);
    expect(todos).to.include('还有 3 名考生未缴清费用，共 960 元');
    await page.screenshot({ path: path.join(artifacts, 'teacher-home-todos.png'), fullPage: true });
    await page.click('.todos a:has-text("未提交材料")');
    await page.waitForURL(`${base}/teacher/packages?batch=${batch.id}`);

    const phone = await openPage(session, errors, { viewport: { width: 390, height: 844 }, isMobile: true });
    const [student] = students;
    await signInAndChange(phone, base, student.studentNo!, student.idNumber.slice(-6));
    await phone.waitForURL(`${base}/student`);
    expect(await phone.locator('.todos').innerText()).to.include(
      `请在 ${formatShortShanghai(batch.feesDueAt)} 前缴费 320 元`,
    );
    await phone.fill('input[name=email]', `zhang${uid()}@student.test`);
    await phone.click('button:has-text("保存邮箱")');
    await phone.waitForSelector('.alert.ok');
    expect((await Student.findByPk(student.id))!.email).to.match(/@student\.test$/);
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
      'no sideways scrolling',
    ).to.equal(false);
    await phone.screenshot({ path: path.join(artifacts, 'student-home-todos-phone.png'), fullPage: true });

    const office = await makeAccount('office');
    const officePage = await openPage(session, errors);
    await signInAndChange(officePage, base, office.user.username, office.password);
    await officePage.waitForURL(`${base}/office`);
    await officePage.goto(`${base}/office/mail`);
    expect(await officePage.locator('main').innerText()).to.include('未配置邮件服务');
    await officePage.screenshot({ path: path.join(artifacts, 'office-mail.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });
});
