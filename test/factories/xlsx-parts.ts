// .xlsx files put together part by part, for what exceljs's writer never produces but other
// programs do: the first tab stored as sheet3.xml, shared strings after the sheets in the ZIP,
// rich text with phonetic guides, custom date formats — and broken or huge sheet XML after row N.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uid } from './index.js';
import { writeZip, type ZipEntryInput } from './zip-writer.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export type CraftedSheet = { name: string; file: string; rows: Iterable<string> | AsyncIterable<string> };
export type CraftedWorkbook = {
  sheets: CraftedSheet[]; // tab order
  sharedStrings?: string[]; // <si> contents, e.g. '<t>张三</t>'
  sharedStringsFirst?: boolean; // default false: after the sheets, as some writers do
  dateStyle?: boolean; // style 1 = custom number format "yyyy-mm-dd"
};

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One <row> of inline-string cells (null leaves the cell out). */
export function inlineRow(rowNumber: number, values: Array<string | null>): string {
  const cells = values.map((v, i) =>
    v === null
      ? ''
      : `<c r="${String.fromCharCode(65 + i)}${rowNumber}" t="inlineStr"><is><t>${escape(v)}</t></is></c>`,
  );
  return `<row r="${rowNumber}">${cells.join('')}</row>`;
}

function staticParts(book: CraftedWorkbook): { [name: string]: string } {
  const sheets = book.sheets
    .map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}" r:id="rIdS${i}"/>`)
    .join('');
  const rels = book.sheets
    .map((s, i) => `<Relationship Id="rIdS${i}" Type="${REL}/worksheet" Target="worksheets/${s.file}"/>`)
    .join('');
  return {
    '[Content_Types].xml': `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    '_rels/.rels': `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr/><sheets>${sheets}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${XML_HEAD}<Relationships xmlns="${PKG_REL}">${rels}<Relationship Id="rIdSt" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rIdSs" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/styles.xml': `${XML_HEAD}<styleSheet xmlns="${MAIN}">${book.dateStyle ? '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' : ''}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="${book.dateStyle ? 164 : 0}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  };
}

async function sheetXml(rows: Iterable<string> | AsyncIterable<string>): Promise<Buffer> {
  const parts = [`${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>`];
  for await (const row of rows) parts.push(row);
  parts.push('</sheetData></worksheet>');
  return Buffer.from(parts.join(''));
}

/** Writes the workbook to a temp file and returns its path. Sheet rows are joined as given (broken XML stays broken). */
export async function writeCraftedXlsx(book: CraftedWorkbook): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-xlsx-')), `crafted-${uid()}.xlsx`);
  const fixed = Object.entries(staticParts(book)).map(([name, xml]): ZipEntryInput => ({
    name,
    data: Buffer.from(xml),
  }));
  const strings = book.sharedStrings ?? [];
  const shared: ZipEntryInput = {
    name: 'xl/sharedStrings.xml',
    data: Buffer.from(
      `${XML_HEAD}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si>${s}</si>`).join('')}</sst>`,
    ),
  };
  const sheets: ZipEntryInput[] = [];
  for (const s of book.sheets) sheets.push({ name: `xl/worksheets/${s.file}`, data: await sheetXml(s.rows) });
  await writeZip(file, book.sharedStringsFirst ? [...fixed, shared, ...sheets] : [...fixed, ...sheets, shared]);
  return file;
}
