// Rows of a payments list (.xlsx from the class monitors): who (学号 or 身份证号), how much (元),
// and a reason when the amount differs from what is due. Pure: the service finds the people.
import { parseYuan } from './money.js';
import { headerIndex, type SheetRow } from './sheet.js';

export const COLUMNS = [
  { field: 'studentNo', header: '学号', aliases: [] },
  { field: 'idNumber', header: '身份证号', aliases: ['身份证号码', '证件号码'] },
  { field: 'name', header: '姓名', aliases: [] },
  { field: 'amount', header: '金额', aliases: ['实收金额', '缴费金额', '金额(元)', '金额（元）'] },
  { field: 'reason', header: '原因', aliases: ['备注', '说明'] },
] as const;

export type PaymentRow = {
  rowNumber: number;
  studentNo: string;
  idNumber: string;
  name: string;
  amountFen: number;
  reason: string;
};
export type RowProblem = { rowNumber: number; who: string; reasons: string[] };

export const messages = {
  empty: '文件里没有数据行：第 1 行写表头，从第 2 行起每行一名考生',
  tooMany: (max: number) => `一次最多导入 ${max} 行，请分成几个文件`,
  headers: '第 1 行缺少表头：需要“学号”或“身份证号”，以及“金额”。请下载模板',
  who: '学号和身份证号都为空：请至少填一个',
  amount: (raw: string) => `金额「${raw || '空'}」不对：请写元，最多两位小数，例如 320 或 520.00`,
  idAsNumber: '身份证号被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”格式后重新填写',
  duplicate: (row: number) => `与第 ${row} 行是同一名考生：每名考生只写一行（两个项目写合计金额）`,
};

export function readPaymentRows(rows: SheetRow[], maxRows: number): { rows: PaymentRow[]; problems: RowProblem[] } {
  if (rows.length < 2) throw new RangeError(messages.empty);
  if (rows.length - 1 > maxRows) throw new RangeError(messages.tooMany(maxRows));
  const index = headerIndex(rows[0].cells, COLUMNS);
  if (!index.has('amount') || (!index.has('studentNo') && !index.has('idNumber')))
    throw new RangeError(messages.headers);
  const good: PaymentRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of rows.slice(1)) {
    const cell = (f: (typeof COLUMNS)[number]['field']) => (index.has(f) ? row.cells[index.get(f)!] : undefined);
    const text = (f: (typeof COLUMNS)[number]['field']) => cell(f)?.text ?? '';
    const amountFen = parseYuan(text('amount'));
    const parsed = {
      rowNumber: row.rowNumber,
      studentNo: text('studentNo'),
      idNumber: text('idNumber'),
      name: text('name'),
      amountFen: amountFen ?? 0,
      reason: text('reason'),
    };
    const reasons: string[] = [];
    if (cell('idNumber')?.numeric) reasons.push(messages.idAsNumber);
    if (!parsed.studentNo && !parsed.idNumber) reasons.push(messages.who);
    if (amountFen === null || amountFen <= 0) reasons.push(messages.amount(text('amount')));
    const who = parsed.studentNo || parsed.idNumber;
    if (who && seen.has(who)) reasons.push(messages.duplicate(seen.get(who)!));
    if (who && !seen.has(who)) seen.set(who, row.rowNumber);
    if (reasons.length) problems.push({ rowNumber: row.rowNumber, who: parsed.name || who, reasons });
    else good.push(parsed);
  }
  return { rows: good, problems };
}
