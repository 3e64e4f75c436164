// Browser smoke test (issue 2): Debian's Chromium driven by playwright-core against the real app
// on a loopback port. Office signs in, changes the initial password, creates a department and
// sees it listed; then every page each role can reach is opened and must render in Chinese with
// no console errors (which includes Content-Security-Policy violations). Screenshots land in
// test/e2e/artifacts/ (git-ignored) for a human to look at.
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { makeAccount, makeStudent, teacherAgent, uid } from '../factories/index.js';
import { artifacts, openPage, signInAndChange as signIn, startBrowserSession, type BrowserSession } from './browser.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { candidateEntries, jpeg, pdf } from '../factories/package-files.js';
import { zipBuffer } from '../factories/zip-writer.js';
import { Batch, Package } from '../../app/models/index.js';

describe('in the browser', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let browser: BrowserSession['browser'];
  let base: string;
  let batch: Batch;

  before(async () => {
    batch = await makeBatch();
    session = await startBrowserSession();
    ({ base, browser } = session);
  });

  after(async () => {
    await archive(batch);
    await session?.stop();
  });

  const newPage = (errors: string[]) => openPage(session, errors);
  const signInAndChange = (page: Page, username: string, password: string) => signIn(page, base, username, password);

  async function visitAll(page: Page, role: string, urls: string[]) {
    for (const url of urls) {
      const response = await page.goto(`${base}${url}`);
      expect(response!.status(), url).to.equal(200);
      expect(await page.locator('html').getAttribute('lang')).to.equal('zh-CN');
      expect(await page.locator('h1').first().innerText(), url).to.match(/[\u4e00-\u9fff]/);
      const css = await page.evaluate(() => getComputedStyle(document.querySelector('.topbar')!).backgroundColor);
      expect(css, `${url}: stylesheet applied`).to.equal('rgb(11, 92, 173)');
      await page.screenshot({
        path: path.join(artifacts, `${role}${url.replace(/[/?=&]+/g, '_')}.png`),
        fullPage: true,
      });
    }
  }

  it('office: signs in, sets a password, creates a department and sees it listed', async () => {
    const errors: string[] = [];
    const page = await newPage(errors);
    const { user, password } = await makeAccount('office');
    await signInAndChange(page, user.username, password);
    await page.waitForURL(`${base}/office`);
    expect(await page.locator('.alert.ok').innerText()).to.include('密码已修改');

    await page.click('nav >> text=二级学院');
    const name = `电子工程学院${uid()}`;
    await page.fill('input[name=name]', name);
    await page.click('main button[type=submit]');
    await page.waitForSelector(`#departments >> text=${name}`);
    expect(await page.locator('.alert.ok').innerText()).to.include(name);
    await page.screenshot({ path: path.join(artifacts, 'office-department-created.png'), fullPage: true });

    await page.goto(`${base}/office/batches/new`);
    const season = `${await page.inputValue('input[name=name]')}${uid()}`; // the suggested name may exist from an earlier run on this database
    await page.fill('input[name=name]', season);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${base}/office/batches`);
    // The next season's batch is the newest: archived, so the later tests' open batch stays the current one.
    await archive((await Batch.findOne({ where: { name: season } }))!);
    await visitAll(page, 'office', [
      '/office',
      '/office/batches',
      '/office/batches/new',
      '/office/catalog',
      '/office/catalog/new?kind=grade',
      '/office/departments',
      '/office/teachers',
      '/office/audit',
      '/office/registrations',
      '/office/registrations/new',
      `/office/batches/${batch.id}/edit`,
      '/office/packages',
      '/office/fees',
      '/office/plans',
      '/office/holidays',
      '/office/bundles',
      '/office/print',
      '/office/mail',
      '/office/mail/templates/package-returned',
      '/account',
      '/password',
    ]);
    expect(errors).to.deep.equal([]);
  });

  it('teacher and student: every page they can reach renders cleanly, on a phone too', async () => {
    const errors: string[] = [];
    const { department } = await teacherAgent();
    const { user, password } = await makeAccount('teacher', department.id);
    const student = await makeStudent(department.id);
    const teacherPage = await newPage(errors);
    await signInAndChange(teacherPage, user.username, password);
    await teacherPage.waitForURL(`${base}/teacher`);
    await visitAll(teacherPage, 'teacher', [
      '/teacher',
      '/account',
      '/teacher/fees',
      '/teacher/packages',
      '/teacher/plans',
      '/teacher/print',
      '/teacher/registrations',
      '/teacher/registrations/new',
      '/teacher/registrations/import',
      '/teacher/students',
      '/teacher/students/new',
      `/teacher/students/${student.id}/edit`,
      '/teacher/students/import',
    ]);

    const phone = await (
      await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true })
    ).newPage();
    phone.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${phone.url()}: ${m.text()}`);
    });
    await signInAndChange(phone, student.studentNo!, student.idNumber.slice(-6));
    await phone.waitForURL(`${base}/student`);
    expect(await phone.locator('main').innerText()).to.include(student.name);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow, 'no sideways scrolling on a phone').to.equal(false);
    await visitAll(phone, 'student-phone', [
      '/student',
      '/student/register',
      '/student/certificates',
      '/student/materials',
      '/student/ticket',
      '/password',
    ]);
    expect(errors).to.deep.equal([]);
  });

  it('student on a phone: registers 电工四级, is refused a second grade item, adds 办公软件应用 and sees 520', async () => {
    const errors: string[] = [];
    const { department } = await teacherAgent();
    const student = await makeStudent(department.id);
    const phone = await (
      await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true })
    ).newPage();
    phone.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${phone.url()}: ${m.text()}`);
    });
    await signInAndChange(phone, student.studentNo!, student.idNumber.slice(-6));
    await phone.waitForURL(`${base}/student`);

    // A second tab, opened before the first registration, still offers every grade item.
    const secondTab = await phone.context().newPage();
    await secondTab.goto(`${base}/student/register`);

    await phone.click('text=去报名');
    await phone.waitForURL(`${base}/student/register`);
    await phone.locator('.choice-group', { hasText: '电工' }).first().locator('label', { hasText: '四级' }).click();
    await phone.check('input[name=heldNone]');
    await phone.click('text=下一步：核对费用');
    await phone.waitForSelector('#confirm-total');
    expect(await phone.locator('#confirm-total').innerText()).to.equal('320.00 元');
    await phone.click('button:has-text("确认报名")');
    await phone.waitForURL(`${base}/student`);
    expect(await phone.locator('.alert.ok').innerText()).to.include('报名成功');

    await secondTab.locator('.choice-group', { hasText: '汽车维修工' }).locator('label', { hasText: '四级' }).click();
    await secondTab.check('input[name=heldNone]');
    await secondTab.click('text=下一步：核对费用');
    await secondTab.waitForSelector('.alert.error');
    expect(await secondTab.locator('.alert.error').innerText()).to.include(
      '不能同时报两个等级认定类项目：你已报「电工 四级」，如需更换请先取消',
    );
    await secondTab.screenshot({
      path: path.join(artifacts, 'student-phone-refused-second-grade.png'),
      fullPage: true,
    });
    expect(await secondTab.locator('main').innerText()).to.include('你已报等级认定「电工 四级」');

    await phone.click('text=再报一个项目');
    await phone.locator('label.choice', { hasText: '办公软件应用(Office)' }).click();
    await phone.click('text=下一步：核对费用');
    await phone.waitForSelector('#confirm-total');
    expect(await phone.locator('#confirm-total').innerText()).to.equal('200.00 元');
    await phone.click('button:has-text("确认报名")');
    await phone.waitForURL(`${base}/student`);
    expect(await phone.locator('#total-fee').innerText()).to.equal('520.00');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow, 'no sideways scrolling on a phone').to.equal(false);
    await phone.screenshot({ path: path.join(artifacts, 'student-phone-registered-520.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });

  it('student: the browser shrinks a 600KB photo to a JPEG under 200KB, and the server files it under the ID', async () => {
    const errors: string[] = [];
    const { department } = await teacherAgent();
    const student = await makeStudent(department.id);
    await gradeRegistration(batch, student);
    const page = await newPage(errors);
    await signInAndChange(page, student.studentNo!, student.idNumber.slice(-6));
    await page.goto(`${base}/student/materials`);
    const photo = jpeg({ width: 1600, height: 1200, quality: 95, noise: true, seed: 7 });
    expect(photo.length).to.be.greaterThan(204_800);
    await page.setInputFiles('input[name=idCard]', { name: '身份证.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForFunction(() =>
      (document.getElementById('shrink-status')?.textContent ?? '').includes('已自动压缩'),
    );
    await page.setInputFiles('input[name=education]', {
      name: '学籍报告.pdf',
      mimeType: 'application/pdf',
      buffer: await pdf(),
    });
    await page.click('main button[type=submit]');
    await page.waitForSelector('.alert.ok');
    expect(await page.locator('.alert.ok').first().innerText()).to.include('材料已保存');
    const stored = (await Package.findOne({ where: { batchId: batch.id, studentId: student.id, currentMarker: 1 } }))!;
    expect(stored.idCardBytes).to.be.lessThan(204_800);
    expect(stored.idCardPath.endsWith(`${student.idNumber}/证件复印件/${student.idNumber}.jpg`)).to.equal(true);
    await page.screenshot({ path: path.join(artifacts, 'student-materials-uploaded.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });

  it('teacher: uploads the department ZIP through the page (progress bar) and reads the report', async () => {
    const errors: string[] = [];
    const { department } = await teacherAgent();
    const { user, password } = await makeAccount('teacher', department.id);
    const student = await makeStudent(department.id);
    await gradeRegistration(batch, student);
    const page = await newPage(errors);
    await signInAndChange(page, user.username, password);
    await page.goto(`${base}/teacher/packages`);
    const zip = zipBuffer(
      await candidateEntries(student.idNumber, { wrapper: department.name, nameEncoding: 'gbk', directories: true }),
    );
    await page.setInputFiles('input[name=file]', {
      name: `${department.name}.zip`,
      mimeType: 'application/zip',
      buffer: zip,
    });
    await page.click('main button:has-text("上传并检查")');
    await page.waitForURL(/upload=\d+/);
    expect(await page.locator('.alert.ok').innerText()).to.include('检查完成：1 名考生的材料已保存');
    expect(await page.locator('#materials').innerText()).to.include('已上传，待初审');
    await page.screenshot({ path: path.join(artifacts, 'teacher-packages-uploaded.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });
});
