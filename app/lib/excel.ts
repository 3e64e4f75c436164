// Writing .xlsx through exceljs; reading uploads is in xlsx-reader.ts (streamed, capped).
import ExcelJS from 'exceljs';

export { readFirstSheet } from './xlsx-reader.js';

export type TemplateColumn = { header: string; width: number; text?: boolean; note?: string };

/** A workbook with one input sheet whose text columns are formatted as text ("@") before anyone types. */
export async function templateWorkbook(
  title: string,
  columns: TemplateColumn[],
  instructions: string[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(title);
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.note) sheet.getCell(1, i + 1).note = c.note;
  });
  const help = workbook.addWorksheet('填写说明');
  instructions.forEach((line) => help.addRow([line]));
  help.getColumn(1).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type ColumnKind = 'text' | 'money' | 'number';
export type SheetSpec = {
  name: string;
  columns: Array<{ header: string; width: number; kind: ColumnKind }>;
  rows: Array<Array<string | number | null>>;
};

/** Spreadsheet-safe text: a leading = + - @ tab or CR would run as a formula when the file is opened. */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Workbooks for people to open in Excel: text columns are text cells (ID and voucher numbers stay
 * exact), money columns hold yuan computed from fen with two decimals shown.
 */
export async function writeWorkbook(sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name.slice(0, 31).replace(/[\\/?*[\]:]/g, '_'));
    sheet.columns = spec.columns.map((c) => ({
      header: c.header,
      width: c.width,
      style: c.kind === 'text' ? { numFmt: '@' } : c.kind === 'money' ? { numFmt: '0.00' } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of spec.rows) {
      sheet.addRow(
        row.map((value, i) => {
          if (value === null) return null;
          const kind = spec.columns[i].kind;
          if (kind === 'money') return Math.round(Number(value)) / 100; // fen → yuan, exact to the cent
          if (kind === 'text') return safeText(String(value));
          return value;
        }),
      );
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
