// Importing registrations from a campus export (.xlsx): row-by-row report, all-or-nothing by
// default, the same two-item rule and prices as the forms.
import { expect } from 'chai';
import { Registration } from '../../app/models/index.js';
import { archive, makeBatch } from '../factories/batches.js';
import { csrfToken, makeStudent, teacherAgent, type Agent } from '../factories/index.js';
import { writeXlsx, type CellInput } from '../factories/xlsx.js';
import type { Batch } from '../../app/models/index.js';

const HEADER = ['学号', '身份证号', '姓名', '考级名称', '等级', '已获证书'];

async function upload(agent: Agent, batch: Batch, rows: CellInput[][]) {
  const file = await writeXlsx([HEADER, ...rows], 'export.xlsx');
  const token = await csrfToken(agent, `/teacher/registrations/import?batch=${batch.id}`);
  const posted = await agent
    .post(`/teacher/registrations/import?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
    .attach('file', file);
  // post → redirect → get: the report's address carries no CSRF token (issue 12)
  expect(posted.status).to.equal(303);
  expect(posted.headers.location).to.match(
    new RegExp(`^/teacher/registrations/import\\?batch=${batch.id}&check=[0-9a-f]{32}$`),
  );
  return agent.get(posted.headers.location);
}

async function confirm(agent: Agent, batch: Batch, page: string) {
  const token = await csrfToken(agent, `/teacher/registrations?batch=${batch.id}`);
  const mode = /name="mode" value="([^"]+)"/.exec(page)![1];
  const importToken = /name="token" value="([^"]+)"/.exec(page)![1];
  return agent
    .post('/teacher/registrations/import/confirm')
    .type('form')
    .send({ _csrf: token, token: importToken, batchId: String(batch.id), mode });
}

describe('registration import (.xlsx from the campus system)', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });
  after(async () => {
    await archive(batch);
  });

  it("imports a clean export, grouping two rows of one student, at the notice's fees", async () => {
    const { agent, department } = await teacherAgent();
    const a = await makeStudent(department.id);
    const b = await makeStudent(department.id);
    const preview = await upload(agent, batch, [
      [a.studentNo, '', a.name, '电工', '四级', '无'],
      [a.studentNo, '', a.name, '办公软件应用（Office）', '', ''], // full-width brackets as typed in Excel
      ['', b.idNumber, b.name, 'Python应用数据挖掘', '', ''],
    ]);
    expect(preview.status).to.equal(200);
    expect(preview.text).to.include('可以导入 <strong class="ok-text">2</strong> 人（3 项，费用合计 720.00 元）');
    expect(await Registration.count({ where: { batchId: batch.id, studentId: [a.id, b.id] } })).to.equal(0);
    const done = await confirm(agent, batch, preview.text);
    expect(done.headers.location).to.equal(`/teacher/registrations?batch=${batch.id}`);
    const rows = await Registration.findAll({
      where: { batchId: batch.id, studentId: [a.id, b.id], status: 'active' },
    });
    expect(rows.map((r) => r.feeFen).sort()).to.deep.equal([20000, 20000, 32000]);
    expect(rows.every((r) => r.channel === 'import')).to.equal(true);
  });

  it('reports every bad row with its reason and imports nothing by default', async () => {
    const { agent, department } = await teacherAgent();
    const other = await teacherAgent();
    const mine = await makeStudent(department.id);
    const twoGrades = await makeStudent(department.id);
    const theirs = await makeStudent(other.department.id);
    const preview = await upload(agent, batch, [
      [mine.studentNo, '', mine.name, '办公软件应用(Office)', '', ''],
      ['NOSUCH123', '', '无此人', '电工', '四级', '无'],
      [theirs.studentNo, '', theirs.name, '电工', '四级', '无'],
      [twoGrades.studentNo, '', twoGrades.name, '电工', '四级', '无'],
      [twoGrades.studentNo, '', twoGrades.name, '汽车维修工', '四级', '无'],
      [mine.studentNo, '', mine.name, '不存在的项目', '', ''],
      [mine.studentNo, '', mine.name, '工业机器人系统操作员', '六级', '无'],
    ]);
    expect(preview.text).to.include('第 3 行').and.include('找不到 学号 NOSUCH123');
    expect(preview.text).to.include('第 4 行').and.include(`学号 ${theirs.studentNo} 已在系统中登记，不能在本院使用`);
    expect(preview.text).to.include('第 5 行').and.include('第 6 行').and.include('不能同时报两个等级认定类项目');
    expect(preview.text).to.include('第 7 行').and.include('目录中没有「不存在的项目」');
    expect(preview.text).to.include('第 8 行').and.include('级别「六级」无法识别');
    const refused = await confirm(agent, batch, preview.text.replace('value="clean-only"', 'value="all"'));
    expect(refused.status).to.equal(303);
    expect(
      await Registration.count({ where: { batchId: batch.id, studentId: [mine.id, twoGrades.id, theirs.id] } }),
    ).to.equal(0);
  });

  it('imports only the clean rows when asked, and refuses an ID Excel turned into a number', async () => {
    const { agent, department } = await teacherAgent();
    const mine = await makeStudent(department.id);
    const preview = await upload(agent, batch, [
      [mine.studentNo, '', mine.name, 'LINUX', '', ''],
      ['', 430105200306151000, '某某', 'LINUX', '', ''],
    ]);
    expect(preview.text).to.include('身份证号被 Excel 存成了数字');
    await confirm(agent, batch, preview.text);
    expect(await Registration.count({ where: { batchId: batch.id, studentId: mine.id, status: 'active' } })).to.equal(
      1,
    );
    expect((await agent.get(`/teacher/registrations?batch=${batch.id}`)).text).to.include('跳过有问题的 1 行');
  });
});
