// Real .xlsx files written with exceljs, the way Excel and WPS save them: text cells, and also
// the numeric cells an unformatted ID column turns into.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uid } from './index.js';

export type CellInput = string | number | null;

export async function writeXlsx(rows: CellInput[][], name = `students-${uid()}.xlsx`): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('学生名单');
  rows.forEach((row) => sheet.addRow(row));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-xlsx-'));
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

export const HEADER = ['学号', '姓名', '身份证号', '班级', '手机', '邮箱'];
