// Print views in the browser (issue 6): Debian's Chromium renders the 个人申报表 and the 准考证 of a
// department with three candidates to A4 PDFs; each must have exactly one page per candidate,
// Chinese text, and no console errors (which includes CSP violations from inline script or style).
// Each PDF page is rasterised (pdftoppm) to check that the tables' borders lie inside the A4 margins,
// and a student's ticket must fit a 375 px phone (issue 12, items 7 and 13).
// The PDFs and screenshots land in test/e2e/artifacts/ (git-ignored) for a human to look at.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { h } from '../setup/hooks.js';
import { makeAccount, makeDepartment, makeStudent } from '../factories/index.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';
import { darkPixelsRightOf, rasterise, verticalLinesMm } from './pdf-raster.js';
import { archive, gradeRegistration, item, makeBatch, readyForTicket } from '../factories/batches.js';
import { jpeg } from '../factories/package-files.js';
import { assignExamNumbers } from '../../app/services/outputs/exam-tickets.js';
import { releaseTicketsNow } from '../../app/services/outputs/ticket-release.js';
import { systemActor } from '../../app/services/context.js';
import { HeldCertificate, Plan, PlanRow, Registration, Student } from '../../app/models/index.js';
import type { Batch, Department } from '../../app/models/index.js';

/** A4 is 210 mm wide; print.css's @page keeps 15 mm margins, so ink belongs between 15 and 195 mm. */
const PRINTABLE_MM = { left: 15, right: 195 };

/** Every page's tables reach the printable width's edges with their borders drawn, and no ink lies beyond (issue 12, item 13). */
function expectInsidePrintableWidth(pdf: Buffer, what: string) {
  rasterise(pdf).forEach((page, i) => {
    const lines = verticalLinesMm(page);
    expect(lines.length, `${what} page ${i + 1}: table borders found`).to.be.greaterThan(1);
    expect(lines[0], `${what} page ${i + 1}: the left border at the left margin`).to.be.within(
      PRINTABLE_MM.left - 0.3,
      PRINTABLE_MM.left + 1,
    );
    expect(lines.at(-1), `${what} page ${i + 1}: the right border drawn at the right margin, not cut off`).to.be.within(
      PRINTABLE_MM.right - 1,
      PRINTABLE_MM.right + 0.1,
    );
    expect(
      darkPixelsRightOf(page, PRINTABLE_MM.right + 0.3),
      `${what} page ${i + 1}: nothing beyond the right margin`,
    ).to.equal(0);
  });
}

const PHONE = { width: 375, height: 812 };

/**
 * On a phone the exam table must fit the screen: no sideways scrolling of the page, every 时间 and
 * 地点 inside the viewport (not scrolled away inside the table), and 等级 on one line, not one
 * character per line (issue 12, item 7). Cells are found by their column header, whatever the layout.
 */
async function expectFitsPhone(page: Page, table: string, what: string) {
  const layout = await page.evaluate((selector) => {
    const exams = document.querySelector(selector)!;
    const headers = Array.from(exams.querySelectorAll('thead th'), (th) => th.textContent!.trim());
    const column = (name: string) =>
      Array.from(exams.querySelectorAll('tbody tr'), (tr) => tr.children[headers.indexOf(name)] as HTMLElement);
    const box = (cell: HTMLElement) => {
      const r = cell.getBoundingClientRect();
      return { left: r.left, right: r.right, text: cell.innerText.trim() };
    };
    const lines = (cell: HTMLElement) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
    };
    return {
      scrollWidth: document.scrollingElement!.scrollWidth,
      cells: [...column('时间'), ...column('地点')].map(box),
      levels: column('等级').map(lines),
    };
  }, table);
  expect(layout.scrollWidth, `${what}: no sideways scrolling`).to.be.at.most(PHONE.width + 1);
  expect(layout.cells.length, `${what}: 时间 and 地点 of each ticket`).to.be.greaterThan(1);
  for (const cell of layout.cells) {
    expect(cell.text, what).to.not.equal('');
    expect([cell.left, cell.right], `${what}: 「${cell.text}」 within the screen`).to.satisfy(
      ([l, r]: number[]) => l >= 0 && r <= PHONE.width + 1,
    );
  }
  expect(layout.levels, `${what}: 等级 on one line`).to.satisfy(
    (counts: number[]) => counts.length > 0 && counts.every((n) => n === 1),
  );
}

/** Pages in a PDF: its page objects (/Type /Page, not the /Type /Pages tree nodes). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

describe('print views in the browser', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let base: string;
  let batch: Batch;
  let department: Department;
  let candidates: Student[];

  before(async () => {
    batch = await makeBatch();
    department = await makeDepartment(`电子工程学院${Date.now().toString(36)}`);
    candidates = [
      await makeStudent(department.id, { name: '张三', className: '电子2301' }),
      await makeStudent(department.id, { name: '李四', className: '电子2301' }),
      await makeStudent(department.id, { name: '欧阳晓峰', className: '电子2302' }),
    ];
    for (const s of candidates) await readyForTicket(batch, s, await gradeRegistration(batch, s));
    // 张三 also takes a special item (two numbers, still one page); 李四 holds a certificate and has a photo.
    const office = await item('办公软件应用(Office)');
    await readyForTicket(
      batch,
      candidates[0],
      await Registration.create({
        batchId: batch.id,
        studentId: candidates[0].id,
        departmentId: department.id,
        catalogItemId: office.id,
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
      }),
    );
    await HeldCertificate.create({
      studentId: candidates[1].id,
      type: 'operation',
      occupation: null,
      level: null,
      operationCode: 'low-voltage-electrician',
      number: 'T430105200101',
      createdBy: null,
    });
    const photo = `photos/${candidates[1].id}-e2e.jpg`;
    await h().app.ctx.storage.write(photo, jpeg({ width: 260, height: 350, seed: 11 }));
    await candidates[1].update({ photoPath: photo });
    const plan = await Plan.create({
      batchId: batch.id,
      departmentId: department.id,
      status: 'accepted',
      createdBy: null,
    });
    await PlanRow.create({
      planId: plan.id,
      catalogItemId: (await item('电工')).id,
      level: 4,
      headcount: 3,
      examOn: '2026-11-08',
      examTime: '08:30-10:00',
      place: '实训楼 3 楼 301 电工实训室',
      method: '理论机考+实操',
    });

    session = await startBrowserSession();
    base = session.base;
  });

  after(async () => {
    await archive(batch);
    await session?.stop();
  });

  async function signedIn(errors: string[], username: string, password: string, landing: string): Promise<Page> {
    const page = await openPage(session, errors);
    page.on('dialog', (d) => void d.accept()); // the 生成准考证号 button asks first
    await signInAndChange(page, base, username, password);
    await page.waitForURL(`${base}${landing}`);
    return page;
  }

  async function officePage(errors: string[]): Promise<Page> {
    const { user, password } = await makeAccount('office');
    return signedIn(errors, user.username, password, '/office');
  }

  /** Opens a print view, checks the screen toolbar, saves a screenshot and an A4 PDF; returns the PDF's page count. */
  async function render(page: Page, view: 'applications' | 'tickets'): Promise<number> {
    await page.goto(`${base}/office/print/${view}?batch=${batch.id}&department=${department.id}`);
    expect(await page.locator('#sheet-count').innerText()).to.equal('3');
    // The 「打印」 button is wired by /static/js/print.js (no inline script under the CSP).
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => {
        w.printed += 1;
      };
    });
    await page.click('button[data-print]');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).to.equal(1);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(artifacts, `print-${view}-screen.png`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-toolbar').isVisible(), 'the toolbar is not printed').to.equal(false);
    await page.screenshot({ path: path.join(artifacts, `print-${view}-print-media.png`), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: null });
    fs.writeFileSync(path.join(artifacts, `print-${view}.pdf`), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expectInsidePrintableWidth(pdf, view);
    return pdfPageCount(pdf);
  }

  it('office: numbers the batch, then prints 3 申报表 and 3 准考证 as A4 PDFs, one page per candidate', async () => {
    const errors: string[] = [];
    const page = await officePage(errors);
    await page.click('nav >> text=打印');
    await page.waitForURL(`${base}/office/print`);
    await page.goto(`${base}/office/print?batch=${batch.id}`);
    await page.click('#assign-numbers');
    await page.waitForSelector('.alert.ok');
    expect(await page.locator('.alert.ok').innerText()).to.match(/已为 \d+ 项报名生成准考证号|所有报名都已有准考证号/);
    expect(await page.locator('#print-departments').innerText()).to.include(department.name);
    await page.screenshot({ path: path.join(artifacts, 'print-office-index.png'), fullPage: true });

    expect(await render(page, 'applications'), '申报表: one page per candidate').to.equal(candidates.length);
    const application = await page.locator('article.sheet', { hasText: candidates[1].name }).innerText();
    expect(application)
      .to.include('湖南省职业技能等级认定个人申报表')
      .and.include('本人承诺')
      .and.include(candidates[1].idNumber);

    expect(await render(page, 'tickets'), '准考证: one page per candidate').to.equal(candidates.length);
    const ticket = await page.locator('article.sheet', { hasText: candidates[0].name }).innerText();
    expect(ticket)
      .to.include('准　考　证')
      .and.include('实训楼 3 楼 301 电工实训室')
      .and.include('办公软件应用(Office)')
      .and.include('另行通知');
    const photo = await page
      .locator(`article.sheet img[src="/students/${candidates[1].id}/photo"]`)
      .evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(photo, 'the uploaded photo is loaded').to.equal(260);
    expect(errors).to.deep.equal([]);
  });

  it('student: sees the numbered ticket, uploads a photo through the form, and prints one page', async () => {
    const errors: string[] = [];
    await assignExamNumbers(h().app.ctx, systemActor, batch.id); // idempotent: whichever test runs first numbers
    await releaseTicketsNow(h().app.ctx, systemActor, batch.id).catch(() => {}); // the student sees it from the release on
    const student = candidates[2];
    const page = await signedIn(errors, student.studentNo!, student.idNumber.slice(-6), '/student');
    await page.click('nav >> text=准考证');
    await page.waitForURL(`${base}/student/ticket`);
    expect(await page.locator('#my-tickets').innerText())
      .to.match(/2\d{10}/)
      .and.include('实训楼 3 楼 301 电工实训室');
    await page.setInputFiles('input[name=file]', {
      name: '证件照.jpg',
      mimeType: 'image/jpeg',
      buffer: jpeg({ width: 240, height: 320, seed: 5 }),
    });
    await page.click('#photo-form button[type=submit]');
    await page.waitForSelector('.alert.ok');
    expect(await page.locator('.alert.ok').innerText()).to.include('照片已保存');
    await page.waitForLoadState('load'); // the photo itself, not only the page text
    expect(await page.locator('img.ticket-photo').evaluate((img: HTMLImageElement) => img.naturalWidth)).to.equal(240);
    await page.screenshot({ path: path.join(artifacts, 'print-student-ticket.png'), fullPage: true });
    await page.goto(`${base}/student/ticket/print`);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(path.join(artifacts, 'print-student-ticket.pdf'), pdf);
    expect(pdfPageCount(pdf)).to.equal(1);
    expectInsidePrintableWidth(pdf, 'student ticket');
    expect(errors).to.deep.equal([]);
  });

  it('student on a 375 px phone: the ticket page and its print view show each exam as a card that fits the screen', async () => {
    const errors: string[] = [];
    await assignExamNumbers(h().app.ctx, systemActor, batch.id);
    await releaseTicketsNow(h().app.ctx, systemActor, batch.id).catch(() => {}); // already released when another test ran first
    const student = candidates[0]; // two exams: 电工 四级 and 办公软件应用(Office)
    const page = await openPage(session, errors, { viewport: PHONE, isMobile: true, hasTouch: true });
    await signInAndChange(page, base, student.studentNo!, student.idNumber.slice(-6));
    await page.waitForURL(`${base}/student`);
    await page.goto(`${base}/student/ticket`);
    await page.screenshot({ path: path.join(artifacts, 'ticket-phone.png'), fullPage: true });
    await expectFitsPhone(page, '#my-tickets', '我的准考证');
    await page.goto(`${base}/student/ticket/print`);
    await page.screenshot({ path: path.join(artifacts, 'ticket-print-phone.png'), fullPage: true });
    await expectFitsPhone(page, 'table.exams', '准考证 print view');
    expect(errors).to.deep.equal([]);
  });
});
