// What needs doing now (issue 7), for each kind of user. The deadline reminders and the home pages
// both read these functions, so a mail and a page never tell different stories.
import { Op } from 'sequelize';
import { awaitingConfirmation, departmentMoney, outstanding } from '../domain/ledger.js';
import { formatYuanPlain } from '../domain/money.js';
import { REMINDED_DEADLINES } from '../domain/reminders.js';
import { formatShortShanghai } from '../domain/time.js';
import type { DeadlineKey } from '../domain/timeline.js';
import { itemLabel } from '../domain/items.js';
import { Batch, CatalogItem, ExamTicket, OutboxMessage, Package, Plan, PlanRow, Registration } from '../models/index.js';
import { openBatches } from './batches.js';
import { effectiveDeadlineFor } from './extensions.js';
import { feeLines, transfersOf } from './fee-reports.js';
import { departmentMaterials } from './package-queries.js';
import { actualCounts, countKey } from './plan-summary.js';
import { progressFacts } from './student-progress.js';
import { studentTodosFrom } from '../domain/progress.js';

export type Todo = { text: string; link: string };
export type DeadlineTodos = { deadline: DeadlineKey; title: string; dueAt: Date; todos: Todo[] };

async function planTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  const plan = await Plan.findOne({ where: { batchId: batch.id, departmentId } });
  const link = `/teacher/plans?batch=${batch.id}`;
  if (!plan || plan.status === 'draft') return [{ text: '本院评价计划还没有提交', link }];
  if (plan.status === 'returned') return [{ text: `本院评价计划被退回，还没有重新提交（原因：${plan.returnReason ?? ''}）`, link }];
  return [];
}

/** Plan rows that fewer candidates registered for than the department planned. */
async function registrationTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  const plan = await Plan.findOne({ where: { batchId: batch.id, departmentId, status: { [Op.in]: ['submitted', 'accepted'] } } });
  if (!plan) return [];
  const rows = (await PlanRow.findAll({ where: { planId: plan.id, active: true }, include: [{ model: CatalogItem, as: 'item' }], order: [['id', 'ASC']] })) as Array<PlanRow & { item: CatalogItem }>;
  const counts = await actualCounts(batch.id, departmentId);
  return rows
    .map((row) => ({ row, actual: counts.get(countKey(departmentId, row.catalogItemId, row.level)) ?? 0 }))
    .filter(({ row, actual }) => actual < row.headcount)
    .map(({ row, actual }) => ({ text: `${itemLabel(row.item.name, row.level)}计划 ${row.headcount} 人，已报名 ${actual} 人`, link: `/teacher/registrations?batch=${batch.id}` }));
}

async function materialTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  const { counts } = await departmentMaterials(batch.id, departmentId);
  const parts: Array<[string, string]> = [['missing', '未上传'], ['returned', '被退回待重交'], ['uploaded', '已上传待初审'], ['pre-approved', '初审通过待提交']];
  const open = parts.filter(([status]) => counts[status]).map(([status, name]) => `${name} ${counts[status]} 人`);
  const total = parts.reduce((sum, [status]) => sum + (counts[status] ?? 0), 0);
  return total ? [{ text: `还有 ${total} 名等级认定考生未提交材料（${open.join('，')}）`, link: `/teacher/packages?batch=${batch.id}` }] : [];
}

async function feeTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  const lines = await feeLines(batch.id, departmentId);
  const transfers = await transfersOf(batch.id, departmentId);
  const owing = lines.filter((l) => outstanding(l) > 0);
  const owingFen = owing.reduce((sum, l) => sum + outstanding(l), 0);
  const untransferred = departmentMoney(lines, transfers).owedToOfficeFen;
  const link = `/teacher/fees?batch=${batch.id}`;
  return [
    ...(owing.length ? [{ text: `还有 ${new Set(owing.map((l) => l.studentId)).size} 名考生未缴清费用，共 ${formatYuanPlain(owingFen)} 元`, link }] : []),
    ...(untransferred > 0 ? [{ text: `已收 ${formatYuanPlain(untransferred)} 元还没有转账给继续教育学院`, link }] : []),
  ];
}

const BY_DEADLINE: Partial<Record<DeadlineKey, (batch: Batch, departmentId: number) => Promise<Todo[]>>> = {
  plansDueAt: planTodos,
  registrationClosesAt: registrationTodos,
  materialsDueAt: materialTodos,
  feesDueAt: feeTodos,
};

/**
 * What the department still has to do before one deadline, which is `dueAt` when the caller
 * already knows it, else the department's own (extensions included).
 */
export async function departmentTodosFor(batch: Batch, departmentId: number, deadline: DeadlineKey, dueAt?: Date): Promise<DeadlineTodos> {
  const [, title] = REMINDED_DEADLINES.find(([key]) => key === deadline)!;
  return { deadline, title, dueAt: dueAt ?? (await effectiveDeadlineFor(batch, departmentId, deadline)), todos: await BY_DEADLINE[deadline]!(batch, departmentId) };
}

/** The teacher's home page: every deadline still ahead with what remains before it. */
export async function departmentTodos(batch: Batch, departmentId: number, now: Date): Promise<DeadlineTodos[]> {
  const all = await Promise.all(REMINDED_DEADLINES.map(([key]) => departmentTodosFor(batch, departmentId, key)));
  return all.filter((d) => d.dueAt.getTime() > now.getTime() && d.todos.length > 0);
}

/** One line per deadline, as the reminder mail and the home page both say it. */
export const todoHeadline = (d: DeadlineTodos) => `${d.title}截止 ${formatShortShanghai(d.dueAt)}`;

/** The student's home page: in every batch not archived, what their registrations still need. */
export async function studentTodos(student: { id: number; departmentId: number }, now: Date): Promise<Todo[]> {
  const batches = await openBatches();
  return (await Promise.all(batches.map((batch) => studentTodosIn(batch, student, now)))).flat();
}

/** Materials, fees and the ticket of one batch: the same facts and rules as the progress card. */
async function studentTodosIn(batch: Batch, student: { id: number; departmentId: number }, now: Date): Promise<Todo[]> {
  const facts = [...(await progressFacts(batch, student)).values()];
  return facts.length ? studentTodosFrom(facts, now) : [];
}

/** The office's home page: what departments handed in and waits for the office, and mail trouble. */
export async function officeTodos(batch: Batch | null, mailConfigured: boolean): Promise<Todo[]> {
  const todos: Todo[] = [];
  if (batch) {
    const plans = await Plan.count({ where: { batchId: batch.id, status: 'submitted' } });
    if (plans) todos.push({ text: `${plans} 个二级学院的评价计划待审核`, link: `/office/plans?batch=${batch.id}` });
    const packages = await Package.count({ where: { batchId: batch.id, status: 'submitted', currentMarker: 1 } });
    if (packages) todos.push({ text: `${packages} 名考生的材料待审核`, link: `/office/packages?batch=${batch.id}` });
    const transfers = awaitingConfirmation(await transfersOf(batch.id));
    if (transfers.length) todos.push({ text: `${transfers.length} 笔转账待确认到账，共 ${formatYuanPlain(transfers.reduce((s, t) => s + t.amountFen, 0))} 元`, link: `/office/fees?batch=${batch.id}` });
  }
  const failed = await OutboxMessage.count({ where: { status: 'failed' } });
  if (failed) todos.push({ text: `${failed} 封邮件发送失败，请查看原因`, link: '/office/mail' });
  if (!mailConfigured) {
    const waiting = await OutboxMessage.count({ where: { status: 'queued' } });
    todos.push({ text: `未配置邮件服务：${waiting} 封通知邮件在发件箱等待发送`, link: '/office/mail' });
  }
  return todos;
}
