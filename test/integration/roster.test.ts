// The 报名花名册 (issue 6) as the office and a teacher download it: the list's filters apply, a
// teacher gets their own department whatever the query says, 性别/出生日期 come from the ID number
// (GB 11643), ID numbers are text cells that LibreOffice keeps exact, payment and materials show
// their state, and a name that looks like a formula stays text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { CatalogItem, FeeEntry, type Batch, type Department, type Student } from '../../app/models/index.js';
import { ROSTER_COLUMNS } from '../../app/domain/roster.js';
import { archive, makeBatch, registerFor } from '../factories/batches.js';
import { makeDepartment, makeStudent, officeAgent, teacherAgent, uid, type Agent } from '../factories/index.js';
import { storedPackage } from '../factories/packages.js';
import { libreOfficeCsv } from '../factories/zip-tools.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-roster-'));

async function rosterOf(agent: Agent, query: string) {
  const res = await agent
    .get(`/${query}`)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(res.status).to.equal(200);
  expect(res.headers['content-type']).to.contain('spreadsheetml');
  expect(res.headers['content-disposition']).to.contain('attachment');
  const file = path.join(tmp, `${uid()}.xlsx`);
  fs.writeFileSync(file, res.body as Buffer);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.worksheets[0];
  const rows: Array<Array<ExcelJS.CellValue>> = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return { file, header: rows[0], rows: rows.slice(1) };
}

describe('roster export', () => {
  let batch: Batch;
  let department: Department;
  let other: Department;
  let paid: Student;
  let retaker: Student;
  let hostile: Student;
  let office: Agent;

  before(async () => {
    batch = await makeBatch();
    office = (await officeAgent()).agent;
    department = await makeDepartment(`信息工程学院${uid()}`);
    other = await makeDepartment();
    paid = await makeStudent(department.id, { idNumber: '430105200303030033', className: '软件2301' });
    const registration = await registerFor(batch, paid, '电工', 4);
    await storedPackage(batch, paid, 'accepted', 3);
    await FeeEntry.create({
      batchId: batch.id,
      departmentId: department.id,
      registrationId: registration.id,
      kind: 'collected',
      amountFen: 32000,
      reason: null,
      reversesId: null,
      idempotencyKey: uid() + uid(),
      createdBy: null,
    });
    retaker = await makeStudent(department.id, { className: '软件2302' });
    const retake = await registerFor(batch, retaker, '电工', 4);
    await retake.update({ attempt: 'retake-theory', feeFen: 6000 });
    hostile = await makeStudent(department.id, { name: '=HYPERLINK("x")', className: '软件2303' });
    await registerFor(batch, hostile, (await CatalogItem.findOne({ where: { kind: 'special', active: true } }))!, null);
    const outsider = await makeStudent(other.id);
    await registerFor(batch, outsider, '电工', 4);
  });
  after(async () => {
    await archive(batch);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('has the roster columns, derives 性别 and 出生日期 from the ID number and keeps it as text', async () => {
    const { header, rows } = await rosterOf(
      office,
      `office/registrations/roster.xlsx?batch=${batch.id}&departmentId=${department.id}`,
    );
    expect(header).to.deep.equal(ROSTER_COLUMNS.map((c) => c.header));
    expect(rows).to.have.length(3);
    const row = rows.find((r) => r[1] === paid.name)!;
    expect(row.slice(0, 12)).to.deep.equal([
      1,
      paid.name,
      '男',
      '2003-03-03',
      '430105200303030033',
      paid.studentNo,
      department.name,
      '软件2301',
      paid.phone,
      '电工',
      '四级',
      '初考',
    ]);
    expect(row[12]).to.equal(320);
    expect(row.slice(13)).to.deep.equal(['已缴费', '已接收']);
    const retakeRow = rows.find((r) => r[1] === retaker.name)!;
    expect(retakeRow.slice(11)).to.deep.equal(['补考（理论补考）', 60, '未缴费', '未提交']);
  });

  it('keeps a formula-looking name as text', async () => {
    const { rows } = await rosterOf(
      office,
      `office/registrations/roster.xlsx?batch=${batch.id}&departmentId=${department.id}`,
    );
    const row = rows.find((r) => String(r[1]).includes('HYPERLINK'))!;
    expect(row[1]).to.equal(`'=HYPERLINK("x")`);
  });

  it('applies the list filters', async () => {
    const { rows } = await rosterOf(
      office,
      `office/registrations/roster.xlsx?batch=${batch.id}&departmentId=${department.id}&attempt=retake`,
    );
    expect(rows.map((r) => r[1])).to.deep.equal([retaker.name]);
    const all = await rosterOf(office, `office/registrations/roster.xlsx?batch=${batch.id}&kind=grade`);
    expect(all.rows.map((r) => r[6]))
      .to.include(other.name)
      .and.include(department.name);
  });

  it('gives a teacher only their own department, whatever the query asks', async () => {
    const { agent } = await teacherAgent(department.id);
    const { rows } = await rosterOf(
      agent,
      `teacher/registrations/roster.xlsx?batch=${batch.id}&departmentId=${other.id}`,
    );
    expect(rows).to.have.length(3);
    expect(rows.every((r) => r[6] === department.name)).to.equal(true);
  });

  it('opens in LibreOffice with every ID number intact (when LibreOffice is installed)', async function () {
    const { file } = await rosterOf(
      office,
      `office/registrations/roster.xlsx?batch=${batch.id}&departmentId=${department.id}`,
    );
    const csv = libreOfficeCsv(file, tmp);
    if (csv === null) this.skip();
    expect(csv).to.contain('430105200303030033').and.contain(retaker.idNumber);
    expect(csv).not.to.match(/E\+17/);
  });
});
