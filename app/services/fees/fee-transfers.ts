// Money moving up: the department's transfers to the office (上交), the office's remittances to
// the payees and college finance (上缴), their corrections, and the per-head exam fees paid upward.
// Each write is one transaction (see fee-records.ts).
import type { Transaction } from 'sequelize';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { PAYEES, type UpwardPayee } from '../../domain/ledger.js';
import { Batch, Department, ExamFeeRate, FeeRemittance, FeeTransfer } from '../../models/index.js';
import type { Payee } from '../../models/fees.js';
import { recordAudit } from '../audit.js';
import { transferConfirmed, transferRecorded } from '../notifications/notifications.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { receiptScan } from './fee-receipts.js';
import { asRecorded, messages, once, requiredReason, type Recorded } from './fee-records.js';
import { officeOnly, teacherDepartment } from '../guards.js';
import { requiredText } from '../../domain/required-text.js';

export type TransferInput = {
  batchId: number;
  amountFen: number | null;
  transferredOn: string;
  voucherNo: string;
  key: string;
  receipt: { path: string } | null;
};

/** The transfer form checked: an amount, a date and a voucher number, which comes back trimmed. */
function checkedTransfer(input: TransferInput): TransferInput {
  if (!input.amountFen || input.amountFen <= 0) throw invalid(messages.amount);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.transferredOn)) throw invalid(messages.date);
  const voucherNo = requiredText(input.voucherNo, 60, messages.voucher);
  return { ...input, voucherNo };
}

/** The transfer's row and its audit entry, the department's row locked first. */
async function saveTransfer(
  actor: Actor,
  departmentId: number,
  input: TransferInput & { receiptPath: string | null },
  t: Transaction,
): Promise<FeeTransfer> {
  await Department.findByPk(departmentId, { transaction: t, lock: t.LOCK.UPDATE });
  const created = await FeeTransfer.create(
    {
      batchId: input.batchId,
      departmentId,
      amountFen: input.amountFen!,
      transferredOn: input.transferredOn,
      voucherNo: input.voucherNo,
      receiptPath: input.receiptPath,
      reversesId: null,
      idempotencyKey: input.key,
      createdBy: actor.userId,
    },
    { transaction: t },
  );
  await recordAudit(t, actor, {
    action: 'fee.transferred',
    entityType: 'fee_transfer',
    entityId: created.id,
    departmentId,
    after: { amountFen: input.amountFen, voucherNo: input.voucherNo, transferredOn: input.transferredOn },
  });
  return created;
}

/** The department's bank transfer to the office (上交). */
export async function recordTransfer(ctx: ServiceContext, actor: Actor, input: TransferInput): Promise<Recorded> {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const checked = checkedTransfer(input);
  const scan = input.receipt ? await receiptScan(ctx, input.receipt, input.batchId, departmentId) : null;
  try {
    const result = await once(ctx, async (t) => {
      const created = await saveTransfer(actor, departmentId, { ...checked, receiptPath: scan?.relative ?? null }, t);
      await transferRecorded(ctx, t, created);
      // The scan goes into place last, so a refused or repeated transfer never leaves one behind.
      await scan?.place();
      return 1;
    });
    if (result === 'duplicate') await scan?.discard();
    return asRecorded(result);
  } catch (error) {
    await scan?.discard();
    throw error;
  }
}

/**
 * The transfer to correct, locked: an original, not reversed before; a department's own and
 * unconfirmed unless the office corrects it.
 */
async function transferToReverse(actor: Actor, transferId: number, t: Transaction): Promise<FeeTransfer> {
  const transfer = await FeeTransfer.findByPk(transferId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!transfer || transfer.reversesId !== null) throw notFound(messages.missing);
  if (actor.role !== 'office') {
    if (actor.role !== 'teacher' || actor.departmentId !== transfer.departmentId) throw forbidden(messages.teacherOnly);
    if (transfer.confirmedAt) throw forbidden(messages.confirmed);
  }
  if (await FeeTransfer.findOne({ where: { reversesId: transfer.id }, transaction: t }))
    throw conflict(messages.alreadyReversed);
  return transfer;
}

/**
 * A wrong transfer or remittance is corrected by a row of the opposite amount (the original stays).
 * A department may correct its own unconfirmed transfer; the office may correct anything.
 */
export async function reverseTransfer(
  ctx: ServiceContext,
  actor: Actor,
  input: { transferId: number; key: string; reason: string },
): Promise<Recorded> {
  const reason = requiredReason(input.reason);
  const result = await once(ctx, async (t) => {
    const transfer = await transferToReverse(actor, input.transferId, t);
    await FeeTransfer.create(
      {
        batchId: transfer.batchId,
        departmentId: transfer.departmentId,
        amountFen: -transfer.amountFen,
        transferredOn: transfer.transferredOn,
        voucherNo: `冲正:${transfer.voucherNo}`.slice(0, 60),
        receiptPath: null,
        confirmedAt: transfer.confirmedAt ? ctx.now() : null,
        confirmedBy: transfer.confirmedAt ? actor.userId : null,
        reversesId: transfer.id,
        idempotencyKey: input.key,
        createdBy: actor.userId,
      },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action: 'fee.transfer-reversed',
      entityType: 'fee_transfer',
      entityId: transfer.id,
      departmentId: transfer.departmentId,
      before: { amountFen: transfer.amountFen },
      after: { reason },
    });
    return 1;
  });
  return asRecorded(result);
}

export async function reverseRemittance(
  ctx: ServiceContext,
  actor: Actor,
  input: { remittanceId: number; key: string; reason: string },
): Promise<Recorded> {
  officeOnly(actor, messages.officeOnly);
  const reason = requiredReason(input.reason);
  const result = await once(ctx, async (t) => {
    const remittance = await FeeRemittance.findByPk(input.remittanceId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!remittance || remittance.reversesId !== null) throw notFound(messages.missing);
    if (await FeeRemittance.findOne({ where: { reversesId: remittance.id }, transaction: t }))
      throw conflict(messages.alreadyReversed);
    await FeeRemittance.create(
      {
        batchId: remittance.batchId,
        payee: remittance.payee,
        amountFen: -remittance.amountFen,
        paidOn: remittance.paidOn,
        reference: `冲正:${remittance.reference}`.slice(0, 60),
        reversesId: remittance.id,
        idempotencyKey: input.key,
        createdBy: actor.userId,
      },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action: 'fee.remittance-reversed',
      entityType: 'fee_remittance',
      entityId: remittance.id,
      before: { amountFen: remittance.amountFen },
      after: { reason },
    });
    return 1;
  });
  return asRecorded(result);
}

/** The office saw the money arrive. */
export async function confirmTransfer(ctx: ServiceContext, actor: Actor, transferId: number) {
  officeOnly(actor, messages.officeOnly);
  await transaction(ctx, async (t) => {
    const transfer = await FeeTransfer.findByPk(transferId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!transfer) throw notFound(messages.missing);
    if (transfer.confirmedAt) return;
    await transfer.update({ confirmedAt: ctx.now(), confirmedBy: actor.userId }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'fee.transfer-confirmed',
      entityType: 'fee_transfer',
      entityId: transfer.id,
      departmentId: transfer.departmentId,
      after: { amountFen: transfer.amountFen },
    });
    await transferConfirmed(ctx, t, transfer);
  });
}

export type RemittanceInput = {
  batchId: number;
  payee: string;
  amountFen: number | null;
  paidOn: string;
  reference: string;
  key: string;
};

/** The office paid an exam fee upward, or handed the rest to college finance (上缴). */
export async function recordRemittance(ctx: ServiceContext, actor: Actor, input: RemittanceInput): Promise<Recorded> {
  officeOnly(actor, messages.officeOnly);
  if (![...PAYEES, 'finance'].includes(input.payee)) throw invalid(messages.payee);
  if (!input.amountFen || input.amountFen <= 0) throw invalid(messages.amount);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.paidOn)) throw invalid(messages.date);
  const reference = requiredText(input.reference, 60, messages.voucher);
  const result = await once(ctx, async (t) => {
    const created = await FeeRemittance.create(
      {
        batchId: input.batchId,
        payee: input.payee as Payee,
        amountFen: input.amountFen!,
        paidOn: input.paidOn,
        reference,
        reversesId: null,
        idempotencyKey: input.key,
        createdBy: actor.userId,
      },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action: 'fee.remitted',
      entityType: 'fee_remittance',
      entityId: created.id,
      after: { payee: input.payee, amountFen: input.amountFen, reference },
    });
    return 1;
  });
  return asRecorded(result);
}

/** Per-head exam fees for each payee and kind; a row per slot, edited in place (configuration). */
export async function setExamFeeRates(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  rates: Record<UpwardPayee, { grade: number | null; special: number | null }>,
) {
  officeOnly(actor, messages.officeOnly);
  await transaction(ctx, async (t) => {
    // Checked here rather than left to the foreign key, which would answer with a database error.
    if (!(await Batch.findByPk(batchId, { transaction: t }))) throw notFound(messages.noBatch);
    for (const payee of PAYEES) {
      for (const kind of ['grade', 'special'] as const) {
        const row = await ExamFeeRate.findOne({ where: { batchId, payee, kind }, transaction: t });
        const amountFen = rates[payee][kind];
        if (row) await row.update({ amountFen }, { transaction: t });
        else await ExamFeeRate.create({ batchId, payee, kind, amountFen }, { transaction: t });
      }
    }
    await recordAudit(t, actor, { action: 'fee.exam-rates-set', entityType: 'batch', entityId: batchId, after: rates });
  });
}
