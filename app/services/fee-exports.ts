// The fee workbooks: a department's fee sheet, and the office's reconciliation (a summary sheet,
// one sheet per department, every transfer, the remittance sheet). Numbers come from the same
// queries as the pages.
import { formatShanghai } from '../domain/time.js';
import { PAYEE_NAMES, PAYEES } from '../domain/ledger.js';
import { writeWorkbook, type SheetSpec } from '../lib/excel.js';
import { departmentFeeSheet, reconciliation, transfersOf, type FeeLine } from './fee-reports.js';

const LINE_COLUMNS: SheetSpec['columns'] = [
  { header: '班级/单位', width: 16, kind: 'text' },
  { header: '学号', width: 14, kind: 'text' },
  { header: '姓名', width: 10, kind: 'text' },
  { header: '身份证号', width: 22, kind: 'text' },
  { header: '报考项目', width: 28, kind: 'text' },
  { header: '应收(元)', width: 10, kind: 'money' },
  { header: '实收(元)', width: 10, kind: 'money' },
  { header: '状态', width: 14, kind: 'text' },
];

const lineRow = (l: FeeLine) => [l.className, l.studentNo ?? '', l.name, l.idNumber, l.label, l.active ? l.dueFen : 0, l.collectedFen, l.stateName];

export async function departmentFeeWorkbook(batchId: number, departmentId: number): Promise<Buffer> {
  const sheet = await departmentFeeSheet(batchId, departmentId);
  const lines = sheet.byClass.flatMap((c) => c.lines);
  return writeWorkbook([
    { name: '收费明细', columns: LINE_COLUMNS, rows: lines.map(lineRow) },
    {
      name: '上交记录',
      columns: [{ header: '转账日期', width: 12, kind: 'text' }, { header: '凭证号', width: 24, kind: 'text' }, { header: '金额(元)', width: 12, kind: 'money' }, { header: '继续教育学院确认', width: 20, kind: 'text' }],
      rows: sheet.transfers.map((t) => [t.transferredOn, t.voucherNo, t.amountFen, t.confirmedAt ? formatShanghai(t.confirmedAt) : '未确认']),
    },
  ]);
}

type Transfer = Awaited<ReturnType<typeof transfersOf>>[number];

/** A reversal is its own row (negative amount), so the sheet says which row undoes which. */
function transferState(t: Transfer, all: Transfer[]): string {
  if (t.reversesId !== null) return '冲正（撤销一笔上交）';
  if (all.some((x) => x.reversesId === t.id)) return '已冲正';
  return t.confirmed ? '已确认' : '未确认';
}

/** 每笔转账: one row per transfer, so the office can tick them off against the bank statement. */
function transferSheet(departments: Array<{ name: string; transfers: Transfer[] }>): SheetSpec {
  return {
    name: '每笔转账',
    columns: [
      { header: '二级学院', width: 20, kind: 'text' }, { header: '转账日期', width: 12, kind: 'text' }, { header: '金额（元）', width: 12, kind: 'money' },
      { header: '凭证号', width: 24, kind: 'text' }, { header: '状态', width: 20, kind: 'text' }, { header: '确认时间', width: 18, kind: 'text' },
    ],
    rows: departments.flatMap((d) => d.transfers.map((t) => [
      d.name, t.transferredOn, t.amountFen, t.voucherNo, transferState(t, d.transfers), t.confirmedAt ? formatShanghai(t.confirmedAt) : '',
    ])),
  };
}

export async function reconciliationWorkbook(batchId: number): Promise<Buffer> {
  const r = await reconciliation(batchId);
  const summary: SheetSpec = {
    name: '汇总',
    columns: [
      { header: '二级学院', width: 20, kind: 'text' }, { header: '报名项数', width: 10, kind: 'number' },
      { header: '应收(元)', width: 12, kind: 'money' }, { header: '实收(元)', width: 12, kind: 'money' },
      { header: '已上交(元)', width: 12, kind: 'money' }, { header: '已确认(元)', width: 12, kind: 'money' },
      { header: '未收(元)', width: 12, kind: 'money' }, { header: '未上交(元)', width: 12, kind: 'money' },
    ],
    rows: [
      ...r.perDepartment.map((d) => [d.name, d.registrations, d.money.expectedFen, d.money.collectedFen, d.money.transferredFen, d.money.confirmedFen, d.money.uncollectedFen, d.money.owedToOfficeFen]),
      ['合计', r.perDepartment.reduce((s, d) => s + d.registrations, 0), r.total.expectedFen, r.total.collectedFen, r.total.transferredFen, r.total.confirmedFen, r.total.uncollectedFen, r.total.owedToOfficeFen],
    ],
  };
  const departments: SheetSpec[] = await Promise.all(
    r.perDepartment.map(async (d) => ({ name: d.name, columns: LINE_COLUMNS, rows: (await departmentFeeSheet(batchId, d.id)).byClass.flatMap((c) => c.lines).map(lineRow) })),
  );
  const remittance: SheetSpec = {
    name: '上缴',
    columns: [{ header: '收款单位', width: 16, kind: 'text' }, { header: '应缴(元)', width: 12, kind: 'money' }, { header: '已缴(元)', width: 12, kind: 'money' }],
    rows: [
      ...PAYEES.map((p) => [PAYEE_NAMES[p], r.expected.byPayee[p], r.paid[p]]),
      [PAYEE_NAMES.finance, r.financeDueFen, r.paid.finance],
    ],
  };
  return writeWorkbook([summary, ...departments, transferSheet(r.perDepartment), remittance]);
}
