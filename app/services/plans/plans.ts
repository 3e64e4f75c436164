// A department's evaluation plan (评价计划, seed 004 §一(三); seed 001 Art. 17(一)) as its teacher
// keeps it: one row per item and level with headcount, date, time, place and method, the contact
// person, and submission to the office. Every change happens before the department's plan deadline
// (batch.plansDueAt, or the office's extension) and only while the plan is a draft or came back.
import { Op, type Transaction } from 'sequelize';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { itemLabel } from '../../domain/items.js';
import { checkContact, checkPlanRow, type PlanRowInput, type PlanRowValues } from '../../domain/plan-rules.js';
import { formatShanghai } from '../../domain/time.js';
import { Batch, CatalogItem, Department, Plan, PlanRow } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { planSubmitted } from '../notifications/notifications.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { toItemRef } from '../registration/registrations.js';
import { assertBeforeDeadline, teacherDepartment } from '../guards.js';

export const messages = {
  teacherOnly: '只有二级学院的指定老师可以填写和提交本院的评价计划',
  noBatch: '找不到这个批次',
  skipped:
    '本批次跳过了评价计划环节，各学院不需要提交评价计划；如确需收计划，请联系继续教育学院在批次中取消“跳过评价计划环节”',
  deadline: (at: Date) =>
    `本院评价计划已于 ${formatShanghai(at)} 截止，不能再修改或提交；如确需调整，请联系继续教育学院延长本院的“评价计划截止”时间`,
  submitted: '评价计划已提交，正等待继续教育学院审核，暂时不能修改；如需修改，请联系继续教育学院退回',
  accepted: '评价计划已被继续教育学院接收，不能再修改；如需调整，请联系继续教育学院退回后再改',
  missingRow: '找不到这一行计划，可能已被删除，请刷新页面',
  otherDepartment: '这一行不属于本院的评价计划',
  duplicate: (label: string, examOn: string) =>
    `本院计划中已有“${label}”一行（评价日期 ${examOn}），同一项目同一级别只列一行：请修改那一行`,
  empty: '计划中还没有任何项目，请先添加至少一行再提交',
};

async function assertPlansOpen(ctx: ServiceContext, batch: Batch, departmentId: number, t: Transaction) {
  if (batch.plansSkipped) throw invalid(messages.skipped);
  await assertBeforeDeadline(ctx, batch, departmentId, 'plansDueAt', messages.deadline, { t });
}

function assertEditable(plan: Plan) {
  if (plan.status === 'submitted') throw conflict(messages.submitted);
  if (plan.status === 'accepted') throw conflict(messages.accepted);
}

/** The department's plan for the batch, locked; made a draft by the first change when there is none. */
async function planForChange(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  t: Transaction,
  create: boolean,
): Promise<Plan> {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const batch = Number.isInteger(batchId) ? await Batch.findByPk(batchId, { transaction: t }) : null;
  if (!batch) throw notFound(messages.noBatch);
  await assertPlansOpen(ctx, batch, departmentId, t);
  // Two tabs adding the first row at once: the department's row lock makes the second wait and
  // find the plan the first created, instead of tripping over the one-plan-per-department index.
  await Department.findByPk(departmentId, { transaction: t, lock: t.LOCK.UPDATE });
  const plan = await Plan.findOne({ where: { batchId, departmentId }, transaction: t, lock: t.LOCK.UPDATE });
  if (!plan && !create) throw invalid(messages.empty);
  if (plan) assertEditable(plan);
  return plan ?? Plan.create({ batchId, departmentId, status: 'draft', createdBy: actor.userId }, { transaction: t });
}

/** A row of the teacher's own department's plan, with the plan locked, ready to change. */
async function rowForChange(ctx: ServiceContext, actor: Actor, rowId: number, t: Transaction) {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const row = Number.isInteger(rowId) ? await PlanRow.findByPk(rowId, { transaction: t }) : null;
  if (!row || !row.active) throw notFound(messages.missingRow);
  const plan = (await Plan.findByPk(row.planId, { transaction: t, lock: t.LOCK.UPDATE }))!;
  if (plan.departmentId !== departmentId) throw forbidden(messages.otherDepartment);
  await assertPlansOpen(ctx, (await Batch.findByPk(plan.batchId, { transaction: t }))!, departmentId, t);
  assertEditable(plan);
  return { plan, row };
}

/** The form's row checked against the catalog (active items, offered levels) and the plan's other rows. */
async function checkedRow(
  input: PlanRowInput,
  plan: Plan,
  exceptRowId: number | null,
  t: Transaction,
): Promise<PlanRowValues> {
  const item = Number.isInteger(input.itemId) ? await CatalogItem.findByPk(input.itemId, { transaction: t }) : null;
  const { values, problems } = checkPlanRow(input, item ? toItemRef(item) : null);
  if (!values) throw invalid(problems[0], problems);
  const twin = await PlanRow.findOne({
    where: {
      planId: plan.id,
      catalogItemId: values.catalogItemId,
      level: values.level,
      active: true,
      ...(exceptRowId ? { id: { [Op.ne]: exceptRowId } } : {}),
    },
    transaction: t,
  });
  if (twin) throw conflict(messages.duplicate(itemLabel(item!.name, values.level), twin.examOn));
  return values;
}

const audited = (row: PlanRow | PlanRowValues) => ({
  catalogItemId: row.catalogItemId,
  level: row.level,
  headcount: row.headcount,
  examOn: row.examOn,
  examTime: row.examTime,
  place: row.place,
  method: row.method,
});

export async function addPlanRow(ctx: ServiceContext, actor: Actor, batchId: number, input: PlanRowInput) {
  return transaction(ctx, async (t) => {
    const plan = await planForChange(ctx, actor, batchId, t, true);
    const values = await checkedRow(input, plan, null, t);
    const row = await PlanRow.create({ planId: plan.id, ...values }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'plan.row-added',
      entityType: 'plan',
      entityId: plan.id,
      after: audited(values),
    });
    return row;
  });
}

export async function updatePlanRow(ctx: ServiceContext, actor: Actor, rowId: number, input: PlanRowInput) {
  await transaction(ctx, async (t) => {
    const { plan, row } = await rowForChange(ctx, actor, rowId, t);
    const values = await checkedRow(input, plan, row.id, t);
    const before = audited(row);
    await row.update(values, { transaction: t });
    await recordAudit(t, actor, {
      action: 'plan.row-updated',
      entityType: 'plan',
      entityId: plan.id,
      before,
      after: audited(values),
    });
  });
}

/** Takes a row off the plan; it stays in the table, inactive (nothing is hard-deleted). */
export async function removePlanRow(ctx: ServiceContext, actor: Actor, rowId: number) {
  await transaction(ctx, async (t) => {
    const { plan, row } = await rowForChange(ctx, actor, rowId, t);
    await row.update({ active: false }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'plan.row-removed',
      entityType: 'plan',
      entityId: plan.id,
      before: audited(row),
    });
  });
}

export async function savePlanContact(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  contact: string,
  phone: string,
) {
  const problems = checkContact(contact, phone);
  if (problems.length) throw invalid(problems[0], problems);
  await transaction(ctx, async (t) => {
    const plan = await planForChange(ctx, actor, batchId, t, true);
    const before = { contact: plan.contact, contactPhone: plan.contactPhone };
    await plan.update({ contact: contact.trim(), contactPhone: phone.trim() }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'plan.contact-saved',
      entityType: 'plan',
      entityId: plan.id,
      before,
      after: { contact: plan.contact, contactPhone: plan.contactPhone },
    });
  });
}

/** Sends the plan to the office: at least one row and a contact, before the deadline. */
export async function submitPlan(ctx: ServiceContext, actor: Actor, batchId: number) {
  return transaction(ctx, async (t) => {
    const plan = await planForChange(ctx, actor, batchId, t, false);
    const rows = await PlanRow.findAll({ where: { planId: plan.id, active: true }, transaction: t });
    if (!rows.length) throw invalid(messages.empty);
    const problems = checkContact(plan.contact, plan.contactPhone);
    if (problems.length) throw invalid(problems[0], problems);
    const before = { status: plan.status };
    await plan.update(
      { status: 'submitted', submittedAt: ctx.now(), reviewedAt: null, reviewedBy: null },
      { transaction: t },
    );
    const headcount = rows.reduce((n, r) => n + r.headcount, 0);
    await recordAudit(t, actor, {
      action: 'plan.submitted',
      entityType: 'plan',
      entityId: plan.id,
      before,
      after: { status: 'submitted', rows: rows.length, headcount },
    });
    await planSubmitted(ctx, t, plan, rows.length, headcount);
    return { rows: rows.length, headcount };
  });
}
