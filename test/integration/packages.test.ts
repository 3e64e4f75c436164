// Material packages over HTTP (issue 4): a department uploads a ZIP or a folder, reads the
// per-candidate report beside who is missing, 初审通过, submits; the office returns or accepts;
// files are served only to who may see them; a student uploads two files that the server names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { OutboxMessage, Package, PackageUpload, User, type Batch, type Student } from '../../app/models/index.js';
import { storedPackage } from '../factories/packages.js';
import { h } from '../setup/hooks.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import {
  csrfToken,
  makeStudent,
  officeAgent,
  postForm,
  studentAgent,
  teacherAgent,
  uid,
  type Agent,
} from '../factories/index.js';
import { candidateEntries, jpegNear, pdf, png } from '../factories/package-files.js';
import { writeZip, type ZipEntryInput } from '../factories/zip-writer.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-pkg-'));

async function gradeStudent(departmentId: number, batch: Batch): Promise<Student> {
  const student = await makeStudent(departmentId);
  await gradeRegistration(batch, student);
  return student;
}

async function uploadZip(agent: Agent, batch: Batch, entries: ZipEntryInput[], name = '电子工程学院.zip') {
  const file = path.join(tmp, `${uid()}.zip`);
  await writeZip(file, entries);
  const token = await csrfToken(agent, `/teacher/packages?batch=${batch.id}`);
  return agent
    .post(`/teacher/packages/upload?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
    .attach('file', file, name);
}

// form-data (under supertest) keeps a file name's folders only when given as `filepath`.
const relativePath = (filepath: string) => ({ filepath }) as unknown as { filename: string };

const current = (batch: Batch, student: Student) =>
  Package.findOne({ where: { batchId: batch.id, studentId: student.id, currentMarker: 1 } });

describe('material packages', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });
  after(async () => {
    await archive(batch);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('takes a Windows ZIP, stores passing candidates under the exact names, and reports the rest', async () => {
    const { agent, department } = await teacherAgent();
    const [a, b, missing] = [
      await gradeStudent(department.id, batch),
      await gradeStudent(department.id, batch),
      await gradeStudent(department.id, batch),
    ];
    const bad = await candidateEntries(b.idNumber, {
      wrapper: '电子工程学院',
      nameEncoding: 'gbk',
      idCardBytes: 250_000,
    });
    const res = await uploadZip(agent, batch, [
      ...(await candidateEntries(a.idNumber, { wrapper: '电子工程学院', nameEncoding: 'gbk' })),
      ...bad,
    ]);
    expect(res.status).to.equal(303);
    const page = await agent.get(res.headers.location);
    expect(page.text).to.include('检查完成：1 名考生的材料已保存');
    expect(page.text).to.match(/class="primary" disabled>提交初审通过的 0 人/); // a button that would act on nobody
    expect(page.text).to.include('data-code="FILE_TOO_LARGE">超过 200KB</span>');
    expect(page.text).to.include('data-code="MISSING_PACKAGE">未提交材料</span>').and.include(missing.name);
    expect(page.text).not.to.match(/>\s*(FILE_TOO_LARGE|MISSING_PACKAGE)\s*</); // the code is no longer shown as a tag

    const stored = (await current(batch, a))!;
    expect(stored.idCardPath).to.equal(`packages/${batch.id}/${a.id}/v1/${a.idNumber}/证件复印件/${a.idNumber}.jpg`);
    expect(stored.educationPath).to.match(new RegExp(`/${a.idNumber}/学历证书/${a.idNumber}\\.pdf$`));
    expect(fs.statSync(h().app.ctx.storage.resolve(stored.idCardPath)).size).to.equal(stored.idCardBytes);
    expect(await current(batch, b)).to.equal(null);
    expect(fs.readdirSync(h().app.ctx.storage.resolve('tmp/uploads'))).to.deep.equal([]); // staging removed
  });

  it('re-upload replaces only the candidates it contains and keeps the previous version', async () => {
    const { agent, department } = await teacherAgent();
    const [a, b] = [await gradeStudent(department.id, batch), await gradeStudent(department.id, batch)];
    await uploadZip(agent, batch, [...(await candidateEntries(a.idNumber)), ...(await candidateEntries(b.idNumber))]);
    const firstB = (await current(batch, b))!;
    await uploadZip(agent, batch, await candidateEntries(a.idNumber, { idCardBytes: 90_000 }));
    const versions = await Package.findAll({
      where: { batchId: batch.id, studentId: a.id },
      order: [['version', 'ASC']],
    });
    expect(versions.map((v) => [v.version, v.currentMarker, v.idCardBytes])).to.deep.equal([
      [1, null, 120_000],
      [2, 1, 90_000],
    ]);
    expect(fs.existsSync(h().app.ctx.storage.resolve(versions[0].idCardPath))).to.equal(true);
    expect((await current(batch, b))!.id).to.equal(firstB.id);
  });

  it('a re-upload of one candidate calls missing only those with no package at all: page, report and mail agree', async () => {
    const { agent, department, user } = await teacherAgent();
    await User.update({ email: `t${uid()}@college.test` }, { where: { id: user.id } });
    const [accepted, ownUpload, returned, fixed, missing] = await Promise.all(
      [1, 2, 3, 4, 5].map(() => gradeStudent(department.id, batch)),
    );
    await storedPackage(batch, accepted, 'accepted');
    await storedPackage(batch, ownUpload, 'uploaded');
    await storedPackage(batch, returned, 'returned');
    await uploadZip(agent, batch, await candidateEntries(fixed.idNumber, { idCardBytes: 250_000 }));
    const res = await uploadZip(agent, batch, await candidateEntries(fixed.idNumber));
    const page = (await agent.get(res.headers.location)).text;
    const report = page.slice(page.indexOf('id="report"'));
    expect(page).to.include('检查完成：1 名考生的材料已保存；本院还有 1 名等级认定考生没有提交任何材料');
    expect(report).to.match(
      /这次上传 1 名考生：<strong class="ok-text">1<\/strong> 名通过并已保存，\s*<strong class="error-text">0<\/strong> 名有问题；本院另有\s*<strong class="error-text">1<\/strong> 名/,
    );
    expect(report).to.include(missing.idNumber);
    for (const other of [accepted, ownUpload, returned]) expect(report).not.to.include(other.idNumber);
    const upload = (await PackageUpload.findOne({
      where: { batchId: batch.id, departmentId: department.id },
      order: [['id', 'DESC']],
    }))!;
    expect(JSON.parse(upload.report).counts).to.deep.equal({ passed: 1, failed: 0, missing: 1 });
    const mail = (await OutboxMessage.findOne({
      where: { kind: 'package-check', departmentId: department.id },
      order: [['id', 'DESC']],
    }))!;
    expect(mail.subject).to.equal(`【${batch.name}】材料检查完成：1 人通过，0 人未通过`);
    expect(mail.body).to.include('本院还有 1 名等级认定考生没有提交任何材料');
  });

  it('refuses a hostile archive whole and stores nothing', async () => {
    const { agent, department } = await teacherAgent();
    const a = await gradeStudent(department.id, batch);
    const res = await uploadZip(agent, batch, [
      ...(await candidateEntries(a.idNumber)),
      { name: '../../evil.jpg', data: Buffer.from('x') },
    ]);
    expect((await agent.get(res.headers.location)).text)
      .to.include('压缩包未处理')
      .and.include('data-code="ARCHIVE_UNSAFE_PATH">路径不安全<');
    expect(await current(batch, a)).to.equal(null);
  });

  it('takes a browser folder upload (files named by their relative paths)', async () => {
    const { agent, department } = await teacherAgent();
    const a = await gradeStudent(department.id, batch);
    const token = await csrfToken(agent, `/teacher/packages?batch=${batch.id}`);
    const request = agent.post(`/teacher/packages/upload?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`);
    // As the page's script sends them: FormData.append('files', file, file.webkitRelativePath).
    for (const entry of await candidateEntries(a.idNumber, { wrapper: '材料' }))
      request.attach('files', entry.data!, relativePath(String(entry.name)));
    request.attach('files', Buffer.from('junk'), relativePath('材料/.DS_Store'));
    const res = await request;
    const page = (await agent.get(res.headers.location)).text;
    expect(page, page.slice(page.indexOf('<main'), page.indexOf('<main') + 1500)).to.include(
      '检查完成：1 名考生的材料已保存',
    );
    expect((await current(batch, a))!.status).to.equal('uploaded');
  });

  it('初审通过 → submit → the office returns one candidate, the teacher fixes it, the office accepts', async () => {
    const { agent, department } = await teacherAgent();
    const [a, b] = [await gradeStudent(department.id, batch), await gradeStudent(department.id, batch)];
    await uploadZip(agent, batch, [...(await candidateEntries(a.idNumber)), ...(await candidateEntries(b.idNumber))]);
    const ids = [(await current(batch, a))!.id, (await current(batch, b))!.id];
    await postForm(agent, `/teacher/packages?batch=${batch.id}`, '/teacher/packages/pre-approve', {
      batchId: String(batch.id),
      packageIds: ids.map(String),
    });
    await postForm(agent, `/teacher/packages?batch=${batch.id}`, '/teacher/packages/submit', {
      batchId: String(batch.id),
    });
    expect((await current(batch, a))!.status).to.equal('submitted');

    const { agent: clerk } = await officeAgent();
    const overview = await clerk.get(`/office/packages?batch=${batch.id}`);
    expect(overview.text).to.include(department.name);
    const detailUrl = `/office/packages/${department.id}?batch=${batch.id}`;
    await postForm(clerk, detailUrl, `/office/packages/${department.id}/items/${ids[0]}/return`, {
      batchId: String(batch.id),
      reason: '身份证复印件看不清，请重新扫描',
    });
    expect((await current(batch, a))!.status).to.equal('returned');
    expect((await agent.get(`/teacher/packages?batch=${batch.id}`)).text).to.include('身份证复印件看不清，请重新扫描');

    await uploadZip(agent, batch, await candidateEntries(a.idNumber, { idCardBytes: 100_000 }));
    await postForm(agent, `/teacher/packages?batch=${batch.id}`, '/teacher/packages/pre-approve', {
      batchId: String(batch.id),
      packageIds: [String((await current(batch, a))!.id)],
    });
    await postForm(agent, `/teacher/packages?batch=${batch.id}`, '/teacher/packages/submit', {
      batchId: String(batch.id),
    });
    await postForm(clerk, detailUrl, `/office/packages/${department.id}/accept`, { batchId: String(batch.id) });
    expect([(await current(batch, a))!.status, (await current(batch, b))!.status]).to.deep.equal([
      'accepted',
      'accepted',
    ]);
  });

  it('serves files only to the office, the department and the candidate', async () => {
    const { agent, department } = await teacherAgent();
    const { agent: studentTab, student } = await studentAgent(department.id);
    await gradeRegistration(batch, student);
    await uploadZip(agent, batch, await candidateEntries(student.idNumber));
    const pkg = (await current(batch, student))!;
    const own = await agent.get(`/packages/${pkg.id}/id-card`);
    expect([own.status, own.headers['content-type']]).to.deep.equal([200, 'image/jpeg']);
    expect((await studentTab.get(`/packages/${pkg.id}/education`)).headers['content-type']).to.equal('application/pdf');
    expect((await (await teacherAgent()).agent.get(`/packages/${pkg.id}/id-card`)).status).to.equal(403);
    expect((await (await studentAgent(department.id)).agent.get(`/packages/${pkg.id}/id-card`)).status).to.equal(403);
    expect((await (await officeAgent()).agent.get(`/packages/${pkg.id}/id-card`)).status).to.equal(200);
    expect((await agent.get(`/static/../uploads/${pkg.idCardPath}`)).status).to.equal(404);
  });

  it('a student uploads two files; the server names them, and refuses a photo over 200KB or a fake JPG', async () => {
    const { department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    await gradeRegistration(batch, student);
    const send = async (idCard: Buffer, education: Buffer) => {
      const token = await csrfToken(agent, '/student/materials');
      return agent
        .post(`/student/materials?_csrf=${encodeURIComponent(token)}`)
        .field('batchId', String(batch.id))
        .attach('idCard', idCard, 'IMG_2024.jpeg')
        .attach('education', education, '报告.pdf');
    };
    await send(jpegNear(220_000), await pdf());
    expect((await agent.get('/student/materials')).text).to.include('超过 200KB');
    await send(png(200, 100), await pdf());
    expect((await agent.get('/student/materials')).text).to.include('不是 JPG 图片');
    expect(await current(batch, student)).to.equal(null);
    await send(jpegNear(150_000), await pdf());
    const pkg = (await current(batch, student))!;
    expect(pkg.idCardPath).to.match(new RegExp(`/${student.idNumber}/证件复印件/${student.idNumber}\\.jpg$`));
    expect(pkg.educationPath).to.match(new RegExp(`/${student.idNumber}/学历证书/${student.idNumber}\\.pdf$`));
    expect((await agent.get('/student/materials')).text).to.include('第 1 版');
    expect(
      await PackageUpload.count({ where: { batchId: batch.id, departmentId: department.id, source: 'student' } }),
    ).to.equal(1);
  });

  it("refuses uploads and submission after the department's materials deadline", async () => {
    const closed = await makeBatch({ opensInHours: -100, closesInHours: -30 }); // materials due 6 hours ago
    try {
      const { agent, department } = await teacherAgent();
      const a = await gradeStudent(department.id, closed);
      const res = await uploadZip(agent, closed, await candidateEntries(a.idNumber));
      expect((await agent.get(res.headers.location)).text)
        .to.include('材料提交已于')
        .and.include('截止');
      expect(await current(closed, a)).to.equal(null);
    } finally {
      await archive(closed);
    }
  });
});
