// Big sheets (a 20,000-row roster) written row by row with exceljs's streaming writer: each row is
// committed and flushed, so memory stays flat however many rows there are. Shared strings are off
// (they would keep every string until the end); styles stay on for the header and text columns.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { safeText, type ColumnKind } from './excel.js';

export type StreamColumn = { header: string; width: number; kind: ColumnKind };
export type StreamCell = string | number | null;

function cellValue(value: StreamCell, kind: ColumnKind): ExcelJS.CellValue {
  if (value === null) return null;
  if (kind === 'money') return Math.round(Number(value)) / 100; // fen → yuan, exact to the cent
  if (kind === 'text') return safeText(String(value)); // a string cell: an 18-digit ID stays exact
  return value;
}

/** Writes one sheet to `output` (a file or an HTTP response), pulling rows from `rows` as it goes. */
export async function streamWorkbook(output: Writable, sheetName: string, columns: StreamColumn[], rows: AsyncIterable<StreamCell[]>): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, '_'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.kind === 'text' ? { numFmt: '@' } : c.kind === 'money' ? { numFmt: '0.00' } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(row.map((value, i) => cellValue(value, columns[i].kind))).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
