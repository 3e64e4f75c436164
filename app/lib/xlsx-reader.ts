// Reads the first sheet of an uploaded .xlsx as a stream and stops one row past the cap, so a
// 1,000,000-row file costs what 5,001 rows cost. Cells come back as text plus a flag saying the cell
// was stored as a number, because an 18-digit ID stored as a number (4.30105E+17) has already lost
// its last digits and must be refused, not "repaired".
//
// Why not exceljs's WorkbookReader: it decodes each inflated chunk on its own, so a Chinese
// character split across two chunks comes out as U+FFFD; it copies every sheet to a temp file when
// the shared strings come later in the ZIP or are missing (a zip bomb would inflate to disk); it
// keeps every shared string in memory; and it finds sheets by zip order, not the workbook's tab
// order. So the ZIP is read with yauzl (random access), the small parts first, then the first
// sheet through exceljs's own sheet parser (same cell values as `workbook.xlsx.readFile`), and the
// shared strings last: only those the rows read refer to, up to the highest one needed.
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import parseSax from 'exceljs/lib/utils/parse-sax.js';
import WorksheetReader from 'exceljs/lib/stream/xlsx/worksheet-reader.js';
import StylesXform from 'exceljs/lib/xlsx/xform/style/styles-xform.js';
import WorkbookXform from 'exceljs/lib/xlsx/xform/book/workbook-xform.js';
import RelationshipsXform from 'exceljs/lib/xlsx/xform/core/relationships-xform.js';
import type { Cell, SheetRow } from '../domain/sheet.js';

const MAX_ENTRIES = 10_000;
const MAX_PART_BYTES = 16 * 1024 * 1024; // workbook.xml, its relationships, styles.xml: read whole
const MAX_STREAM_BYTES = 64 * 1024 * 1024; // inflated XML read from the sheet, and from the shared strings

/** What the reader read: the rows kept, and how many sheet rows it parsed to get them. */
export type SheetRead = { rows: SheetRow[]; rowsParsed: number };

/** A cell as text plus whether it was stored as a number; the bench's old-path baseline uses it too. */
export function cellText(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') {
    const text = Number.isSafeInteger(value) ? value.toFixed(0) : String(value);
    return { text, numeric: true };
  }
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  if (typeof value === 'boolean') return { text: String(value), numeric: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), numeric: false };
  if ('richText' in value)
    return {
      text: value.richText
        .map((r) => r.text)
        .join('')
        .trim(),
      numeric: false,
    };
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text);
  if ('error' in value) return { text: '', numeric: false };
  return { text: String(value), numeric: false };
}

// ---------------------------------------------------------------------------------------------
// The ZIP

type Archive = { zip: ZipFile; entries: Map<string, Entry> };

function openArchive(file: string): Promise<Archive> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      if (zip.entryCount > MAX_ENTRIES) {
        zip.close();
        return reject(new Error(`${zip.entryCount} entries`));
      }
      const entries = new Map<string, Entry>();
      zip.on('entry', (entry: Entry) => {
        entries.set(entry.fileName.replace(/^\/+/, ''), entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve({ zip, entries }));
      zip.on('error', (e: Error) => {
        zip.close();
        reject(e);
      });
      zip.readEntry();
    });
  });
}

/**
 * An entry's XML as text, decoded across chunk boundaries, refusing more than `budget` inflated
 * bytes whatever the headers claim. Leaving the loop early destroys the inflating stream.
 */
async function* entryText(archive: Archive, path: string, budget: number): AsyncGenerator<string> {
  const entry = archive.entries.get(path);
  if (!entry) return;
  const stream = await new Promise<Readable>((resolve, reject) =>
    archive.zip.openReadStream(entry, (error, s) => (error || !s ? reject(error ?? new Error(path)) : resolve(s))),
  );
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > budget) throw new Error(`${path} inflates past ${budget} bytes`);
      yield decoder.decode(chunk, { stream: true });
    }
    yield decoder.decode();
  } finally {
    stream.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The workbook's small parts

type Relationship = { Id: string; Type: string; Target: string };
type Parts = { sheet: string | null; sharedStrings: string; styles: StylesXform; date1904: boolean };

/** A relationship's target as a path inside the ZIP ("worksheets/sheet3.xml" from "xl/" → "xl/worksheets/sheet3.xml"). */
function resolveTarget(fromDir: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(fromDir, target));
}

/** A small part, read whole: refused up front when its header already says it is too big. */
function partText(archive: Archive, path: string): AsyncGenerator<string> {
  const size = archive.entries.get(path)?.uncompressedSize ?? 0;
  if (size > MAX_PART_BYTES) throw new Error(`${path} declares ${size} bytes`);
  return entryText(archive, path, MAX_PART_BYTES);
}

async function relationships(archive: Archive, path: string): Promise<Relationship[]> {
  return (await new RelationshipsXform().parseStream(partText(archive, path))) ?? [];
}

async function workbookParts(archive: Archive): Promise<Parts> {
  const root = await relationships(archive, '_rels/.rels');
  const office = root.find((r) => r.Type.endsWith('/officeDocument'));
  const workbookPath = office ? resolveTarget('', office.Target) : 'xl/workbook.xml';
  const dir = posix.dirname(workbookPath);
  const workbook = new WorkbookXform();
  await workbook.parseStream(partText(archive, workbookPath));
  const rels = await relationships(archive, `${dir}/_rels/${posix.basename(workbookPath)}.rels`);
  const byType = (suffix: string) => rels.find((r) => r.Type.endsWith(suffix));
  const first = workbook.model?.sheets?.[0]; // tab order, as `workbook.worksheets[0]` gives
  const sheetRel = first && rels.find((r) => r.Id === first.rId);
  const styles = new StylesXform();
  const stylesRel = byType('/styles');
  if (stylesRel) await styles.parseStream(partText(archive, resolveTarget(dir, stylesRel.Target)));
  else styles.init();
  const sharedRel = byType('/sharedStrings');
  return {
    sheet: sheetRel ? resolveTarget(dir, sheetRel.Target) : null,
    sharedStrings: sharedRel ? resolveTarget(dir, sharedRel.Target) : `${dir}/sharedStrings.xml`,
    styles,
    date1904: Boolean(workbook.map.workbookPr.model?.date1904),
  };
}

// ---------------------------------------------------------------------------------------------
// Shared strings: only the ones asked for

/** The texts of the `wanted` shared strings; stops reading after the highest index wanted. */
async function sharedStrings(archive: Archive, path: string, wanted: Set<number>): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (!wanted.size) return found;
  let last = 0;
  for (const i of wanted) last = Math.max(last, i);
  let index = 0;
  let text: string[] | null = null; // the <t> pieces of the current <si>, when it is wanted
  let inText = false;
  let inPhonetic = false; // <rPh> holds a reading guide, not part of the cell's text
  for await (const events of parseSax(entryText(archive, path, MAX_STREAM_BYTES))) {
    for (const event of events) {
      if (event.eventType === 'opentag') {
        if (event.value.name === 'si') text = wanted.has(index) ? [] : null;
        else if (event.value.name === 't') inText = !inPhonetic;
        else if (event.value.name === 'rPh') inPhonetic = true;
      } else if (event.eventType === 'text') {
        if (inText && text) text.push(event.value);
      } else if (event.value.name === 't') inText = false;
      else if (event.value.name === 'rPh') inPhonetic = false;
      else if (event.value.name === 'si') {
        if (text) found.set(index, text.join(''));
        if (++index > last) return found;
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The sheet

type SharedRef = { sharedString: number };
type RawCell = Cell | SharedRef;
type RawRow = { rowNumber: number; cells: RawCell[] };

const isShared = (value: unknown): value is SharedRef =>
  typeof value === 'object' && value !== null && 'sharedString' in value;

/** A row's cells with shared strings left as references; null if the row is wholly empty. */
function rawRow(row: ExcelJS.Row): RawRow | null {
  const values = row.values as ExcelJS.CellValue[]; // 1-based and sparse, as readFile gives them
  const cells = values.slice(1).map((v): RawCell => (isShared(v) ? { sharedString: v.sharedString } : cellText(v)));
  return cells.some((c) => isShared(c) || c.text !== '') ? { rowNumber: row.number, cells } : null;
}

async function resolveRows(archive: Archive, path: string, pending: RawRow[]): Promise<SheetRow[]> {
  const wanted = new Set<number>();
  for (const row of pending) for (const c of row.cells) if (isShared(c)) wanted.add(c.sharedString);
  const texts = await sharedStrings(archive, path, wanted);
  const rows = pending.map((row) => ({
    rowNumber: row.rowNumber,
    cells: row.cells.map((c): Cell => (isShared(c) ? cellText(texts.get(c.sharedString) ?? '') : c)),
  }));
  return rows.filter((row) => row.cells.some((c) => c.text !== ''));
}

/**
 * The first worksheet's rows (header included) as text cells, skipping rows that are wholly empty:
 * at most `maxRows + 1` of them, one past the cap so the caller can tell the file is too long.
 */
export async function readFirstSheetCounted(file: string, maxRows: number): Promise<SheetRead> {
  const archive = await openArchive(file);
  try {
    const parts = await workbookParts(archive);
    if (!parts.sheet || !archive.entries.has(parts.sheet)) return { rows: [], rowsParsed: 0 };
    const workbook = {
      sharedStrings: undefined,
      styles: parts.styles,
      properties: { model: { date1904: parts.date1904 } },
    };
    const sheet = new WorksheetReader({
      workbook,
      id: 1,
      iterator: entryText(archive, parts.sheet, MAX_STREAM_BYTES),
      options: { worksheets: 'emit', hyperlinks: 'ignore' },
    });
    const rows: SheetRow[] = [];
    let pending: RawRow[] = [];
    let rowsParsed = 0;
    for await (const row of sheet) {
      rowsParsed++;
      const raw = rawRow(row);
      if (raw) pending.push(raw);
      // a row made only of shared strings may still turn out blank, so the cap counts resolved rows
      if (rows.length + pending.length > maxRows) {
        rows.push(...(await resolveRows(archive, parts.sharedStrings, pending)));
        pending = [];
        if (rows.length > maxRows) return { rows, rowsParsed };
      }
    }
    rows.push(...(await resolveRows(archive, parts.sharedStrings, pending)));
    return { rows, rowsParsed };
  } finally {
    archive.zip.close();
  }
}

export async function readFirstSheet(file: string, maxRows: number): Promise<SheetRow[]> {
  return (await readFirstSheetCounted(file, maxRows)).rows;
}
