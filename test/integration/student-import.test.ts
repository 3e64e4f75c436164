// Importing students from a real .xlsx (issue 2): ID numbers read as text and never mangled;
// every bad row reported with its number; nothing imported until the file is clean, unless the
// teacher explicitly imports only the clean rows.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { AuditLog, Student, User } from '../../app/models/index.js';
import { messages as importDomain } from '../../app/domain/student-import.js';
import { csrfToken, idNumber, makeStudent, signIn, teacherAgent, uid, type Agent } from '../factories/index.js';
import { HEADER, writeXlsx, type CellInput } from '../factories/xlsx.js';

/** Uploads and follows the redirect to the report: the address the browser ends on has no CSRF token (issue 12). */
async function upload(agent: Agent, file: string) {
  const token = await csrfToken(agent, '/teacher/students/import');
  const posted = await agent.post(`/teacher/students/import?_csrf=${encodeURIComponent(token)}`).attach('file', file);
  expect(posted.status, 'post → redirect → get').to.equal(303);
  expect(posted.headers.location).to.match(/^\/teacher\/students\/import\?check=[0-9a-f]{32}$/);
  return agent.get(posted.headers.location);
}

function confirmFields(page: string) {
  return { token: /name="token" value="([^"]+)"/.exec(page)![1], mode: /name="mode" value="([^"]+)"/.exec(page)![1] };
}

async function confirm(agent: Agent, page: string, mode?: string) {
  const token = await csrfToken(agent, '/teacher/students');
  return agent
    .post('/teacher/students/import/confirm')
    .type('form')
    .send({ _csrf: token, ...confirmFields(page), ...(mode ? { mode } : {}) });
}

const person = (no: string, id: string, name = `学生${uid().slice(0, 3)}`): CellInput[] => [
  no,
  name,
  id,
  '电子2301',
  '13912345678',
  '',
];

describe('student import (.xlsx)', () => {
  it('imports a clean file after confirmation, keeping 18-digit IDs exactly (X included)', async () => {
    const { agent, department } = await teacherAgent();
    const ids = [idNumber({ checkX: true }), idNumber(), idNumber()];
    const nos = ids.map(() => `23${uid()}`);
    const file = await writeXlsx([HEADER, ...ids.map((id, i) => person(nos[i], id))]);

    const preview = await upload(agent, file);
    expect(preview.status).to.equal(200);
    expect(preview.text).to.include('可以导入 <strong class="ok-text">3</strong> 行');
    expect(await Student.count({ where: { studentNo: nos } })).to.equal(0); // nothing before confirming

    const done = await confirm(agent, preview.text);
    expect(done.headers.location).to.equal('/teacher/students');
    expect((await agent.get('/teacher/students')).text).to.include('导入完成：新增 3 人');
    const saved = await Student.findAll({ where: { studentNo: nos }, order: [['studentNo', 'ASC']] });
    expect(saved.map((s) => s.idNumber).sort()).to.deep.equal([...ids].sort());
    expect(saved.every((s) => s.departmentId === department.id)).to.equal(true);
    const log = await AuditLog.findOne({ where: { action: 'student.imported' }, order: [['id', 'DESC']] });
    expect(JSON.parse(log!.summary).after.created).to.equal(3);
    expect(log!.summary).to.not.include(ids[0]);

    // the new students can sign in with 学号 + last six ID characters
    const student = await signIn(nos[0], ids[0].slice(-6));
    expect((await student.get('/student')).headers.location).to.equal('/password');
  });

  it('reports every bad row with its row number and imports nothing by default', async () => {
    const { agent } = await teacherAgent();
    const good = idNumber();
    const goodNo = `23${uid()}`;
    const file = await writeXlsx([
      HEADER,
      person(goodNo, good),
      person(`23${uid()}`, good.slice(0, 17)), // 17 digits
      person(`23${uid()}`, good.slice(0, 17) + 'x'), // lowercase x
      [`23${uid()}`, '王五', 430105200306151000, '电子2301', '13912345678', ''], // Excel turned the ID into a number
    ]);
    const preview = await upload(agent, file);
    expect(preview.text).to.include('第 3 行').and.include('身份证号应为 18 位，现在是 17 位');
    expect(preview.text).to.include('第 4 行').and.include('大写 X');
    expect(preview.text).to.include('第 5 行').and.include('4.30105E+17');

    const refused = await confirm(agent, preview.text, 'all');
    expect(refused.status).to.equal(303);
    expect((await agent.get('/teacher/students/import')).text).to.include('有 3 行有问题，整个文件未导入');
    expect(await Student.count({ where: { studentNo: goodNo } })).to.equal(0);
  });

  it('imports only the clean rows when the teacher asks for exactly that', async () => {
    const { agent } = await teacherAgent();
    const goodNo = `23${uid()}`;
    const file = await writeXlsx([HEADER, person(goodNo, idNumber()), person(`23${uid()}`, '123')]);
    const preview = await upload(agent, file);
    expect(preview.text.match(/>重新上传<\/a>/g), 'one 重新上传 link, not two (issue 12)').to.have.length(1);
    await confirm(agent, preview.text, 'clean-only');
    expect(await Student.count({ where: { studentNo: goodNo } })).to.equal(1);
    expect((await agent.get('/teacher/students')).text).to.include('跳过有问题的 1 行');
  });

  it('refuses a row whose student belongs to another department, and updates its own on re-import', async () => {
    const { agent, department } = await teacherAgent();
    const other = await teacherAgent();
    const theirs = await makeStudent(other.department.id);
    const mine = await makeStudent(department.id);
    const file = await writeXlsx([
      HEADER,
      person(theirs.studentNo!, idNumber()),
      [mine.studentNo, '新名字', mine.idNumber, '电子2302', '13700000000', 'a@b.cn'],
    ]);
    const preview = await upload(agent, file);
    expect(preview.text)
      .to.include(`学号 ${theirs.studentNo} 已在系统中登记，不能在本院使用`)
      .and.not.include(other.department.name);
    await confirm(agent, preview.text, 'clean-only');
    const updated = await Student.findByPk(mine.id);
    expect(updated!.name).to.equal('新名字');
    expect(updated!.className).to.equal('电子2302');
    expect((await User.findByPk(updated!.userId!))!.displayName).to.equal('新名字');
    expect((await Student.findByPk(theirs.id))!.departmentId).to.equal(other.department.id);
  });

  it('shows the report at a clean address that survives a reload, and the plain upload form once imported', async () => {
    const { agent } = await teacherAgent();
    const file = await writeXlsx([HEADER, person(`23${uid()}`, idNumber())]);
    const token = await csrfToken(agent, '/teacher/students/import');
    const posted = await agent.post(`/teacher/students/import?_csrf=${encodeURIComponent(token)}`).attach('file', file);
    expect(posted.status).to.equal(303);
    expect(posted.headers.location).to.not.include('_csrf');
    const report = await agent.get(posted.headers.location);
    expect(report.text).to.include('检查结果').and.include('可以导入 <strong class="ok-text">1</strong> 行');
    expect((await agent.get(posted.headers.location)).text, 'a reload shows the same report').to.include(
      '可以导入 <strong class="ok-text">1</strong> 行',
    );
    expect((await agent.get('/teacher/students/import')).text, 'without ?check the page offers a new upload')
      .to.include('上传并检查')
      .and.not.include('检查结果');
    await confirm(agent, report.text);
    expect((await agent.get(posted.headers.location)).text, 'an imported file is no longer shown')
      .to.include('上传并检查')
      .and.not.include('检查结果');
  });

  it('refuses what is not an .xlsx, in Chinese, and a confirm that was already used', async () => {
    const { agent } = await teacherAgent();
    const token = await csrfToken(agent, '/teacher/students/import');
    const csv = await agent
      .post(`/teacher/students/import?_csrf=${token}`)
      .attach('file', Buffer.from('学号,姓名\n1,2'), '名单.csv');
    expect(csv.status).to.equal(303);
    expect((await agent.get('/teacher/students/import')).text).to.include('请上传 .xlsx 文件');
    const fake = await agent
      .post(`/teacher/students/import?_csrf=${token}`)
      .attach('file', Buffer.from('not a zip'), '名单.xlsx');
    expect(fake.status).to.equal(303);
    expect((await agent.get('/teacher/students/import')).text).to.include('文件打不开');

    const file = await writeXlsx([HEADER, person(`23${uid()}`, idNumber())]);
    const preview = await upload(agent, file);
    await confirm(agent, preview.text);
    await confirm(agent, preview.text);
    expect((await agent.get('/teacher/students/import')).text).to.include('导入已失效');
  });

  it('serves a template whose ID column is formatted as text', async () => {
    const { agent } = await teacherAgent();
    const res = await agent
      .get('/teacher/students/import/template')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.headers['content-disposition']).to.include('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).to.deep.equal(HEADER);
    expect(sheet.getColumn(3).numFmt).to.equal('@');
    expect(importDomain.idAsNumber).to.include('文本');
  });
});
