// Reading and writing .xlsx through exceljs. Cells come back as text plus a flag saying the cell
// was stored as a number, because an 18-digit ID stored as a number (4.30105E+17) has already lost
// its last digits and must be refused, not "repaired".
import ExcelJS from 'exceljs';
import type { Cell, SheetRow } from '../domain/sheet.js';

function cellText(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') {
    const text = Number.isSafeInteger(value) ? value.toFixed(0) : String(value);
    return { text, numeric: true };
  }
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  if (typeof value === 'boolean') return { text: String(value), numeric: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), numeric: false };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('').trim(), numeric: false };
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text);
  if ('error' in value) return { text: '', numeric: false };
  return { text: String(value), numeric: false };
}

/** The first worksheet's rows (header included) as text cells, skipping rows that are wholly empty. */
export async function readFirstSheet(file: string, maxRows: number): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length > maxRows) return;
    const values = row.values as ExcelJS.CellValue[]; // 1-based; index 0 is empty
    const cells = values.slice(1).map(cellText);
    if (cells.some((c) => c.text !== '')) rows.push({ rowNumber, cells });
  });
  return rows;
}

export type TemplateColumn = { header: string; width: number; text?: boolean; note?: string };

/** A workbook with one input sheet whose text columns are formatted as text ("@") before anyone types. */
export async function templateWorkbook(title: string, columns: TemplateColumn[], instructions: string[]): Promise<Buffer> {
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
export type SheetSpec = { name: string; columns: Array<{ header: string; width: number; kind: ColumnKind }>; rows: Array<Array<string | number | null>> };

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
    sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width, style: c.kind === 'text' ? { numFmt: '@' } : c.kind === 'money' ? { numFmt: '0.00' } : {} }));
    sheet.getRow(1).font = { bold: true };
    for (const row of spec.rows) {
      sheet.addRow(row.map((value, i) => {
        if (value === null) return null;
        const kind = spec.columns[i].kind;
        if (kind === 'money') return Math.round(Number(value)) / 100; // fen → yuan, exact to the cent
        if (kind === 'text') return safeText(String(value));
        return value;
      }));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
