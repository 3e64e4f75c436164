// Browser test of the office's bundle page (issue 6): ask for a bundle, watch it queue, leave and
// come back (the job lives in the database, not the page), see the bar move to done without
// reloading by hand, download the file and check it with unzip; the roster link on the
// registrations page downloads an .xlsx too. Screenshots go to test/e2e/artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createJobRunner } from '../../app/jobs/index.js';
import type { Batch } from '../../app/models/index.js';
import { h } from '../setup/hooks.js';
import { archive, makeBatch, registerFor } from '../factories/batches.js';
import { makeAccount, makeDepartment, makeStudent } from '../factories/index.js';
import { storedPackage } from '../factories/packages.js';
import { unzipTest } from '../factories/zip-tools.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';

describe('in the browser: the provincial bundle', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let base: string;
  let batch: Batch;

  before(async () => {
    batch = await makeBatch();
    const department = await makeDepartment();
    for (let i = 0; i < 3; i++) {
      const s = await makeStudent(department.id);
      await registerFor(batch, s, '电工', 4);
      await storedPackage(batch, s, 'accepted', 30 + i);
    }
    await registerFor(batch, await makeStudent(department.id), '电工', 3);
    session = await startBrowserSession();
    base = session.base;
  });

  after(async () => {
    await archive(batch);
    await session?.stop();
  });

  async function officePage(errors: string[]): Promise<Page> {
    const page = await openPage(session, errors, { acceptDownloads: true });
    const { user, password } = await makeAccount('office');
    await signInAndChange(page, base, user.username, password);
    await page.waitForURL(`${base}/office`);
    return page;
  }

  it('office: asks for a bundle, sees it queued after a reload, watches it finish and downloads it', async () => {
    const errors: string[] = [];
    const page = await officePage(errors);
    await page.goto(`${base}/office/bundles?batch=${batch.id}`);
    expect(await page.locator('#accepted-count').innerText()).to.equal('3');
    expect(await page.locator('#missing').innerText()).to.include('未提交材料');
    await page.selectOption('select[name=encoding]', 'gbk');
    await page.click('main button:has-text("生成材料包")');
    await page.waitForSelector('.alert.ok');
    await page.reload(); // the job is in the database, not in the page
    const row = page.locator('#bundle-jobs tbody tr').first();
    expect(await row.getAttribute('data-status')).to.equal('queued');
    expect(await row.innerText()).to.include('GBK 兼容');
    await page.screenshot({ path: path.join(artifacts, 'office-bundle-queued.png'), fullPage: true });

    await createJobRunner(h().app.ctx, { log: () => {} }).runOnce();
    // public/js/jobs.js polls and reloads the page once the job is done.
    await page.waitForSelector('#bundle-jobs tbody tr[data-status="done"]', { timeout: 15_000 });
    await page.screenshot({ path: path.join(artifacts, 'office-bundle-done.png'), fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#bundle-jobs a:has-text("下载")'),
    ]);
    expect(download.suggestedFilename()).to.equal(`${batch.name}_省平台材料包_GBK兼容.zip`);
    const file = path.join(artifacts, 'bundle-gbk.zip');
    await download.saveAs(file);
    expect(unzipTest(file).ok).to.equal(true);
    fs.rmSync(file);
    expect(errors).to.deep.equal([]);
  });

  it('office: the registrations page offers the roster of what it shows as .xlsx', async () => {
    const errors: string[] = [];
    const page = await officePage(errors);
    await page.goto(`${base}/office/registrations?batch=${batch.id}&kind=grade`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#roster-link')]);
    expect(download.suggestedFilename()).to.equal(`${batch.name}报名花名册.xlsx`);
    const file = path.join(artifacts, 'roster.xlsx');
    await download.saveAs(file);
    expect(unzipTest(file).ok).to.equal(true); // an .xlsx is a ZIP
    fs.rmSync(file);
    await page.screenshot({ path: path.join(artifacts, 'office-registrations-roster-link.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });
});
