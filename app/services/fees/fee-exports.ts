// The fee workbooks: a department's fee sheet, and the office's reconciliation (a summary sheet,
// one sheet per department, every transfer, the remittance sheet). Numbers come from the same
// queries as the pages. Both are streamed: totals are read added up, the lines a thousand at a
// time, and each row is written and forgotten, so a season of 20,000 lines never sits in memory.
import type { Writable } from 'node:stream';
import { formatShanghai } from '../../domain/time.js';
import { PAYEE_NAMES, PAYEES } from '../../domain/ledger.js';
import { streamSheets, type StreamCell, type StreamColumn, type StreamSheet } from '../../lib/excel-stream.js';
import { linesInTurn, type FeeLine } from './fee-lines.js';
import { reconciliation, transfersOf } from './fee-reports.js';

const LINE_COLUMNS: StreamColumn[] = [
  { header: '班级/单位', width: 16, kind: 'text' },
  { header: '学号', width: 14, kind: 'text' },
  { header: '姓名', width: 10, kind: 'text' },
  { header: '身份证号', width: 22, kind: 'text' },
  { header: '报考项目', width: 28, kind: 'text' },
  { header: '应收(元)', width: 10, kind: 'money' },
  { header: '实收(元)', width: 10, kind: 'money' },
  { header: '状态', width: 14, kind: 'text' },
];

const lineRow = (l: FeeLine): StreamCell[] => [
  l.className,
  l.studentNo ?? '',
  l.name,
  l.idNumber,
  l.label,
  l.active ? l.dueFen : 0,
  l.collectedFen,
  l.stateName,
];

async function* lineRows(lines: AsyncIterable<FeeLine>): AsyncGenerator<StreamCell[]> {
  for await (const line of lines) yield lineRow(line);
}

/** A sheet of lines per department, read in turn (the sheets are written one after the other). */
function linesSheets(batchId: number, departments: Array<{ id: number; name: string }>): StreamSheet[] {
  const lines = linesInTurn(departments.map((d) => ({ batchId, departmentId: d.id })));
  return departments.map((d, i) => ({ name: d.name, columns: LINE_COLUMNS, rows: lineRows(lines[i]) }));
}

type Transfer = Awaited<ReturnType<typeof transfersOf>>[number];

export async function writeDepartmentFees(output: Writable, batchId: number, departmentId: number): Promise<void> {
  const transfers = await transfersOf(batchId, departmentId);
  await streamSheets(output, [
    ...linesSheets(batchId, [{ id: departmentId, name: '收费明细' }]),
    {
      name: '上交记录',
      columns: [
        { header: '转账日期', width: 12, kind: 'text' },
        { header: '凭证号', width: 24, kind: 'text' },
        { header: '金额(元)', width: 12, kind: 'money' },
        { header: '继续教育学院确认', width: 20, kind: 'text' },
      ],
      rows: transfers.map((t) => [
        t.transferredOn,
        t.voucherNo,
        t.amountFen,
        t.confirmedAt ? formatShanghai(t.confirmedAt) : '未确认',
      ]),
    },
  ]);
}

/** A reversal is its own row (negative amount), so the sheet says which row undoes which. */
function transferState(t: Transfer, all: Transfer[]): string {
  if (t.reversesId !== null) return '冲正（撤销一笔上交）';
  if (all.some((x) => x.reversesId === t.id)) return '已冲正';
  return t.confirmed ? '已确认' : '未确认';
}

/** 每笔转账: one row per transfer, so the office can tick them off against the bank statement. */
function transferSheet(departments: Array<{ name: string; transfers: Transfer[] }>): StreamSheet {
  return {
    name: '每笔转账',
    columns: [
      { header: '二级学院', width: 20, kind: 'text' },
      { header: '转账日期', width: 12, kind: 'text' },
      { header: '金额（元）', width: 12, kind: 'money' },
      { header: '凭证号', width: 24, kind: 'text' },
      { header: '状态', width: 20, kind: 'text' },
      { header: '确认时间', width: 18, kind: 'text' },
    ],
    rows: departments.flatMap((d) =>
      d.transfers.map((t) => [
        d.name,
        t.transferredOn,
        t.amountFen,
        t.voucherNo,
        transferState(t, d.transfers),
        t.confirmedAt ? formatShanghai(t.confirmedAt) : '',
      ]),
    ),
  };
}

type Reconciliation = Awaited<ReturnType<typeof reconciliation>>;

function summarySheet(r: Reconciliation): StreamSheet {
  return {
    name: '汇总',
    columns: [
      { header: '二级学院', width: 20, kind: 'text' },
      { header: '报名项数', width: 10, kind: 'number' },
      { header: '应收(元)', width: 12, kind: 'money' },
      { header: '实收(元)', width: 12, kind: 'money' },
      { header: '已上交(元)', width: 12, kind: 'money' },
      { header: '已确认(元)', width: 12, kind: 'money' },
      { header: '未收(元)', width: 12, kind: 'money' },
      { header: '未上交(元)', width: 12, kind: 'money' },
    ],
    rows: [
      ...r.perDepartment.map((d) => [
        d.name,
        d.registrations,
        d.money.expectedFen,
        d.money.collectedFen,
        d.money.transferredFen,
        d.money.confirmedFen,
        d.money.uncollectedFen,
        d.money.owedToOfficeFen,
      ]),
      [
        '合计',
        r.perDepartment.reduce((s, d) => s + d.registrations, 0),
        r.total.expectedFen,
        r.total.collectedFen,
        r.total.transferredFen,
        r.total.confirmedFen,
        r.total.uncollectedFen,
        r.total.owedToOfficeFen,
      ],
    ],
  };
}

function remittanceSheet(r: Reconciliation): StreamSheet {
  return {
    name: '上缴',
    columns: [
      { header: '收款单位', width: 16, kind: 'text' },
      { header: '应缴(元)', width: 12, kind: 'money' },
      { header: '已缴(元)', width: 12, kind: 'money' },
    ],
    rows: [
      ...PAYEES.map((p) => [PAYEE_NAMES[p], r.expected.byPayee[p], r.paid[p]]),
      [PAYEE_NAMES.finance, r.financeDueFen, r.paid.finance],
    ],
  };
}

export async function writeReconciliation(output: Writable, batchId: number): Promise<void> {
  const r = await reconciliation(batchId);
  await streamSheets(output, [
    summarySheet(r),
    ...linesSheets(batchId, r.perDepartment),
    transferSheet(r.perDepartment),
    remittanceSheet(r),
  ]);
}
