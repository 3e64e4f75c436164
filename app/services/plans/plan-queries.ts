// What the teacher's plan pages show: the department's plan with its rows, the actual registrations
// beside each planned headcount, the 7-working-day warning, the deadline, and the item choices.
import { itemLabel } from '../../domain/items.js';
import { parseLevels } from '../../domain/levels.js';
import { EXAM_METHODS, isEditable, leadTimeWarning } from '../../domain/plan-rules.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { CatalogItem, Plan, PlanRow, type Batch } from '../../models/index.js';
import type { Actor, ServiceContext } from '../context.js';
import { effectiveDeadlineFor } from '../season/extensions.js';
import { workCalendar } from '../season/holidays.js';
import { actualCounts, byCatalogOrder, countKey } from './plan-summary.js';
import { messages as planMessages } from './plans.js';
import { PLAN_STATUS_NAMES } from '../../domain/labels.js';
import { teacherDepartment } from '../guards.js';

/** Every active item at every level it offers: "itemId:level" for grade items, "itemId" for special ones. */
export async function planItemOptions() {
  const items = await CatalogItem.findAll({
    where: { active: true },
    order: [
      ['kind', 'ASC'],
      ['sortOrder', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return items.flatMap((i) =>
    i.kind === 'special'
      ? [{ value: `${i.id}`, label: i.name, kind: i.kind }]
      : parseLevels(i.levels).map((l) => ({ value: `${i.id}:${l}`, label: itemLabel(i.name, l), kind: i.kind })),
  );
}

const optionValue = (row: PlanRow) =>
  row.level === null ? `${row.catalogItemId}` : `${row.catalogItemId}:${row.level}`;

export async function departmentPlan(ctx: ServiceContext, actor: Actor, batch: Batch) {
  const departmentId = teacherDepartment(actor, planMessages.teacherOnly);
  const [dueAt, plan, calendar, counts, options] = await Promise.all([
    effectiveDeadlineFor(batch, departmentId, 'plansDueAt'),
    Plan.findOne({ where: { batchId: batch.id, departmentId } }),
    workCalendar(),
    actualCounts(batch.id, departmentId),
    planItemOptions(),
  ]);
  const stored = plan
    ? ((await PlanRow.findAll({
        where: { planId: plan.id, active: true },
        include: [{ model: CatalogItem, as: 'item' }],
      })) as Array<PlanRow & { item: CatalogItem }>)
    : [];
  const now = ctx.now();
  const rows = stored.sort(byCatalogOrder).map((r) => ({
    id: r.id,
    label: itemLabel(r.item.name, r.level),
    headcount: r.headcount,
    actual: counts.get(countKey(departmentId, r.catalogItemId, r.level)) ?? 0,
    examOn: r.examOn,
    examTime: r.examTime,
    place: r.place,
    method: r.method,
    warning: plan ? leadTimeWarning(plan, r.examOn, calendar, now) : null,
  }));
  return {
    dueAt,
    skipped: batch.plansSkipped,
    open: !batch.plansSkipped && now.getTime() <= dueAt.getTime(),
    msLeft: dueAt.getTime() - now.getTime(),
    plan: plan ? { ...plan.get({ plain: true }), statusName: PLAN_STATUS_NAMES[plan.status] } : null,
    editable: !plan || isEditable(plan.status),
    rows,
    headcount: rows.reduce((n, r) => n + r.headcount, 0),
    options,
    methods: EXAM_METHODS,
  };
}

/** One row of the teacher's own plan, as the edit form shows it. */
export async function planRowForEdit(actor: Actor, rowId: number) {
  const departmentId = teacherDepartment(actor, planMessages.teacherOnly);
  const row = Number.isInteger(rowId) ? await PlanRow.findByPk(rowId) : null;
  if (!row || !row.active) throw notFound(planMessages.missingRow);
  const plan = (await Plan.findByPk(row.planId))!;
  if (plan.departmentId !== departmentId) throw forbidden(planMessages.otherDepartment);
  return {
    row: { ...row.get({ plain: true }), item: optionValue(row) },
    batchId: plan.batchId,
    editable: isEditable(plan.status),
    options: await planItemOptions(),
    methods: EXAM_METHODS,
  };
}
