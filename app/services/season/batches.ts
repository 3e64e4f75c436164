// 评价批次: a season with its timeline (seed 004 时间进度表) and its fee schedule (seed 004 §三).
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { FEE_SLOTS, slotKey, type FeeSchedule } from '../../domain/fees.js';
import { formatShanghai } from '../../domain/time.js';
import {
  DEADLINES,
  deadlineLabel,
  pastDeadlines,
  skippedPlanDeadline,
  timelineProblems,
  type Timeline,
} from '../../domain/timeline.js';
import type { Transaction } from 'sequelize';
import { cachedRead } from '../../db/read-cache.js';
import { Batch, FeeRate } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { requiredText } from '../../domain/required-text.js';

export const messages = {
  name: '批次名称不能为空，且不超过 40 个字，例如“2024年下半年”',
  year: '年份应在 2000 到 2100 之间',
  half: '请选择上半年或下半年',
  taken: (name: string) => `已有名为“${name}”的批次`,
  timeline: '时间节点的先后顺序不对',
  past: (labels: string[]) =>
    `${labels.map((l) => `“${l}”`).join('、')}早于现在，保存后这些环节会直接算作已过。如确是补录已经开始的批次，请勾选“确认保存早于现在的时间”后再保存；否则请改成以后的时间`,
  pastLine: (label: string, at: Date) => `“${label}” ${formatShanghai(at)} 已过`,
  missing: '找不到这个批次',
};

/**
 * plansSkipped: the season has no plan step (the plan deadline typed is then ignored).
 * confirmPast: the office has seen that some deadlines are already over and saves them anyway.
 */
export type BatchInput = {
  name: string;
  year: number;
  half: 1 | 2;
  timeline: Timeline;
  fees: FeeSchedule;
  plansSkipped?: boolean;
  confirmPast?: boolean;
};

type Stored = Timeline & { plansSkipped: boolean };

/** A deadline already over is refused unless the office confirmed it; the message names each one. */
function checkPast(timeline: Timeline, now: Date, before: Stored | undefined, confirmed: boolean) {
  const past = pastDeadlines(timeline, now, before);
  if (past.length === 0 || confirmed) return;
  throw invalid(
    messages.past(past.map(deadlineLabel)),
    past.map((key) => messages.pastLine(deadlineLabel(key), timeline[key])),
  );
}

function check(input: BatchInput, now: Date, before?: Stored) {
  const name = requiredText(input.name, 40, messages.name);
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw invalid(messages.year);
  if (input.half !== 1 && input.half !== 2) throw invalid(messages.half);
  const plansSkipped = input.plansSkipped === true;
  const timeline = { ...input.timeline };
  // A step skipped earlier keeps the moment it was skipped; a newly skipped one ends now.
  if (plansSkipped)
    timeline.plansDueAt = before?.plansSkipped
      ? before.plansDueAt
      : skippedPlanDeadline(now, timeline.registrationOpensAt);
  const problems = timelineProblems(timeline, { plansSkipped });
  if (problems.length) throw invalid(messages.timeline, problems);
  checkPast(timeline, now, before, input.confirmPast === true);
  return { name, year: input.year, half: input.half, plansSkipped, ...timeline };
}

// One row per slot, always: a price is edited in place (null = not priced) and never deleted.
async function saveFees(batchId: number, fees: FeeSchedule, t: Transaction) {
  const existing = new Map((await FeeRate.findAll({ where: { batchId }, transaction: t })).map((r) => [r.slot, r]));
  for (const slot of FEE_SLOTS.map(slotKey)) {
    const amountFen = fees.get(slot) ?? null;
    const row = existing.get(slot);
    if (!row) await FeeRate.create({ batchId, slot, amountFen }, { transaction: t });
    else if (row.amountFen !== amountFen) await row.update({ amountFen }, { transaction: t });
  }
}

function scheduleOf(rates: FeeRate[]): FeeSchedule {
  return new Map(rates.filter((r) => r.amountFen !== null).map((r) => [r.slot, r.amountFen!]));
}

function feesForAudit(fees: FeeSchedule) {
  return Object.fromEntries([...fees].sort());
}

export async function listBatches() {
  const batches = await Batch.findAll({
    order: [
      ['year', 'DESC'],
      ['half', 'DESC'],
      ['id', 'DESC'],
    ],
  });
  return batches.map((b) => b.get({ plain: true }));
}

export async function getBatch(id: number) {
  const batch = await batchById(id);
  if (!batch) throw notFound(messages.missing);
  return { batch: batch.get({ plain: true }), fees: await feeScheduleOf(id) };
}

export async function createBatch(ctx: ServiceContext, actor: Actor, input: BatchInput) {
  const values = check(input, ctx.now());
  return transaction(ctx, async (t) => {
    if (await Batch.findOne({ where: { name: values.name }, transaction: t }))
      throw conflict(messages.taken(values.name));
    const batch = await Batch.create(values, { transaction: t });
    await saveFees(batch.id, input.fees, t);
    await recordAudit(t, actor, {
      action: 'batch.created',
      entityType: 'batch',
      entityId: batch.id,
      after: { ...values, fees: feesForAudit(input.fees) },
    });
    return batch;
  });
}

export async function updateBatch(ctx: ServiceContext, actor: Actor, id: number, input: BatchInput) {
  return transaction(ctx, async (t) => {
    const batch = await Batch.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!batch) throw notFound(messages.missing);
    const values = check(input, ctx.now(), batch);
    const clash = await Batch.findOne({ where: { name: values.name }, transaction: t });
    if (clash && clash.id !== id) throw conflict(messages.taken(values.name));
    const oldRates = await FeeRate.findAll({ where: { batchId: id }, transaction: t });
    const before = {
      ...Object.fromEntries(
        ['name', 'year', 'half', 'plansSkipped', ...DEADLINES.map(([k]) => k)].map((k) => [k, batch.get(k)]),
      ),
      fees: feesForAudit(scheduleOf(oldRates)),
    };
    await batch.update(values, { transaction: t });
    await saveFees(id, input.fees, t);
    await recordAudit(t, actor, {
      action: 'batch.updated',
      entityType: 'batch',
      entityId: id,
      before,
      after: { ...values, fees: feesForAudit(input.fees) },
    });
    return batch;
  });
}

const NEWEST_FIRST: Array<[string, string]> = [
  ['registrationOpensAt', 'DESC'],
  ['id', 'DESC'],
];

/** The season people are working on: the newest batch that is not archived. */
/** The batch the season is about (read-only: a write loads its own in its transaction). */
export async function currentBatch(): Promise<Batch | null> {
  return cachedRead('batch:current', () => Batch.findOne({ where: { archived: false }, order: NEWEST_FIRST }));
}

/** A batch by id, for reading (a write loads its own in its transaction). */
export function batchById(id: number): Promise<Batch | null> {
  return cachedRead(`batch:${id}`, () => Batch.findByPk(id));
}

/** A batch's fee schedule, for reading. */
export function feeScheduleOf(batchId: number): Promise<FeeSchedule> {
  return cachedRead(`fees:${batchId}`, async () => scheduleOf(await FeeRate.findAll({ where: { batchId } })));
}

/** Every batch not archived, newest first: what reminders and to-do lists are about. */
export function openBatches(): Promise<Batch[]> {
  return Batch.findAll({ where: { archived: false }, order: NEWEST_FIRST });
}

/** The batch a page asked for (?batch=id), else the current one. */
export async function chosenBatch(requested: number | undefined): Promise<Batch | null> {
  if (requested !== undefined) {
    const batch = await Batch.findByPk(requested);
    if (!batch) throw notFound(messages.missing);
    return batch;
  }
  return currentBatch();
}
