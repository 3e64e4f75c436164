// Importing payments (.xlsx: 学号/身份证号, 金额, 原因) as the class monitors hand them in. Each row is
// one candidate's total; it is spread over their unpaid registrations in order. The amount must
// equal what is still due unless a reason is given. Checked first; recorded all-or-nothing unless the
// teacher asks for the clean rows only; the upload's token is the one-time key of every entry.
import type { Transaction } from 'sequelize';
import { invalid } from '../../domain/errors.js';
import { readPaymentRows, type PaymentRow, type RowProblem } from '../../domain/fee-import.js';
import { formatYuan } from '../../domain/money.js';
import { assertWritable, byRow, parsedRows, readImportSheet, sortRows } from '../xlsx-import.js';
import { FeeEntry, Registration } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { assertFeesOpen, collectedFor } from './fee-collections.js';
import { findPersonInDepartment } from '../accounts/students.js';
import { teacherDepartment } from '../guards.js';

export const MAX_ROWS = 5000;

export const messages = {
  unreadable: '文件打不开：请上传用 Excel 或 WPS 保存的 .xlsx 文件',
  teacherOnly: '只有本院指定老师可以导入收费',
  nothingDue: '该考生在本批次没有待缴的费用（可能已记录过）',
  mismatch: (amount: string, due: string) =>
    `金额 ${amount} 元与待缴 ${due} 元不一致：请核对，或在“原因”列说明（如减免、分次缴费）`,
  overpaid: (amount: string, due: string) => `金额 ${amount} 元超过待缴 ${due} 元：多收的请先退还，不要记入`,
  nothing: '没有可以导入的收费',
};

type Allocation = { registrationId: number; amountFen: number };
export type PlannedPayment = {
  rowNumber: number;
  name: string;
  studentNo: string | null;
  amountFen: number;
  reason: string;
  allocations: Allocation[];
};

/** What each of the student's active registrations still owes, in order; locked when `t` writes. */
async function openRegistrations(batchId: number, studentId: number, t?: Transaction): Promise<Allocation[]> {
  const registrations = await Registration.findAll({
    where: { batchId, studentId, status: 'active' },
    order: [['id', 'ASC']],
    transaction: t,
    lock: t ? t.LOCK.UPDATE : undefined,
  });
  const open: Allocation[] = [];
  for (const r of registrations) {
    const left =
      r.feeFen -
      (t ? await collectedFor(r.id, t) : ((await FeeEntry.sum('amountFen', { where: { registrationId: r.id } })) ?? 0));
    if (left > 0) open.push({ registrationId: r.id, amountFen: left });
  }
  return open;
}

/** A row's amount spread over the open registrations in order, each filled before the next. */
function spread(amountFen: number, open: Allocation[]): Allocation[] {
  let rest = amountFen;
  return open
    .map((a) => {
      const amountFen = Math.min(a.amountFen, rest);
      rest -= amountFen;
      return { registrationId: a.registrationId, amountFen };
    })
    .filter((a) => a.amountFen > 0);
}

async function allocate(
  row: PaymentRow,
  batchId: number,
  departmentId: number,
  t?: Transaction,
): Promise<PlannedPayment> {
  const student = await findPersonInDepartment(row, departmentId, t);
  const open = await openRegistrations(batchId, student.id, t);
  const due = open.reduce((s, a) => s + a.amountFen, 0);
  if (due === 0) throw invalid(messages.nothingDue);
  if (row.amountFen > due) throw invalid(messages.overpaid(formatYuan(row.amountFen), formatYuan(due)));
  if (row.amountFen !== due && !row.reason)
    throw invalid(messages.mismatch(formatYuan(row.amountFen), formatYuan(due)));
  return {
    rowNumber: row.rowNumber,
    name: student.name,
    studentNo: student.studentNo,
    amountFen: row.amountFen,
    reason: row.reason,
    allocations: spread(row.amountFen, open),
  };
}

async function plan(file: string, batchId: number, departmentId: number, t?: Transaction) {
  const sheet = await readImportSheet(file, MAX_ROWS, messages.unreadable);
  const read = parsedRows(() => readPaymentRows(sheet, MAX_ROWS));
  const sorted = await sortRows(
    read.rows,
    (row) => allocate(row, batchId, departmentId, t),
    (row, reason): RowProblem[] => [
      { rowNumber: row.rowNumber, who: row.name || row.studentNo || row.idNumber, reasons: [reason] },
    ],
  );
  return { good: sorted.good, bad: byRow([...read.problems, ...sorted.bad]) };
}

export async function previewFeeImport(actor: Actor, batchId: number, file: string) {
  return plan(file, batchId, teacherDepartment(actor, messages.teacherOnly));
}

/** A collected entry for every allocation; the upload's token makes each key one-time. */
async function saveEntries(
  actor: Actor,
  { batchId, departmentId, token }: { batchId: number; departmentId: number; token: string },
  good: PlannedPayment[],
  t: Transaction,
) {
  for (const payment of good) {
    for (const a of payment.allocations) {
      await FeeEntry.create(
        {
          batchId,
          departmentId,
          registrationId: a.registrationId,
          kind: 'collected',
          amountFen: a.amountFen,
          reason: payment.reason || null,
          reversesId: null,
          idempotencyKey: `${token}:${a.registrationId}`,
          createdBy: actor.userId,
        },
        { transaction: t },
      );
    }
  }
}

export async function importFees(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  file: string,
  token: string,
  onlyCleanRows: boolean,
) {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  await assertFeesOpen(ctx, batchId, departmentId);
  return transaction(ctx, async (t) => {
    const { good, bad } = await plan(file, batchId, departmentId, t);
    assertWritable(good.length, bad.length, onlyCleanRows, messages.nothing);
    await saveEntries(actor, { batchId, departmentId, token }, good, t);
    const totalFen = good.reduce((s, p) => s + p.amountFen, 0);
    await recordAudit(t, actor, {
      action: 'fee.imported',
      entityType: 'fee_entry',
      departmentId,
      after: { people: good.length, totalFen, skippedRows: bad.map((b) => b.rowNumber) },
    });
    return { people: good.length, totalFen, skipped: bad.length };
  });
}
