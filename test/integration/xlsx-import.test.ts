// Reading uploaded .xlsx files as a stream (issue 13): the first sheet only, one row past the cap
// and no further, with the same cell text as reading the whole workbook — whatever program wrote
// the file and in whatever order it put the parts.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { AppError } from '../../app/domain/errors.js';
import { readFirstSheet } from '../../app/lib/excel.js';
import { previewFeeImport } from '../../app/services/fees/fee-import.js';
import { previewRegistrationImport } from '../../app/services/registration/registration-import.js';
import { previewStudentImport } from '../../app/services/accounts/student-import.js';
import type { Actor } from '../../app/services/context.js';
import { archive, makeBatch } from '../factories/batches.js';
import { idNumber, makeDepartment, uid } from '../factories/index.js';
import { HEADER, writeXlsx } from '../factories/xlsx.js';
import { inlineRow, writeCraftedXlsx } from '../factories/xlsx-parts.js';

/**
 * Rows 1..n of inline text, then XML that no parser accepts: only a reader that stops early gets
 * through. The reader parses an inflated chunk (16 KiB) at a time, so the break sits a few hundred
 * rows past the cap.
 */
function* rowsThenBroken(header: string[], n: number, row: (i: number) => string[]): Generator<string> {
  yield inlineRow(1, header);
  for (let i = 2; i <= n; i++) yield inlineRow(i, row(i));
  yield '<row r="999999"><c r="A999999" t="inlineStr"><is><t>未写完</t></is></c><<< 这里已经不是 XML';
}

const texts = (rows: Awaited<ReturnType<typeof readFirstSheet>>) => rows.map((r) => r.cells.map((c) => c?.text));
const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'refused').to.be.instanceOf(AppError);
  return (error as AppError).message;
};
/** Descriptors this process holds open on the file (not a count of all: database connections come and go). */
const fdsOn = (file: string) =>
  fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // closed between the listing and the look
    }
  }).length;

describe('.xlsx import reading (streamed, capped)', () => {
  it('stops one row past the cap: the rows after it are never parsed', async () => {
    const file = await writeCraftedXlsx({
      sheets: [
        {
          name: '名单',
          file: 'sheet1.xml',
          rows: rowsThenBroken(['学号', '姓名'], 300, (i) => [`23${i}`, `学生${i}`]),
        },
      ],
    });
    const rows = await readFirstSheet(file, 101);
    expect(rows).to.have.length(102);
    expect(rows[101]).to.deep.equal({
      rowNumber: 102,
      cells: [
        { text: '23102', numeric: false },
        { text: '学生102', numeric: false },
      ],
    });
  });

  it('refuses a file over 5,000 rows in all three imports with the "too many rows" sentence', async () => {
    const department = await makeDepartment();
    const actor: Actor = { userId: null, name: '老师', role: 'teacher', departmentId: department.id, ip: null };
    const batch = await makeBatch();
    try {
      const students = await writeCraftedXlsx({
        sheets: [
          {
            name: '名单',
            file: 'sheet1.xml',
            rows: rowsThenBroken(HEADER, 5_400, (i) => [
              `23${i}`,
              `学生${i}`,
              idNumber(),
              '电子2301',
              '13912345678',
              '',
            ]),
          },
        ],
      });
      expect(await refusal(previewStudentImport(actor, students))).to.equal('一次最多导入 5000 行，请分成几个文件');
      const registrations = await writeCraftedXlsx({
        sheets: [
          {
            name: '报名',
            file: 'sheet1.xml',
            rows: rowsThenBroken(['学号', '考级名称', '等级'], 5_400, (i) => [`23${i}`, '电工', '四级']),
          },
        ],
      });
      expect(await refusal(previewRegistrationImport(actor, batch.id, registrations))).to.equal(
        '一次最多导入 5000 行，请分成几个文件',
      );
      const payments = await writeCraftedXlsx({
        sheets: [
          { name: '收费', file: 'sheet1.xml', rows: rowsThenBroken(['学号', '金额'], 5_400, (i) => [`23${i}`, '320']) },
        ],
      });
      expect(await refusal(previewFeeImport(actor, batch.id, payments))).to.equal(
        '一次最多导入 5000 行，请分成几个文件',
      );
    } finally {
      await archive(batch);
    }
  });

  it('refuses as unreadable a sheet that inflates past 64 MB before the cap (a zip bomb), without holding it', async () => {
    const huge = `<row r="2"><c r="A2" t="inlineStr"><is><t>${'啊'.repeat(24 * 1024 * 1024)}</t></is></c></row>`; // 72 MiB of UTF-8
    const file = await writeCraftedXlsx({
      sheets: [{ name: '名单', file: 'sheet1.xml', rows: [inlineRow(1, HEADER), huge] }],
    });
    expect(fs.statSync(file).size).to.be.below(1024 * 1024);
    const department = await makeDepartment();
    const actor: Actor = { userId: null, name: '老师', role: 'teacher', departmentId: department.id, ip: null };
    expect(await refusal(previewStudentImport(actor, file))).to.include('文件打不开');
  });

  it('reads the first tab even when it is sheet3.xml, shared strings after the sheets, rich text, dates and numbers', async () => {
    const sheet3 = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>4</v></c></row>',
      '<row r="2"><c r="A2"><v>4.30105200001011E+17</v></c><c r="B2" s="1"><v>45292</v></c><c r="C2" t="str"><f>A1&amp;"x"</f><v>学号x</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c></row>',
      '<row r="3"><c r="A3" t="s"><v>3</v></c></row>', // a blank shared string only: skipped like an empty row
      '<row r="5"><c r="A5"><v>2300123</v></c><c r="C5" t="inlineStr"><is><t> 电子2301 </t></is></c></row>',
    ];
    const sharedStrings = [
      '<t>学号</t>',
      '<r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r>',
      '<t>王</t><rPh sb="0" eb="1"><t>wang</t></rPh>',
      '<t xml:space="preserve">  </t>',
      '<t>班&amp;级</t>',
    ];
    const expected = [
      {
        rowNumber: 1,
        cells: [
          { text: '学号', numeric: false },
          { text: '张三', numeric: false },
          { text: '王', numeric: false },
          { text: '班&级', numeric: false },
        ],
      },
      {
        rowNumber: 2,
        cells: [
          { text: '430105200001011000', numeric: true },
          { text: '2024-01-01', numeric: false },
          { text: '学号x', numeric: false },
          { text: 'true', numeric: false },
          { text: '', numeric: false },
        ],
      },
    ];
    for (const sharedStringsFirst of [false, true]) {
      const file = await writeCraftedXlsx({
        sheets: [
          { name: '名单', file: 'sheet3.xml', rows: sheet3 },
          { name: '说明', file: 'sheet1.xml', rows: [inlineRow(1, ['这是说明页'])] },
        ],
        sharedStrings,
        sharedStringsFirst,
        dateStyle: true,
      });
      const rows = await readFirstSheet(file, 100);
      expect(rows.slice(0, 2), `shared strings first: ${sharedStringsFirst}`).to.deep.equal(expected);
      expect(rows[2].rowNumber).to.equal(5);
      expect(texts([rows[2]])).to.deep.equal([['2300123', undefined, '电子2301']]); // the missing B5 stays a hole, as readFile gives it
      expect(rows[2].cells[0].numeric).to.equal(true);
    }
  });

  it('gives what exceljs wrote the same text as before: hyperlinks, formulas, rich text, dates, IDs as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('学生名单');
    sheet.addRow([
      '学号',
      { richText: [{ text: '姓' }, { text: '名', font: { bold: true } }] },
      '身份证号',
      '日期',
      '邮箱',
      '合计',
    ]);
    sheet.addRow([
      '230101',
      '李四',
      // eslint-disable-next-line no-loss-of-precision -- the ID as Excel stores it when typed as a number
      430105200001011234,
      new Date(Date.UTC(2024, 8, 1)),
      { text: 'a@b.cn', hyperlink: 'mailto:a@b.cn' },
      { formula: '1+1', result: 2 },
    ]);
    const file = path.join(path.dirname(await writeXlsx([[]])), `exceljs-${uid()}.xlsx`);
    await workbook.xlsx.writeFile(file);
    expect(await readFirstSheet(file, 10)).to.deep.equal([
      {
        rowNumber: 1,
        cells: ['学号', '姓名', '身份证号', '日期', '邮箱', '合计'].map((text) => ({ text, numeric: false })),
      },
      {
        rowNumber: 2,
        cells: [
          { text: '230101', numeric: false },
          { text: '李四', numeric: false },
          { text: '430105200001011260', numeric: true },
          { text: '2024-09-01', numeric: false },
          { text: 'a@b.cn', numeric: false },
          { text: '2', numeric: true },
        ],
      },
    ]);
  });

  it("keeps Chinese text whole where it straddles two inflated chunks (exceljs's own stream reader garbles it)", async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `${'张王李赵刘陈'[i % 6]}${'三四五六'[i % 4]}测试${i}`);
    const file = await writeXlsx([['姓名'], ...names.map((n) => [n])]);
    const rows = await readFirstSheet(file, 30_000);
    expect(rows.slice(1).map((r) => r.cells[0].text)).to.deep.equal(names);
  });

  it("reads what exceljs's streaming writer writes (shared strings last) and lets go of the file when it stops early", async () => {
    const file = path.join(path.dirname(await writeXlsx([[]])), `streamed-${uid()}.xlsx`);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = writer.addWorksheet('学生名单');
    sheet.addRow(['学号', '姓名']).commit();
    for (let i = 1; i <= 20_000; i++) sheet.addRow([`23${String(i).padStart(6, '0')}`, `学生${i}`]).commit();
    sheet.commit();
    await writer.commit();
    const rows = await readFirstSheet(file, 100);
    expect(texts(rows.slice(-1))).to.deep.equal([['23000100', '学生100']]);
    expect(rows).to.have.length(101);
    for (let i = 0; i < 50 && fdsOn(file) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fdsOn(file), "the upload's file descriptor is closed").to.equal(0);
  });
});
