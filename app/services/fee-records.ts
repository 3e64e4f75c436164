// Recording money. Every write: one transaction, the registration (or department) row locked
// first, amounts in fen, a one-time form key stored with a unique index (a double click or a
// resent form is recorded once, and says so), never an edit: corrections reverse.
import { randomUUID } from 'node:crypto';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import { conflict, forbidden, invalid, notFound } from '../domain/errors.js';
import { formatShanghai } from '../domain/time.js';
import { formatYuan } from '../domain/money.js';
import { PAYEES, type UpwardPayee } from '../domain/ledger.js';
import { Batch, Department, ExamFeeRate, FeeEntry, FeeRemittance, FeeTransfer, Registration } from '../models/index.js';
import type { Payee } from '../models/fees.js';
import { recordAudit } from './audit.js';
import { transferConfirmed, transferRecorded } from './notifications.js';
import { transaction, type Actor, type ServiceContext } from './context.js';
import { effectiveDeadlineFor } from './extensions.js';
import { receiptScan } from './fee-receipts.js';

export const messages = {
  deadline: (at: Date) => `缴费确认已于 ${formatShanghai(at)} 截止；如需补记，请联系继续教育学院延长本院截止时间`,
  teacherOnly: '只有本院指定老师可以记录收费和上交',
  officeOnly: '只有继续教育学院可以确认收款和记录上缴',
  nothingSelected:
    '没有勾选任何项目，什么也没有记录：请在名单中勾选已收到费用的考生项目（可用每班表头的方框全选），再点“勾选的项目已收费”',
  reasonNeeded: (due: string) => `实收金额与应收 ${due} 元不一致：请填写原因（如减免、分次缴费）`,
  reason: '请填写原因（不超过 200 字）',
  amount: '金额应为大于 0 的数字（元，最多两位小数）',
  date: '日期格式应为 YYYY-MM-DD',
  voucher: '请填写转账凭证号或银行流水号（不超过 60 个字符）',
  payee: '请选择收款单位',
  nothingToRefund: '这个项目没有已收的费用，无需退费',
  alreadyReversed: '这条记录已经冲正过了',
  duplicate: '这张表单已经提交过了（可能是重复点击），没有重复记账',
  missing: '找不到这条记录',
  noBatch: '找不到这个批次：请从收费对账页面重新进入',
  confirmed: '已确认收款的上交记录不能由学院冲正，请联系继续教育学院',
};

/** The one-time key a form carries; the unique index turns a second submission into a no-op. */
export const newFormKey = () => randomUUID();

function teacherDepartment(actor: Actor): number {
  if (actor.role !== 'teacher' || actor.departmentId === null) throw forbidden(messages.teacherOnly);
  return actor.departmentId;
}

function officeOnly(actor: Actor) {
  if (actor.role !== 'office') throw forbidden(messages.officeOnly);
}

export async function assertFeesOpen(ctx: ServiceContext, batchId: number, departmentId: number) {
  const batch = await Batch.findByPk(batchId);
  if (!batch) throw notFound(messages.noBatch);
  const due = await effectiveDeadlineFor(batch, departmentId, 'feesDueAt');
  if (ctx.now().getTime() > due.getTime()) throw invalid(messages.deadline(due));
}

/** Runs a money write; a second use of the same form key is answered "already recorded". */
async function once<T>(ctx: ServiceContext, work: (t: Transaction) => Promise<T>): Promise<T | 'duplicate'> {
  try {
    return await transaction(ctx, work);
  } catch (error) {
    if (error instanceof UniqueConstraintError) return 'duplicate';
    throw error;
  }
}

export type Recorded = { recorded: number; duplicate: boolean };

const asRecorded = (result: number | 'duplicate'): Recorded =>
  result === 'duplicate' ? { recorded: 0, duplicate: true } : { recorded: result, duplicate: false };

/**
 * What was collected so far, read with a lock: under MySQL's REPEATABLE READ a plain read would see
 * the snapshot taken before this transaction waited for the row lock, and count a racing payment twice.
 */
export async function collectedFor(registrationId: number, t: Transaction): Promise<number> {
  const entries = await FeeEntry.findAll({
    attributes: ['amountFen'],
    where: { registrationId },
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
  return entries.reduce((sum, e) => sum + e.amountFen, 0);
}

/**
 * The teacher ticked registrations as paid: each gets what is still outstanding. With one
 * registration an explicit amount may differ from what is due, with a reason.
 */
export async function recordCollection(
  ctx: ServiceContext,
  actor: Actor,
  input: { batchId: number; registrationIds: number[]; key: string; amountFen: number | null; reason: string },
): Promise<Recorded> {
  const departmentId = teacherDepartment(actor);
  if (!input.registrationIds.length) throw invalid(messages.nothingSelected);
  await assertFeesOpen(ctx, input.batchId, departmentId);
  const ids = [...new Set(input.registrationIds)].sort((a, b) => a - b);
  const result = await once(ctx, async (t) => {
    // This very form was recorded before (a resent page, a double click after the first finished).
    if (await FeeEntry.count({ where: { idempotencyKey: ids.map((id) => `${input.key}:${id}`) }, transaction: t }))
      return 'duplicate' as const;
    let recorded = 0;
    for (const id of ids) {
      const registration = await Registration.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!registration || registration.batchId !== input.batchId) throw notFound(messages.missing);
      if (registration.departmentId !== departmentId) throw forbidden('所选项目中有不属于本院的，未做任何记录');
      if (registration.status !== 'active') continue;
      const left = registration.feeFen - (await collectedFor(id, t));
      const amount = input.registrationIds.length === 1 && input.amountFen !== null ? input.amountFen : left;
      if (amount <= 0) continue;
      const reason = input.reason.trim() || null;
      if (amount !== left && !reason) throw invalid(messages.reasonNeeded(formatYuan(left)));
      await FeeEntry.create(
        {
          batchId: input.batchId,
          departmentId,
          registrationId: id,
          kind: 'collected',
          amountFen: amount,
          reason,
          reversesId: null,
          idempotencyKey: `${input.key}:${id}`,
          createdBy: actor.userId,
        },
        { transaction: t },
      );
      recorded++;
    }
    await recordAudit(t, actor, {
      action: 'fee.collected',
      entityType: 'fee_entry',
      departmentId,
      after: { registrations: input.registrationIds, count: recorded },
    });
    return recorded;
  });
  return asRecorded(result);
}

/** Pays back everything collected for a registration (usually a cancelled one). */
export async function recordRefund(
  ctx: ServiceContext,
  actor: Actor,
  input: { registrationId: number; key: string; reason: string },
): Promise<Recorded> {
  const departmentId = teacherDepartment(actor);
  const reason = input.reason.trim();
  if (!reason || reason.length > 200) throw invalid(messages.reason);
  const result = await once(ctx, async (t) => {
    const registration = await Registration.findByPk(input.registrationId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!registration) throw notFound(messages.missing);
    if (registration.departmentId !== departmentId) throw forbidden('这个项目不属于本院');
    const collected = await collectedFor(registration.id, t);
    if (collected <= 0) throw invalid(messages.nothingToRefund);
    await FeeEntry.create(
      {
        batchId: registration.batchId,
        departmentId,
        registrationId: registration.id,
        kind: 'refunded',
        amountFen: -collected,
        reason,
        reversesId: null,
        idempotencyKey: input.key,
        createdBy: actor.userId,
      },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action: 'fee.refunded',
      entityType: 'registration',
      entityId: registration.id,
      departmentId,
      after: { amountFen: -collected, reason },
    });
    return 1;
  });
  return asRecorded(result);
}

/** A correction: a new entry of the opposite amount; the old one stays. */
export async function reverseEntry(
  ctx: ServiceContext,
  actor: Actor,
  input: { entryId: number; key: string; reason: string },
): Promise<Recorded> {
  const departmentId = teacherDepartment(actor);
  const reason = input.reason.trim();
  if (!reason || reason.length > 200) throw invalid(messages.reason);
  const result = await once(ctx, async (t) => {
    const entry = await FeeEntry.findByPk(input.entryId, { transaction: t });
    if (!entry) throw notFound(messages.missing);
    if (entry.departmentId !== departmentId) throw forbidden('这条记录不属于本院');
    await Registration.findByPk(entry.registrationId, { transaction: t, lock: t.LOCK.UPDATE });
    if (await FeeEntry.findOne({ where: { reversesId: entry.id }, transaction: t }))
      throw conflict(messages.alreadyReversed);
    await FeeEntry.create(
      {
        batchId: entry.batchId,
        departmentId,
        registrationId: entry.registrationId,
        kind: 'reversal',
        amountFen: -entry.amountFen,
        reason,
        reversesId: entry.id,
        idempotencyKey: input.key,
        createdBy: actor.userId,
      },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action: 'fee.reversed',
      entityType: 'fee_entry',
      entityId: entry.id,
      departmentId,
      before: { amountFen: entry.amountFen },
      after: { reason },
    });
    return 1;
  });
  return asRecorded(result);
}

export type TransferInput = {
  batchId: number;
  amountFen: number | null;
  transferredOn: string;
  voucherNo: string;
  key: string;
  receipt: { path: string } | null;
};

/** The department's bank transfer to the office (上交). */
export async function recordTransfer(ctx: ServiceContext, actor: Actor, input: TransferInput): Promise<Recorded> {
  const departmentId = teacherDepartment(actor);
  if (!input.amountFen || input.amountFen <= 0) throw invalid(messages.amount);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.transferredOn)) throw invalid(messages.date);
  const voucherNo = input.voucherNo.trim();
  if (!voucherNo || voucherNo.length > 60) throw invalid(messages.voucher);
  const scan = input.receipt ? await receiptScan(ctx, input.receipt, input.batchId, departmentId) : null;
  try {
    const result = await once(ctx, async (t) => {
      await Department.findByPk(departmentId, { transaction: t, lock: t.LOCK.UPDATE });
      const created = await FeeTransfer.create(
        {
          batchId: input.batchId,
          departmentId,
          amountFen: input.amountFen!,
          transferredOn: input.transferredOn,
          voucherNo,
          receiptPath: scan?.relative ?? null,
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
        after: { amountFen: input.amountFen, voucherNo, transferredOn: input.transferredOn },
      });
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
 * A wrong transfer or remittance is corrected by a row of the opposite amount (the original stays).
 * A department may correct its own unconfirmed transfer; the office may correct anything.
 */
export async function reverseTransfer(
  ctx: ServiceContext,
  actor: Actor,
  input: { transferId: number; key: string; reason: string },
): Promise<Recorded> {
  const reason = input.reason.trim();
  if (!reason || reason.length > 200) throw invalid(messages.reason);
  const result = await once(ctx, async (t) => {
    const transfer = await FeeTransfer.findByPk(input.transferId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!transfer || transfer.reversesId !== null) throw notFound(messages.missing);
    if (actor.role !== 'office') {
      if (actor.role !== 'teacher' || actor.departmentId !== transfer.departmentId)
        throw forbidden(messages.teacherOnly);
      if (transfer.confirmedAt) throw forbidden(messages.confirmed);
    }
    if (await FeeTransfer.findOne({ where: { reversesId: transfer.id }, transaction: t }))
      throw conflict(messages.alreadyReversed);
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
  officeOnly(actor);
  const reason = input.reason.trim();
  if (!reason || reason.length > 200) throw invalid(messages.reason);
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
  officeOnly(actor);
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
  officeOnly(actor);
  if (![...PAYEES, 'finance'].includes(input.payee)) throw invalid(messages.payee);
  if (!input.amountFen || input.amountFen <= 0) throw invalid(messages.amount);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.paidOn)) throw invalid(messages.date);
  const reference = input.reference.trim();
  if (!reference || reference.length > 60) throw invalid(messages.voucher);
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
  officeOnly(actor);
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
