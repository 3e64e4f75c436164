// What the teacher collects from candidates and pays back: ticked payments, refunds, corrections.
// Each write locks the registration row first, in one transaction (see fee-records.ts).
import type { Transaction } from 'sequelize';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { formatYuan } from '../../domain/money.js';
import { Batch, FeeEntry, Registration } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { asRecorded, messages, once, requiredReason, type Recorded } from './fee-records.js';
import { assertBeforeDeadline, teacherDepartment } from '../guards.js';

export async function assertFeesOpen(ctx: ServiceContext, batchId: number, departmentId: number) {
  const batch = await Batch.findByPk(batchId);
  if (!batch) throw notFound(messages.noBatch);
  await assertBeforeDeadline(ctx, batch, departmentId, 'feesDueAt', messages.deadline);
}

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

type CollectionInput = {
  batchId: number;
  registrationIds: number[];
  key: string;
  amountFen: number | null;
  reason: string;
};

/**
 * One ticked registration, locked: what is still outstanding (or, when it is the only one, the
 * amount typed) becomes a collected entry. False when there was nothing to record.
 */
async function collectOutstanding(
  actor: Actor,
  departmentId: number,
  input: CollectionInput,
  id: number,
  t: Transaction,
): Promise<boolean> {
  const registration = await Registration.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!registration || registration.batchId !== input.batchId) throw notFound(messages.missing);
  if (registration.departmentId !== departmentId) throw forbidden('所选项目中有不属于本院的，未做任何记录');
  if (registration.status !== 'active') return false;
  const left = registration.feeFen - (await collectedFor(id, t));
  const amount = input.registrationIds.length === 1 && input.amountFen !== null ? input.amountFen : left;
  if (amount <= 0) return false;
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
  return true;
}

/**
 * The teacher ticked registrations as paid: each gets what is still outstanding. With one
 * registration an explicit amount may differ from what is due, with a reason.
 */
export async function recordCollection(ctx: ServiceContext, actor: Actor, input: CollectionInput): Promise<Recorded> {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  if (!input.registrationIds.length) throw invalid(messages.nothingSelected);
  await assertFeesOpen(ctx, input.batchId, departmentId);
  const ids = [...new Set(input.registrationIds)].sort((a, b) => a - b);
  const result = await once(ctx, async (t) => {
    // This very form was recorded before (a resent page, a double click after the first finished).
    if (await FeeEntry.count({ where: { idempotencyKey: ids.map((id) => `${input.key}:${id}`) }, transaction: t }))
      return 'duplicate' as const;
    let recorded = 0;
    for (const id of ids) {
      if (await collectOutstanding(actor, departmentId, input, id, t)) recorded++;
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
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const reason = requiredReason(input.reason);
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

/** The department's own entry, its registration locked, and not reversed before. */
async function entryToReverse(entryId: number, departmentId: number, t: Transaction): Promise<FeeEntry> {
  const entry = await FeeEntry.findByPk(entryId, { transaction: t });
  if (!entry) throw notFound(messages.missing);
  if (entry.departmentId !== departmentId) throw forbidden('这条记录不属于本院');
  await Registration.findByPk(entry.registrationId, { transaction: t, lock: t.LOCK.UPDATE });
  if (await FeeEntry.findOne({ where: { reversesId: entry.id }, transaction: t }))
    throw conflict(messages.alreadyReversed);
  return entry;
}

/** A correction: a new entry of the opposite amount; the old one stays. */
export async function reverseEntry(
  ctx: ServiceContext,
  actor: Actor,
  input: { entryId: number; key: string; reason: string },
): Promise<Recorded> {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const reason = requiredReason(input.reason);
  const result = await once(ctx, async (t) => {
    const entry = await entryToReverse(input.entryId, departmentId, t);
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
