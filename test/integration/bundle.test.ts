// The provincial bundle (issue 6) end to end: the office asks for it over HTTP, the job runner
// builds it, the page follows it, the office downloads it, and unzip, 7-Zip and Python all read it
// with the right Chinese names (UTF-8 flagged, and the GBK 兼容 variant without the flag). Only
// accepted packages go in; everyone else is in 缺件清单.txt; SHA256SUMS.txt matches every file.
// Failure: a lost file fails the job with no file left; an interrupted job is swept as failed
// and can be restarted.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os, { hostname } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { CatalogItem, Job, type Batch, type Department, type Student } from '../../app/models/index.js';
import { createJobRunner } from '../../app/jobs/index.js';
import { JobRunner, messages as runnerMessages } from '../../app/jobs/runner.js';
import { conflict } from '../../app/domain/errors.js';
import { messages as bundleMessages } from '../../app/services/outputs/bundle.js';
import { messages as jobMessages } from '../../app/services/outputs/bundle-jobs.js';
import { readZip } from '../../app/lib/zip-reader.js';
import { h } from '../setup/hooks.js';
import { archive, makeBatch, registerFor } from '../factories/batches.js';
import {
  makeDepartment,
  makeStudent,
  officeAgent,
  postForm,
  teacherAgent,
  uid,
  type Agent,
} from '../factories/index.js';
import { storedPackage } from '../factories/packages.js';
import { libreOfficeCsv, pythonEntries, sevenZip, unzipTest, zipEntry } from '../factories/zip-tools.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-bundle-'));

function binary(
  res: NodeJS.ReadableStream & { setEncoding(e: string): void; on: NodeJS.ReadableStream['on'] },
  done: (err: Error | null, body: Buffer) => void,
) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function download(agent: Agent, url: string, name: string): Promise<string> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse(binary as never);
  expect(res.status, res.text).to.equal(200);
  const file = path.join(tmp, name);
  fs.writeFileSync(file, res.body as Buffer);
  return file;
}

async function requestAndRun(office: Agent, batch: Batch, encoding: 'utf8' | 'gbk') {
  const res = await postForm(office, `/office/bundles?batch=${batch.id}`, '/office/bundles', {
    batchId: String(batch.id),
    encoding,
  });
  expect(res.status).to.equal(303);
  const job = await Job.findOne({ where: { batchId: batch.id, kind: 'bundle' }, order: [['id', 'DESC']] });
  expect(job!.status).to.equal('queued');
  const runner = createJobRunner(h().app.ctx, { log: () => {} });
  expect(await runner.runOnce()).to.equal(true);
  return Job.findByPk(job!.id) as Promise<Job>;
}

describe('provincial bundle', function () {
  this.timeout(120_000);
  let batch: Batch;
  let office: Agent;
  let electronics: Department;
  let mechanics: Department;
  const accepted: Student[] = [];
  let returned: Student;
  let absent: Student;
  let electrician: Student;

  before(async () => {
    batch = await makeBatch();
    office = (await officeAgent()).agent;
    electronics = await makeDepartment(`电子工程学院${uid()}`);
    mechanics = await makeDepartment(`机电工程学院${uid()}`);
    for (let i = 0; i < 3; i++) {
      const s = await makeStudent(i < 2 ? electronics.id : mechanics.id, { className: `电子23${i}` });
      await registerFor(batch, s, '电工', 4);
      await storedPackage(batch, s, 'accepted', i + 1);
      accepted.push(s);
    }
    electrician = accepted[0];
    const mechanic = await makeStudent(mechanics.id);
    await registerFor(batch, mechanic, '汽车维修工', 3);
    await storedPackage(batch, mechanic, 'accepted', 9);
    accepted.push(mechanic);
    returned = await makeStudent(electronics.id);
    await registerFor(batch, returned, '电工', 4);
    const pkg = await storedPackage(batch, returned, 'returned', 11);
    await pkg.update({ returnReason: '证件复印件不清晰' });
    absent = await makeStudent(mechanics.id);
    await registerFor(batch, absent, '电工', 3);
    const special = await makeStudent(electronics.id);
    await registerFor(batch, special, '办公软件应用(Office)', null).catch(async () =>
      registerFor(batch, special, (await CatalogItem.findOne({ where: { kind: 'special' } }))!, null),
    );
  });
  after(async () => {
    await archive(batch);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists who goes in and who is missing, with the reason, before anything is built', async () => {
    const page = await office.get(`/office/bundles?batch=${batch.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/id="accepted-count">4</);
    expect(page.text).to.match(/id="missing-count">2</);
    expect(page.text).to.contain('电工_四级/').and.contain('汽车维修工_三级/');
    expect(page.text).to.contain('材料被退回：证件复印件不清晰').and.contain('未提交材料');
  });

  it('builds a UTF-8 bundle that unzip, 7-Zip and Python read with the exact Chinese names (seed 004 §二.4)', async () => {
    const job = await requestAndRun(office, batch, 'utf8');
    expect(job.status, job.error ?? '').to.equal('done');
    const status = await office.get(`/office/bundles/${job.id}/status`);
    expect(status.body).to.include({ status: 'done', percent: 100, progress: 4, total: 4 });
    const file = await download(office, `/office/bundles/${job.id}/download`, 'utf8.zip');

    expect(unzipTest(file).ok).to.equal(true);
    const entries = pythonEntries(file);
    const names = entries.map((e) => e.name);
    const id = electrician.idNumber;
    expect(names).to.include(`电工_四级/${id}/证件复印件/${id}.jpg`).and.include(`电工_四级/${id}/学历证书/${id}.pdf`);
    const mechanicId = accepted[3].idNumber;
    expect(names).to.include(`汽车维修工_三级/${mechanicId}/证件复印件/${mechanicId}.jpg`);
    expect(names)
      .to.include('电工_四级/电工_四级_花名册.xlsx')
      .and.include('缺件清单.txt')
      .and.include('SHA256SUMS.txt');
    expect(names.some((n) => n.includes(returned.idNumber) || n.includes(absent.idNumber))).to.equal(false);
    expect(entries.every((e) => e.utf8 || /^[\x20-\x7e]+$/.test(e.name))).to.equal(true);
    expect(
      entries.every((e) => e.method === 0),
      'store mode',
    ).to.equal(true);

    const seven = sevenZip(file);
    if (seven) {
      expect(seven.ok).to.equal(true);
      expect(seven.names).to.include(`电工_四级/${id}/证件复印件/${id}.jpg`);
    }
    // Our own reader (the one departments' uploads go through) agrees too.
    const ours = await readZip(file, null);
    expect(ours.map((f) => f.path)).to.include(`电工_四级/${id}/学历证书/${id}.pdf`);

    // The stored bytes went in unchanged, and the manifest says so for every file.
    const stored = fs.readFileSync(
      h().app.ctx.storage.resolve(`packages/${batch.id}/${electrician.id}/v1/${id}/证件复印件/${id}.jpg`),
    );
    const bySha = new Map(entries.map((e) => [e.name, e.sha256]));
    expect(bySha.get(`电工_四级/${id}/证件复印件/${id}.jpg`)).to.equal(
      createHash('sha256').update(stored).digest('hex'),
    );
    const manifest = zipEntry(file, 'SHA256SUMS.txt').toString('utf8');
    const lines = manifest.trim().split('\n');
    expect(lines).to.have.length(entries.length - 1);
    for (const line of lines) {
      const [sha, name] = line.split(/ {2}/);
      expect(bySha.get(name), name).to.equal(sha);
    }
    const missing = zipEntry(file, '缺件清单.txt').toString('utf8');
    expect(missing.charCodeAt(0)).to.equal(0xfeff);
    expect(missing)
      .to.contain('共 2 人')
      .and.contain('证件复印件不清晰')
      .and.contain('未提交材料')
      .and.contain(absent.name);
    expect(missing).not.to.contain(absent.idNumber); // masked in the list
  });

  it('puts a roster in each group whose ID numbers survive Excel and LibreOffice as text', async () => {
    const job = await Job.findOne({ where: { batchId: batch.id, status: 'done' }, order: [['id', 'DESC']] });
    const file = await download(office, `/office/bundles/${job!.id}/download`, 'roster-check.zip');
    const xlsx = path.join(tmp, 'group.xlsx');
    fs.writeFileSync(xlsx, zipEntry(file, '电工_四级/电工_四级_花名册.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).to.equal(4); // header + the three accepted 电工 四级 candidates
    const ids = [2, 3, 4].map((r) => sheet.getRow(r).getCell(5).value);
    expect(ids).to.have.members(accepted.slice(0, 3).map((s) => s.idNumber));
    const csv = libreOfficeCsv(xlsx, tmp);
    if (csv !== null) for (const s of accepted.slice(0, 3)) expect(csv).to.contain(s.idNumber);
  });

  it('builds the GBK 兼容 variant: no UTF-8 flag, names in GBK that Python and 7-Zip read', async () => {
    const job = await requestAndRun(office, batch, 'gbk');
    expect(job.status, job.error ?? '').to.equal('done');
    const file = await download(office, `/office/bundles/${job.id}/download`, 'gbk.zip');
    expect(unzipTest(file).ok).to.equal(true);
    const entries = pythonEntries(file, 'gbk');
    const id = electrician.idNumber;
    expect(entries.map((e) => e.name))
      .to.include(`电工_四级/${id}/证件复印件/${id}.jpg`)
      .and.include('缺件清单.txt');
    expect(entries.some((e) => e.utf8)).to.equal(false);
    const ours = await readZip(file, null); // decodes unflagged names as GBK, like Chinese Windows
    expect(ours.map((f) => f.path)).to.include(`电工_四级/${id}/学历证书/${id}.pdf`);
    const seven = sevenZip(file);
    if (seven) expect(seven.ok).to.equal(true);
  });

  it('refuses a second bundle of the same kind while one is queued, and a download before it is done', async () => {
    const first = await postForm(office, `/office/bundles?batch=${batch.id}`, '/office/bundles', {
      batchId: String(batch.id),
      encoding: 'utf8',
    });
    expect(first.status).to.equal(303);
    const again = await postForm(office, `/office/bundles?batch=${batch.id}`, '/office/bundles', {
      batchId: String(batch.id),
      encoding: 'utf8',
    });
    expect(again.status).to.equal(303);
    expect((await office.get(again.headers.location)).text).to.contain(jobMessages.busy);
    const queued = await Job.findOne({ where: { batchId: batch.id, status: 'queued' } });
    const early = await office.get(`/office/bundles/${queued!.id}/download`);
    expect(early.status).to.equal(409);
    expect(early.text).to.contain(jobMessages.notReady);
    await createJobRunner(h().app.ctx, { log: () => {} }).runOnce();
  });

  it('fails a job whose stored file is gone, leaving no file behind, and builds it again once fixed', async () => {
    const lost = `packages/${batch.id}/${accepted[1].id}/v1/${accepted[1].idNumber}/学历证书/${accepted[1].idNumber}.pdf`;
    const keep = fs.readFileSync(h().app.ctx.storage.resolve(lost));
    fs.rmSync(h().app.ctx.storage.resolve(lost));
    const job = await requestAndRun(office, batch, 'utf8');
    expect(job.status).to.equal('failed');
    expect(job.error).to.equal(bundleMessages.lost(lost));
    expect(job.error).not.to.contain(accepted[1].idNumber); // shown in a list: masked
    expect(fs.existsSync(h().app.ctx.storage.resolve(`bundles/${batch.id}/job-${job.id}.zip`))).to.equal(false);
    expect(fs.existsSync(h().app.ctx.storage.resolve(`bundles/${batch.id}/job-${job.id}.zip.partial`))).to.equal(false);
    const page = await office.get(`/office/bundles?batch=${batch.id}`);
    expect(page.text).to.contain('重新生成');

    await h().app.ctx.storage.write(lost, keep);
    const res = await postForm(office, `/office/bundles?batch=${batch.id}`, `/office/bundles/${job.id}/restart`, {
      batchId: String(batch.id),
    });
    expect(res.status).to.equal(303);
    await createJobRunner(h().app.ctx, { log: () => {} }).runOnce();
    const again = await Job.findOne({ where: { batchId: batch.id }, order: [['id', 'DESC']] });
    expect(again!.status).to.equal('done');
    expect(again!.id).to.not.equal(job.id); // the failed one stays on record
  });

  it('shows a job failure to the office only when it was meant for users (AppError); any other error is logged and told as a crash', async () => {
    const logged: string[] = [];
    const failures = [new Error('数据库连接中断 at 10.0.0.5'), conflict('材料文件与登记时不一致，请让学院重新上传')];
    const runner = new JobRunner(
      h().app.ctx,
      {
        probe: {
          run: async () => {
            throw failures.shift();
          },
          cleanup: async () => {},
        },
      },
      { log: (line) => logged.push(line) },
    );
    const errors: Array<string | null> = [];
    for (let i = 0; i < 2; i++) {
      const job = await Job.create({
        kind: 'probe',
        batchId: batch.id,
        status: 'queued',
        params: '{}',
        createdBy: null,
      });
      await runner.runOnce();
      errors.push((await Job.findByPk(job.id))!.error);
    }
    expect(errors).to.deep.equal([runnerMessages.crashed, '材料文件与登记时不一致，请让学院重新上传']);
    expect(logged.join('\n')).to.contain('数据库连接中断').and.not.contain('材料文件与登记时不一致');
  });

  it('marks a job interrupted by a restart as failed and removes its half-written file', async () => {
    const job = await Job.create({
      kind: 'bundle',
      batchId: batch.id,
      status: 'running',
      params: JSON.stringify({ encoding: 'utf8' }),
      workerId: 'gone:1',
      startedAt: new Date(),
      createdBy: null,
    });
    const partial = `bundles/${batch.id}/job-${job.id}.zip.partial`;
    await h().app.ctx.storage.write(partial, Buffer.from('PK half a zip'));
    await h().app.ctx.sequelize.query('UPDATE jobs SET updatedAt = ? WHERE id = ?', {
      replacements: [new Date(Date.now() - 120_000), job.id],
    });
    const fresh = await Job.create({
      kind: 'bundle',
      batchId: batch.id,
      status: 'running',
      params: JSON.stringify({ encoding: 'gbk' }),
      workerId: 'alive:1',
      startedAt: new Date(),
      createdBy: null,
    });

    const swept = await createJobRunner(h().app.ctx, { log: () => {} }).sweepStale();
    expect(swept).to.be.at.least(1);
    await job.reload();
    expect(job.status).to.equal('failed');
    expect(job.error).to.equal(runnerMessages.interrupted);
    expect(fs.existsSync(h().app.ctx.storage.resolve(partial))).to.equal(false);
    await fresh.reload();
    expect(fresh.status).to.equal('running'); // its heart still beats: another process owns it
    await fresh.update({ status: 'failed', error: 'test cleanup' });
    expect((await office.get(`/office/bundles/${job.id}/download`)).status).to.equal(409);
  });

  it('marks at once the job of a process on this machine that has gone (a restart), without waiting', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has already exited
    const job = await Job.create({
      kind: 'bundle',
      batchId: batch.id,
      status: 'running',
      params: JSON.stringify({ encoding: 'utf8' }),
      workerId: `${hostname()}:${gone}:abc`,
      startedAt: new Date(),
      createdBy: null,
    });
    await createJobRunner(h().app.ctx, { log: () => {} }).sweepStale();
    await job.reload();
    expect(job.status).to.equal('failed');
    expect(job.error).to.equal(runnerMessages.interrupted);
  });

  it('refuses the GBK variant when a name cannot be written in GBK, and says what to do', async () => {
    const other = await makeBatch();
    try {
      const odd = await CatalogItem.create({
        kind: 'grade',
        name: `测试工种𠀀${uid()}`,
        groupName: null,
        levels: '4',
        admitsStudents: true,
        admitsSocial: true,
      });
      const s = await makeStudent(electronics.id);
      await registerFor(other, s, odd, 4);
      await storedPackage(other, s, 'accepted', 21);
      const job = await requestAndRun(office, other, 'gbk');
      expect(job.status).to.equal('failed');
      expect(job.error).to.equal(bundleMessages.notGbk(`${odd.name}_四级`));
      await odd.update({ active: false });
    } finally {
      await archive(other);
    }
  });

  it('is picked up by a running runner, the way npm start runs one, without anyone waiting on the page', async () => {
    const runner = createJobRunner(h().app.ctx, { pollMs: 50, log: () => {} });
    runner.start();
    try {
      await postForm(office, `/office/bundles?batch=${batch.id}`, '/office/bundles', {
        batchId: String(batch.id),
        encoding: 'utf8',
      });
      const job = (await Job.findOne({ where: { batchId: batch.id }, order: [['id', 'DESC']] }))!;
      for (let i = 0; i < 200 && ['queued', 'running'].includes(job.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await job.reload();
      }
      expect(job.status).to.equal('done');
    } finally {
      await runner.stop();
    }
  });

  it('is the office’s alone', async () => {
    const { agent } = await teacherAgent(electronics.id);
    expect((await agent.get(`/office/bundles?batch=${batch.id}`)).status).to.equal(403);
    const job = await Job.findOne({ where: { batchId: batch.id, status: 'done' } });
    expect((await agent.get(`/office/bundles/${job!.id}/download`)).status).to.equal(403);
  });
});
