// 新建批次 in the browser on 2026-12-01 (issue 12 item 4), on a 1366 px laptop and a 375 px phone:
// the form offers 2027年上半年, a stale season is refused with the past deadlines listed until the
// office ticks the confirmation, and the batch list shows each batch's state and plan step.
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { noticeSchedule } from '../../app/domain/fees.js';
import { parseShanghai } from '../../app/domain/time.js';
import { suggestedTimeline } from '../../app/domain/timeline.js';
import { Batch } from '../../app/models/index.js';
import { createBatch } from '../../app/services/season/batches.js';
import { systemActor } from '../../app/services/context.js';
import { archive } from '../factories/batches.js';
import { makeAccount, uid } from '../factories/index.js';
import { h } from '../setup/hooks.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';

const TODAY = parseShanghai('2026-12-01 09:00')!;

describe('in the browser: 新建批次 on 2026-12-01', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let realNow: () => Date;
  const made: string[] = [];

  before(async () => {
    realNow = h().app.ctx.now;
    h().app.ctx.now = () => TODAY;
    session = await startBrowserSession();
    // A skipped plan step, to be seen on its card.
    const skipped = { ...suggestedTimeline(2027, 1), plansDueAt: TODAY };
    const name = `跳过计划${uid()}`;
    await createBatch(h().app.ctx, systemActor, {
      name,
      year: 2027,
      half: 1,
      timeline: skipped,
      fees: noticeSchedule(),
      plansSkipped: true,
    });
    made.push(name);
  });
  after(async () => {
    h().app.ctx.now = realNow;
    for (const name of made) {
      const batch = await Batch.findOne({ where: { name } });
      if (batch) await archive(batch); // a 2027 batch would become the current one for later tests
    }
    await session?.stop();
  });

  async function officePage(width: number): Promise<{ page: Page; errors: string[] }> {
    const errors: string[] = [];
    const page = await openPage(session, errors, {
      viewport: { width, height: width > 500 ? 900 : 780 },
      isMobile: width < 500,
    });
    const { user, password } = await makeAccount('office');
    await signInAndChange(page, session.base, user.username, password);
    await page.waitForURL(`${session.base}/office`);
    return { page, errors };
  }

  const noSidewaysScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  for (const width of [1366, 375]) {
    it(`${width} px: pre-fills 2027年上半年, refuses the past autumn until confirmed, lists each batch's state`, async () => {
      const { page, errors } = await officePage(width);
      const { base } = session;
      await page.goto(`${base}/office/batches/new`);
      expect(await page.inputValue('input[name=name]')).to.equal('2027年上半年');
      expect(await page.inputValue('input[name=registrationOpensAt]')).to.equal('2027-03-21T00:00');
      await page.screenshot({ path: path.join(artifacts, `batch-new-${width}.png`), fullPage: true });
      expect(await noSidewaysScroll(page), 'no sideways scrolling').to.equal(true);

      await page.goto(`${base}/office/batches/new?year=2026&half=2`); // the season that is over
      const name = `补录${uid()}`;
      made.push(name);
      await page.fill('input[name=name]', name);
      await page.click('main button[type=submit]');
      await page.waitForSelector('.alert.error');
      const warning = await page.locator('.alert.error').innerText();
      expect(warning)
        .to.include('“网上报名开始”、“网上报名截止”')
        .and.include('早于现在')
        .and.include('“考核时间” 2026-11-14 08:30 已过');
      expect(await page.inputValue('input[name=name]')).to.equal(name);
      await page.screenshot({ path: path.join(artifacts, `batch-past-refused-${width}.png`), fullPage: true });

      await page.check('input[name=confirmPast]');
      await page.click('main button[type=submit]');
      await page.waitForURL(`${base}/office/batches`);
      expect(await page.locator('.alert.ok').innerText()).to.include(`已新建批次“${name}”`);
      const card = page.locator('section.card', { hasText: name });
      expect(await card.locator('.batch-state').innerText()).to.equal('已结束');
      const skipped = page.locator('section.card', { hasText: made[0] });
      expect(await skipped.locator('.batch-state').innerText()).to.equal('筹备中');
      expect(await skipped.locator('.plan-step').innerText()).to.include('评价计划环节已跳过');
      await page.screenshot({ path: path.join(artifacts, `batch-list-${width}.png`) });
      await card.screenshot({ path: path.join(artifacts, `batch-card-ended-${width}.png`) });
      expect(await noSidewaysScroll(page), 'no sideways scrolling').to.equal(true);
      expect(errors).to.deep.equal([]);
    });
  }
});
