// Layout in the browser (issue 12 item 14): the office menu stays on one line on a 1366 px laptop
// and stays usable on a 375 px phone; table rows whose last cell holds forms or buttons keep one
// bottom border across the row (指定老师, 评价计划). Screenshots land in test/e2e/artifacts/.
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Plan, User, type Batch } from '../../app/models/index.js';
import { archive, makeBatch } from '../factories/batches.js';
import { makeAccount, makeDepartment, uid } from '../factories/index.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';

/** Inputs whose placeholder is wider than the room inside them (the text would be cut off). */
async function cutPlaceholders(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (inputs) =>
    (inputs as HTMLInputElement[]).flatMap((input) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return context.measureText(input.placeholder).width > room ? [`${input.placeholder}: ${room}px`] : [];
    }),
  );
}

/** For each table row: the rows whose cells do not all reach the row's bottom edge. */
async function misalignedRows(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.flatMap((tr) => {
      const bottom = tr.getBoundingClientRect().bottom;
      const off = Array.from(tr.children).filter(
        (cell) => Math.abs(cell.getBoundingClientRect().bottom - bottom) > 0.5,
      );
      return off.length ? [`${(tr as HTMLElement).innerText.slice(0, 30)} (${off.length} cells)`] : [];
    }),
  );
}

describe('in the browser: layout', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let batch: Batch;
  let office: Page;
  const errors: string[] = [];

  before(async () => {
    batch = await makeBatch({ opensInHours: 48, closesInHours: 200 });
    session = await startBrowserSession();
    // A teacher row (e-mail form + action buttons) and a submitted plan (接收 + 退回 with a reason).
    const department = await makeDepartment(`机电工程学院${uid()}`);
    await makeAccount('teacher', department.id);
    await Plan.create({
      batchId: batch.id,
      departmentId: department.id,
      status: 'submitted',
      submittedAt: new Date(),
      contact: '王老师',
      contactPhone: '13800001111',
      createdBy: null,
    });
    const { user, password } = await makeAccount('office');
    await User.update({ displayName: '继续教育学院王老师' }, { where: { id: user.id } }); // a real name, not a short test one
    office = await openPage(session, errors, { viewport: { width: 1366, height: 768 } });
    await signInAndChange(office, session.base, user.username, password);
    await office.waitForURL(`${session.base}/office`);
  });
  after(async () => {
    await archive(batch);
    await session?.stop();
  });

  it('office menu: every link on one line at 1366 px', async () => {
    await office.goto(`${session.base}/office`);
    await office.screenshot({ path: path.join(artifacts, 'layout-office-menu-1366.png') });
    const ys = await office.$$eval('.nav a', (links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
    expect(ys.length).to.equal(13);
    expect(new Set(ys).size, `menu link tops: ${ys.join(',')}`).to.equal(1);
    expect(errors).to.deep.equal([]);
  });

  it('office menu on a 375 px phone: every link visible and tappable, no sideways scrolling', async () => {
    const phone = await openPage(session, errors, { viewport: { width: 375, height: 740 }, isMobile: true });
    const { user, password } = await makeAccount('office');
    await signInAndChange(phone, session.base, user.username, password);
    await phone.waitForURL(`${session.base}/office`);
    await phone.screenshot({ path: path.join(artifacts, 'layout-office-menu-375.png') });
    const boxes = await phone.$$eval('.nav a', (links) =>
      links.map((a) => a.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, height: r.height })),
    );
    for (const box of boxes) {
      expect(box.left).to.be.at.least(0);
      expect(box.right).to.be.at.most(375);
      expect(box.height).to.be.at.least(24); // a finger can hit it
    }
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
      'no sideways scrolling',
    ).to.equal(false);
    await phone.goto(`${session.base}/office/teachers`);
    await phone.screenshot({ path: path.join(artifacts, 'layout-office-teachers-375.png') });
    expect(errors).to.deep.equal([]);
  });

  it('指定老师 and 评价计划: the action cells keep the row border in line', async () => {
    await office.goto(`${session.base}/office/teachers`);
    await office.screenshot({ path: path.join(artifacts, 'layout-office-teachers-1366.png') });
    expect(await misalignedRows(office, 'main table')).to.deep.equal([]);
    await office.goto(`${session.base}/office/plans?batch=${batch.id}`);
    await office.screenshot({ path: path.join(artifacts, 'layout-office-plans-1366.png') });
    expect(await misalignedRows(office, '#plan-departments')).to.deep.equal([]);
    expect(await office.locator('#plan-departments input[name=reason]').count()).to.be.greaterThan(0);
    expect(await cutPlaceholders(office, '#plan-departments input[name=reason]'), '退回原因 shows whole').to.deep.equal(
      [],
    );
    expect(errors).to.deep.equal([]);
  });
});
