// Uploads in the browser (issue 12, item 16): the student sees the photo they chose before sending
// it (准考证照片 and the ID card on 提交材料), and every upload — accepted, refused by a rule, refused
// because the page's CSRF token went stale, or failed on the server — ends on an address without
// the _csrf token that upload forms carry in their action's query string.
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { idNumber, makeAccount, makeStudent, teacherAgent, uid } from '../factories/index.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { jpeg, png } from '../factories/package-files.js';
import { HEADER, writeXlsx } from '../factories/xlsx.js';
import type { Batch } from '../../app/models/index.js';

describe('in the browser: uploads', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let base: string;
  let batch: Batch;

  before(async () => {
    batch = await makeBatch();
    session = await startBrowserSession();
    base = session.base;
  });

  after(async () => {
    await archive(batch);
    await session?.stop();
  });

  async function studentPage(errors: string[]): Promise<Page> {
    const { department } = await teacherAgent();
    const student = await makeStudent(department.id);
    await gradeRegistration(batch, student);
    const page = await openPage(session, errors, { viewport: { width: 375, height: 812 }, isMobile: true });
    await signInAndChange(page, base, student.studentNo!, student.idNumber.slice(-6));
    await page.waitForURL(`${base}/student`);
    return page;
  }

  /** The preview image's natural width once it has loaded (0 while hidden or broken). */
  const previewWidth = (page: Page, selector: string) =>
    page
      .waitForFunction((s) => {
        const img = document.querySelector<HTMLImageElement>(s);
        return img && !img.hidden && img.complete && img.naturalWidth > 0 ? img.naturalWidth : 0;
      }, selector)
      .then((h) => h.jsonValue());

  it('student: sees the chosen 准考证 photo and ID card before uploading them, and the stored photo after', async () => {
    const errors: string[] = [];
    const page = await studentPage(errors);
    await page.goto(`${base}/student/ticket`);
    expect(await page.locator('#photo-preview').isVisible(), 'no preview before a file is chosen').to.equal(false);
    await page.setInputFiles('input[name=file]', {
      name: '证件照.jpg',
      mimeType: 'image/jpeg',
      buffer: jpeg({ width: 240, height: 320, seed: 3 }),
    });
    expect(await previewWidth(page, '#photo-preview')).to.equal(240);
    await page.screenshot({ path: path.join(artifacts, 'student-photo-preview-phone.png'), fullPage: true });
    await page.click('#photo-form button[type=submit]');
    await page.waitForSelector('.alert.ok');
    await page.waitForLoadState('load');
    expect(
      await page.locator('img.ticket-photo').evaluate((img: HTMLImageElement) => img.naturalWidth),
      'the stored photo is shown',
    ).to.equal(240);
    expect(await page.locator('#photo-preview').isVisible(), 'the stored photo replaces the preview').to.equal(false);

    await page.goto(`${base}/student/materials`);
    // Too big for 200KB: the preview shows what will be sent, the shrunk JPEG.
    await page.setInputFiles('input[name=idCard]', {
      name: '身份证.jpg',
      mimeType: 'image/jpeg',
      buffer: jpeg({ width: 1600, height: 1200, quality: 95, noise: true, seed: 9 }),
    });
    await page.waitForFunction(() =>
      (document.getElementById('shrink-status')?.textContent ?? '').includes('已自动压缩'),
    );
    expect(await previewWidth(page, '#id-card-preview')).to.be.greaterThan(0);
    const shown = await page
      .locator('#id-card-preview')
      .evaluate((img: HTMLImageElement) => img.getBoundingClientRect().right);
    expect(shown, 'the preview fits the phone').to.be.at.most(375);
    await page.screenshot({ path: path.join(artifacts, 'student-id-card-preview-phone.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });

  it('student: a photo refused by a rule, or from a page whose token went stale, ends on the clean form address', async () => {
    const errors: string[] = [];
    const page = await studentPage(errors);
    await page.goto(`${base}/student/ticket`);
    await page.setInputFiles('input[name=file]', { name: '证件照.jpg', mimeType: 'image/jpeg', buffer: png(200, 260) });
    await page.click('#photo-form button[type=submit]');
    await page.waitForSelector('.alert.error');
    expect(page.url()).to.equal(`${base}/student/ticket`);

    // As after signing in again in another tab: the token in this page's form action is no longer valid.
    await page.locator('#photo-form').evaluate((form: HTMLFormElement) => {
      form.action = form.action.replace(/_csrf=[^&]*/, '_csrf=stale');
    });
    await page.setInputFiles('input[name=file]', {
      name: '证件照.jpg',
      mimeType: 'image/jpeg',
      buffer: jpeg({ width: 240, height: 320 }),
    });
    await page.click('#photo-form button[type=submit]');
    await page.waitForSelector('.alert.error');
    expect(page.url(), 'no _csrf left in the address bar').to.equal(`${base}/student/ticket`);
    expect(await page.locator('.alert.error').innerText()).to.include('页面已过期');
    // The page it came back to carries a fresh token: the same upload now goes through.
    await page.setInputFiles('input[name=file]', {
      name: '证件照.jpg',
      mimeType: 'image/jpeg',
      buffer: jpeg({ width: 240, height: 320 }),
    });
    await page.click('#photo-form button[type=submit]');
    await page.waitForSelector('.alert.ok');
    expect(page.url()).to.equal(`${base}/student/ticket`);
    expect(errors).to.deep.equal([]);
  });

  it('teacher: a student import shows its report at a clean address; a failed ZIP upload says so and stays on the page', async () => {
    const errors: string[] = [];
    const { department } = await teacherAgent();
    const { user, password } = await makeAccount('teacher', department.id);
    const page = await openPage(session, errors);
    await signInAndChange(page, base, user.username, password);
    await page.waitForURL(`${base}/teacher`);

    await page.goto(`${base}/teacher/students/import`);
    await page.setInputFiles(
      'input[name=file]',
      await writeXlsx([HEADER, [`23${uid()}`, '王五', idNumber(), '电子2301', '13912345678', '']]),
    );
    await page.click('main button[type=submit]');
    await page.waitForSelector('text=检查结果');
    expect(page.url(), 'no _csrf left in the address bar').to.match(/\/teacher\/students\/import\?check=[0-9a-f]+$/);
    await page.reload();
    expect(await page.locator('main').innerText(), 'a reload shows the report again').to.include('检查结果');
    await page.screenshot({ path: path.join(artifacts, 'teacher-student-import-report.png'), fullPage: true });

    await page.goto(`${base}/teacher/packages?batch=${batch.id}`);
    await page.route('**/teacher/packages/upload**', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: '系统出错了，操作没有完成。' }),
      }),
    );
    await page.setInputFiles('input[name=file]', {
      name: `${department.name}.zip`,
      mimeType: 'application/zip',
      buffer: Buffer.from('PK'),
    });
    await page.click('main button:has-text("上传并检查")');
    await page.waitForFunction(() =>
      (document.getElementById('upload-status')?.textContent ?? '').includes('系统出错了'),
    );
    expect(page.url(), 'stays on the page, not on the upload address with its token').to.equal(
      `${base}/teacher/packages?batch=${batch.id}`,
    );
    expect(await page.locator('main button:has-text("上传并检查")').isEnabled(), 'the teacher can try again').to.equal(
      true,
    );
    expect(errors.filter((e) => !e.includes('status of 500'))).to.deep.equal([]);
  });
});
