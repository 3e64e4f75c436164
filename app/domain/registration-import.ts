// Rows of a registration list exported by the campus system (报名导出): who (学号 or 身份证号),
// which item (考级名称), which level. Pure: the service resolves people and items.
import { headerIndex, type SheetRow } from './sheet.js';

export const COLUMNS = [
  { field: 'studentNo', header: '学号', aliases: [] },
  { field: 'idNumber', header: '身份证号', aliases: ['身份证号码', '证件号码'] },
  { field: 'name', header: '姓名', aliases: [] },
  { field: 'item', header: '报考项目', aliases: ['考级名称', '项目', '职业（工种）', '职业(工种)', '职业工种'] },
  { field: 'level', header: '级别', aliases: ['等级', '认定级别', '报考级别'] },
  { field: 'held', header: '已获证书', aliases: ['已获得证书', '证书情况'] },
] as const;

type Field = (typeof COLUMNS)[number]['field'];

export type ImportRow = {
  rowNumber: number;
  studentNo: string;
  idNumber: string;
  name: string;
  item: string;
  level: string;
  heldNone: boolean;
};
export type RowProblem = { rowNumber: number; who: string; reasons: string[] };

export const messages = {
  empty: '文件里没有数据行：第 1 行写表头，从第 2 行起每行一项报名',
  headers: '第 1 行缺少表头：至少需要“学号”或“身份证号”，以及“报考项目”。请下载模板，按模板填写',
  who: '学号和身份证号都为空：请至少填一个',
  item: '报考项目为空',
  idAsNumber: '身份证号被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”格式后重新填写',
  tooMany: (max: number) => `一次最多导入 ${max} 行，请分成几个文件`,
};

/** Full-width brackets and spaces, as Excel users type them, read like the catalog's names. */
export function normaliseItemName(name: string): string {
  return name.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase();
}

export function readRegistrationRows(rows: SheetRow[], maxRows: number): { rows: ImportRow[]; problems: RowProblem[] } {
  if (rows.length < 2) throw new RangeError(messages.empty);
  if (rows.length - 1 > maxRows) throw new RangeError(messages.tooMany(maxRows));
  const index = headerIndex(rows[0].cells, COLUMNS);
  if (!index.has('item') || (!index.has('studentNo') && !index.has('idNumber'))) throw new RangeError(messages.headers);
  const good: ImportRow[] = [];
  const problems: RowProblem[] = [];
  for (const row of rows.slice(1)) {
    const cell = (f: Field) => (index.has(f) ? row.cells[index.get(f)!] : undefined);
    const text = (f: Field) => cell(f)?.text ?? '';
    const parsed: ImportRow = {
      rowNumber: row.rowNumber,
      studentNo: text('studentNo'),
      idNumber: text('idNumber'),
      name: text('name'),
      item: text('item'),
      level: text('level'),
      heldNone: text('held') === '无',
    };
    const reasons: string[] = [];
    if (cell('idNumber')?.numeric) reasons.push(messages.idAsNumber);
    if (!parsed.studentNo && !parsed.idNumber) reasons.push(messages.who);
    if (!parsed.item) reasons.push(messages.item);
    if (reasons.length)
      problems.push({ rowNumber: row.rowNumber, who: parsed.name || parsed.studentNo || parsed.idNumber, reasons });
    else good.push(parsed);
  }
  return { rows: good, problems };
}
