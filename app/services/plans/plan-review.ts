// The office's answer to a department's plan: return it with a reason (the teacher fixes and
// resubmits) or accept it. An accepted plan can still be returned when something must change.
import { conflict, notFound } from '../../domain/errors.js';
import { formatShanghai } from '../../domain/time.js';
import { Batch, Plan } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { planReturned } from '../notifications/notifications.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { effectiveDeadlineFor } from '../season/extensions.js';
import { PLAN_STATUS_NAMES } from '../../domain/labels.js';
import { officeOnly } from '../guards.js';
import { requiredText } from '../../domain/required-text.js';

export const messages = {
  officeOnly: '只有继续教育学院可以退回或接收评价计划',
  missing: '找不到这份评价计划，请刷新页面',
  reason: '请写明退回原因（不超过 300 字），老师会看到并据此修改',
  notReturnable: (status: string) => `这份计划当前为“${status}”，只有已提交或已接收的计划可以退回`,
  notAcceptable: (status: string) => `这份计划当前为“${status}”，只有已提交、待审核的计划可以接收`,
};

async function review(
  ctx: ServiceContext,
  actor: Actor,
  planId: number,
  to: 'returned' | 'accepted',
  reason: string | null,
) {
  officeOnly(actor, messages.officeOnly);
  return transaction(ctx, async (t) => {
    const plan = Number.isInteger(planId) ? await Plan.findByPk(planId, { transaction: t, lock: t.LOCK.UPDATE }) : null;
    if (!plan) throw notFound(messages.missing);
    const allowed = to === 'returned' ? ['submitted', 'accepted'] : ['submitted'];
    if (!allowed.includes(plan.status))
      throw conflict(
        (to === 'returned' ? messages.notReturnable : messages.notAcceptable)(PLAN_STATUS_NAMES[plan.status]),
      );
    const before = { status: plan.status };
    await plan.update(
      { status: to, returnReason: reason, reviewedAt: ctx.now(), reviewedBy: actor.userId },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action: to === 'returned' ? 'plan.returned' : 'plan.accepted',
      entityType: 'plan',
      entityId: plan.id,
      departmentId: plan.departmentId,
      before,
      after: { status: to, reason },
    });
    if (to === 'returned') await planReturned(ctx, t, plan, reason!);
    return plan;
  });
}

/**
 * Returns the plan; also says whether the department's plan deadline has passed, because the
 * teacher can then change nothing until the office extends it (the page tells the clerk so).
 */
export async function returnPlan(ctx: ServiceContext, actor: Actor, planId: number, reason: string) {
  const why = requiredText(reason, 300, messages.reason);
  const plan = await review(ctx, actor, planId, 'returned', why);
  const due = await effectiveDeadlineFor((await Batch.findByPk(plan.batchId))!, plan.departmentId, 'plansDueAt');
  return { closedAt: ctx.now().getTime() > due.getTime() ? formatShanghai(due) : null, batchId: plan.batchId };
}

export async function acceptPlan(ctx: ServiceContext, actor: Actor, planId: number) {
  const plan = await review(ctx, actor, planId, 'accepted', null);
  return { batchId: plan.batchId };
}
