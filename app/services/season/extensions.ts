// The office moves a deadline later for one department (seed 004 时间进度表; ARCHITECTURE.md § Where each kind of rule lives). Every refusal that
// depends on a deadline asks here for the department's effective one.
import type { Transaction } from 'sequelize';
import { cachedRead } from '../../db/read-cache.js';
import { effectiveDeadline } from '../../domain/deadlines.js';
import { invalid, notFound } from '../../domain/errors.js';
import { formatShanghai } from '../../domain/time.js';
import { DEADLINES, deadlineLabel, type DeadlineKey } from '../../domain/timeline.js';
import { Batch, DeadlineExtension, Department } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { requiredText } from '../../domain/required-text.js';

export const messages = {
  deadline: '请选择要延长的时间节点',
  reason: '请写明延长的原因（不超过 200 字）',
  notLater: (label: string, at: Date) => `延长后的时间应晚于批次原定的“${label}” ${formatShanghai(at)}`,
  missing: '找不到这个批次或二级学院',
  plansSkipped:
    '本批次跳过了评价计划环节，不能延长“评价计划截止”；如需收计划，请先在批次中取消“跳过评价计划环节”并填写截止时间',
};

function extensionsOf(batchId: number): Promise<DeadlineExtension[]> {
  return cachedRead(`extensions:${batchId}`, () => DeadlineExtension.findAll({ where: { batchId } }));
}

export async function effectiveDeadlineFor(
  batch: Batch,
  departmentId: number,
  key: DeadlineKey,
  t?: Transaction,
): Promise<Date> {
  // Inside a transaction (a rule being checked) the database itself; for a page, the cached list.
  const extension = t
    ? await DeadlineExtension.findOne({ where: { batchId: batch.id, departmentId, deadline: key }, transaction: t })
    : (await extensionsOf(batch.id)).find((e) => e.departmentId === departmentId && e.deadline === key);
  return effectiveDeadline(batch[key], extension?.until);
}

export async function listExtensions(batchId: number) {
  const rows = await DeadlineExtension.findAll({
    where: { batchId },
    include: [{ model: Department, as: 'department' }],
    order: [['createdAt', 'DESC']],
  });
  return rows.map((r) => ({
    ...r.get({ plain: true }),
    label: deadlineLabel(r.deadline),
    departmentName: (r as DeadlineExtension & { department: Department }).department.name,
  }));
}

export type ExtensionInput = {
  batchId: number;
  departmentId: number;
  deadline: string;
  until: Date | null;
  reason: string;
};

/** The batch and department of the extension, whose new time must be later than the batch's own. */
async function extensionTarget(input: ExtensionInput, key: DeadlineKey, t: Transaction) {
  const batch = await Batch.findByPk(input.batchId, { transaction: t });
  const department = await Department.findByPk(input.departmentId, { transaction: t });
  if (!batch || !department) throw notFound(messages.missing);
  if (key === 'plansDueAt' && batch.plansSkipped) throw invalid(messages.plansSkipped);
  if (!input.until || input.until.getTime() <= batch[key].getTime())
    throw invalid(messages.notLater(deadlineLabel(key), batch[key]));
  return { batch, department, until: input.until };
}

export async function extendDeadline(ctx: ServiceContext, actor: Actor, input: ExtensionInput): Promise<void> {
  const key = DEADLINES.find(([k]) => k === input.deadline)?.[0];
  if (!key) throw invalid(messages.deadline);
  const reason = requiredText(input.reason, 200, messages.reason);
  await transaction(ctx, async (t) => {
    const { batch, department, until } = await extensionTarget(input, key, t);
    const existing = await DeadlineExtension.findOne({
      where: { batchId: batch.id, departmentId: department.id, deadline: key },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    const before = existing ? { until: existing.until, reason: existing.reason } : undefined;
    if (existing) await existing.update({ until, reason, createdBy: actor.userId }, { transaction: t });
    else
      await DeadlineExtension.create(
        {
          batchId: batch.id,
          departmentId: department.id,
          deadline: key,
          until,
          reason,
          createdBy: actor.userId,
        },
        { transaction: t },
      );
    await recordAudit(t, actor, {
      action: 'deadline.extended',
      entityType: 'batch',
      entityId: batch.id,
      departmentId: department.id,
      before,
      after: { deadline: deadlineLabel(key), until, reason },
    });
  });
}
