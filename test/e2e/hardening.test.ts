// Pages of the hardening issues, seen in the browser: the answer a student on a phone gets when
// every hashing thread is busy (a sign-in flood, issue 13) or every place of the server is taken
// (admission, issue 14), and the teacher's ZIP report when a crafted archive holds more problems
// than the page lists (the first 500, the rest as a CSV download).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp } from '../../app/app.js';
import type { Batch } from '../../app/models/index.js';
import { configurePasswordPool, decoyHash, verifyPassword } from '../../app/lib/passwords.js';
import { h, testConfig } from '../setup/hooks.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { makeAccount, makeDepartment, makeStudent, uid } from '../factories/index.js';
import { candidateEntries } from '../factories/package-files.js';
import { writeZip, type ZipEntryInput } from '../factories/zip-writer.js';
import { startSlowForm, until } from '../factories/slow-form.js';
import { artifacts, openPage, signInAndChange, startBrowserSession, type BrowserSession } from './browser.js';

describe('in the browser: hardening pages', function () {
  this.timeout(120_000);
  let session: BrowserSession;
  let batch: Batch;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-e2e-hard-'));

  before(async () => {
    batch = await makeBatch();
    session = await startBrowserSession();
  });
  after(async () => {
    await archive(batch);
    await session?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('student on a phone: a full hashing queue answers “登录的人太多” with a way back to the form', async () => {
    const department = await makeDepartment();
    const student = await makeStudent(department.id);
    configurePasswordPool({ threads: 1, queue: 1 });
    // Hashes kept coming until the page has answered: one running, one waiting, a third ready to
    // take any gap, so the queue is full whenever the student presses 登录, however slow the browser.
    let flooding = true;
    const keepBusy = async () => {
      while (flooding)
        await verifyPassword('x', decoyHash({ memoryKiB: 19_456, timeCost: 30 })).catch(
          () => new Promise((r) => setTimeout(r, 5)),
        );
    };
    const flood = [keepBusy(), keepBusy(), keepBusy()];
    try {
      const errors: string[] = [];
      const page = await openPage(session, errors, { viewport: { width: 375, height: 812 }, isMobile: true });
      await page.goto(`${session.base}/login`);
      await page.fill('input[name=username]', student.studentNo!);
      await page.fill('input[name=password]', student.idNumber.slice(-6));
      await page.click('button[type=submit]');
      await page.waitForSelector('text=登录的人太多，请稍后再试');
      await page.screenshot({ path: path.join(artifacts, 'hardening-busy-375.png'), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(375);
      flooding = false;
      await Promise.all(flood);
      await page.click('a:has-text("回到登录页")');
      await page.waitForURL(`${session.base}/login`);
      // Chromium logs every 4xx/5xx answer as a console error; the 503 is the point here.
      expect(errors.filter((e) => !e.includes('status of 503'))).to.deep.equal([]);
    } finally {
      flooding = false;
      await Promise.allSettled(flood);
      configurePasswordPool({ threads: h().config.passwordWorkers, queue: h().config.passwordQueue });
    }
  });

  it('student on a phone: with every place taken, the page says “现在访问的人太多” and re-opens by itself when one frees up', async () => {
    // An app of its own that works on one request at a time and lets nobody wait. A form whose
    // body is still on its way takes the one place (admission comes before the body is read), a
    // second request waits for it, and the student's page is the next one. A sign-in cannot be
    // the holder: it has a lane of its own.
    const config = testConfig(h().workDir, { REQUESTS_IN_FLIGHT: '1', REQUEST_QUEUE_MS: '0' });
    const busyApp = createApp({ config, sequelize: h().sequelize, log: () => {} });
    const server: Server = busyApp.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const errors: string[] = [];
      const page = await openPage(session, errors, { viewport: { width: 375, height: 812 }, isMobile: true });
      const holder = startSlowForm(`${base}/logout`);
      await until(() => busyApp.admission.gate.load.running === 1);
      const waiting = fetch(`${base}/login`);
      await until(() => busyApp.admission.gate.load.waiting === 1);

      const busy = await page.goto(`${base}/login`);
      expect(busy?.status()).to.equal(503);
      expect(await page.textContent('h1')).to.equal('请稍后再试');
      expect(await page.textContent('.lead')).to.match(/现在访问的人太多，请约 \d+ 秒后再试。页面会自动重新打开。/);
      await page.screenshot({ path: path.join(artifacts, 'hardening-admission-375.png'), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(375);

      expect(await holder.send(), 'the form that held the place is answered (no token: refused)').to.equal(403);
      expect((await waiting).status, 'the request that waited its turn').to.equal(200);
      // Nobody touches the page: its refresh brings the sign-in form once the place is free.
      await page.waitForSelector('input[name=username]', { timeout: 65_000 });
      expect(page.url()).to.equal(`${base}/login`);
      expect(errors.filter((e) => !e.includes('status of 503'))).to.deep.equal([]);
    } finally {
      busyApp.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('teacher: a crafted ZIP lists its first 500 problems, tags the odd entries, and offers the rest as CSV', async () => {
    const department = await makeDepartment();
    const good = await makeStudent(department.id);
    await gradeRegistration(batch, good);
    const { user, password } = await makeAccount('teacher', department.id);
    const entries: ZipEntryInput[] = [...(await candidateEntries(good.idNumber))];
    entries.push(
      { name: '.', data: Buffer.alloc(1024) },
      { name: `${'很长的文件名'.repeat(50)}.jpg`, data: Buffer.alloc(10) },
    );
    for (let i = 0; i < 600; i++) entries.push({ name: `扫描件备份-${i}.jpg`, data: Buffer.alloc(0) });
    const file = path.join(dir, `${uid()}.zip`);
    await writeZip(file, entries);

    const errors: string[] = [];
    const page = await openPage(session, errors, { viewport: { width: 1366, height: 900 } });
    await signInAndChange(page, session.base, user.username, password);
    await page.waitForURL(`${session.base}/teacher`);
    await page.goto(`${session.base}/teacher/packages?batch=${batch.id}`);
    await page.setInputFiles('input[type=file][name=file]', {
      name: '全院材料.zip',
      mimeType: 'application/zip',
      buffer: fs.readFileSync(file),
    });
    await page.click('form[data-progress] button[type=submit]');
    await page.waitForSelector('#report-more');
    const more = await page.textContent('#report-more');
    expect(more).to.include('共 602 个问题，下面只列出前 500 个');
    expect(await page.textContent('#report'))
      .to.include('文件名无效')
      .and.include('名字过长');
    await page.screenshot({ path: path.join(artifacts, 'hardening-zip-report-1366.png') });
    const download = page.waitForEvent('download');
    await page.click('#report-more a');
    const csv = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(csv.trim().split('\n')).to.have.length(603);
    expect(errors).to.deep.equal([]);
  });
});
