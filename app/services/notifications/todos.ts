// What needs doing now (issue 7), for each kind of user. The deadline reminders and the home pages
// both read these functions, so a mail and a page never tell different stories.
import { Op } from 'sequelize';
import { awaitingConfirmation, moneyOf } from '../../domain/ledger.js';
import { formatYuanPlain } from '../../domain/money.js';
import { REMINDED_DEADLINES } from '../../domain/reminders.js';
import { formatShortShanghai } from '../../domain/time.js';
import type { DeadlineKey } from '../../domain/timeline.js';
import { itemLabel } from '../../domain/items.js';
import { Batch, CatalogItem, Department, OutboxMessage, Package, Plan, PlanRow } from '../../models/index.js';
import { openBatches } from '../season/batches.js';
import { effectiveDeadlineFor } from '../season/extensions.js';
import { transfersOf } from '../fees/fee-reports.js';
import { linePage, lineSums, slotTallies } from '../fees/fee-lines.js';
import { departmentMaterials } from '../packages/package-queries.js';
import { actualCounts, countKey } from '../plans/plan-summary.js';
import { progressFacts } from '../registration/student-progress.js';
import { studentTodosFrom } from '../../domain/progress.js';
import { sortedByName } from '../../domain/chinese-order.js';

export type Todo = { text: string; link: string };
export type DeadlineTodos = { deadline: DeadlineKey; title: string; dueAt: Date; todos: Todo[] };

async function planTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  const plan = await Plan.findOne({ where: { batchId: batch.id, departmentId } });
  const link = `/teacher/plans?batch=${batch.id}`;
  if (!plan || plan.status === 'draft') return [{ text: '本院评价计划还没有提交', link }];
  if (plan.status === 'returned')
    return [{ text: `本院评价计划被退回，还没有重新提交（原因：${plan.returnReason ?? ''}）`, link }];
  return [];
}

/** Plan rows that fewer candidates registered for than the department planned. */
async function registrationTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  const plan = await Plan.findOne({
    where: { batchId: batch.id, departmentId, status: { [Op.in]: ['submitted', 'accepted'] } },
  });
  if (!plan) return [];
  const rows = (await PlanRow.findAll({
    where: { planId: plan.id, active: true },
    include: [{ model: CatalogItem, as: 'item' }],
    order: [['id', 'ASC']],
  })) as Array<PlanRow & { item: CatalogItem }>;
  const counts = await actualCounts(batch.id, departmentId);
  return rows
    .map((row) => ({ row, actual: counts.get(countKey(departmentId, row.catalogItemId, row.level)) ?? 0 }))
    .filter(({ row, actual }) => actual < row.headcount)
    .map(({ row, actual }) => ({
      text: `${itemLabel(row.item.name, row.level)}计划 ${row.headcount} 人，已报名 ${actual} 人`,
      link: `/teacher/registrations?batch=${batch.id}`,
    }));
}

async function materialTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  const { counts } = await departmentMaterials(batch.id, departmentId);
  const parts: Array<[string, string]> = [
    ['missing', '未上传'],
    ['returned', '被退回待重交'],
    ['uploaded', '已上传待初审'],
    ['pre-approved', '初审通过待提交'],
  ];
  const open = parts.filter(([status]) => counts[status]).map(([status, name]) => `${name} ${counts[status]} 人`);
  const total = parts.reduce((sum, [status]) => sum + (counts[status] ?? 0), 0);
  return total
    ? [
        {
          text: `还有 ${total} 名等级认定考生未提交材料（${open.join('，')}）`,
          link: `/teacher/packages?batch=${batch.id}`,
        },
      ]
    : [];
}

async function feeTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  // Added up by the database: a department's season is thousands of lines
  const [owing, tallies, transfers] = await Promise.all([
    lineSums({ batchId: batch.id, departmentId, filter: 'owing' }),
    slotTallies({ batchId: batch.id, departmentId }),
    transfersOf(batch.id, departmentId),
  ]);
  const untransferred = moneyOf(tallies, transfers).owedToOfficeFen;
  const link = `/teacher/fees?batch=${batch.id}`;
  return [
    ...(owing.count
      ? [
          {
            text: `还有 ${owing.students} 名考生未缴清费用，共 ${formatYuanPlain(owing.dueFen - owing.collectedFen)} 元`,
            link,
          },
        ]
      : []),
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
export async function departmentTodosFor(
  batch: Batch,
  departmentId: number,
  deadline: DeadlineKey,
  dueAt?: Date,
): Promise<DeadlineTodos> {
  const [, title] = REMINDED_DEADLINES.find(([key]) => key === deadline)!;
  return {
    deadline,
    title,
    dueAt: dueAt ?? (await effectiveDeadlineFor(batch, departmentId, deadline)),
    todos: await BY_DEADLINE[deadline]!(batch, departmentId),
  };
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

/** Cancelled registrations whose money the department still has to hand back (issue 12 item 8). */
export async function refundTodos(batch: Batch, departmentId: number): Promise<Todo[]> {
  const scope = { batchId: batch.id, departmentId, filter: 'refund-due' as const };
  const due = await lineSums(scope);
  if (due.count === 0) return [];
  const who = (await linePage(scope, 5, 0))
    .map((l) => `${l.name}（${l.label}）${formatYuanPlain(l.collectedFen)} 元`)
    .join('、');
  return [
    {
      text: `${due.count} 项报名已取消，待退费共 ${formatYuanPlain(due.collectedFen)} 元：${who}${due.count > 5 ? ' 等' : ''}`,
      link: `/teacher/fees?batch=${batch.id}&filter=refund-due`,
    },
  ];
}

/**
 * What departments still owe the season, until it is done (issue 12 item 10): plans never
 * submitted, grade candidates with no materials, money collected and not transferred.
 */
async function openDepartmentWork(batch: Batch): Promise<Todo[]> {
  const departments = sortedByName(await Department.findAll({ where: { active: true } }));
  const noPlan: string[] = [];
  const noMaterials: string[] = [];
  const short: string[] = [];
  const [tallies, transfers] = await Promise.all([slotTallies({ batchId: batch.id }), transfersOf(batch.id)]);
  for (const d of departments) {
    const [plan] = batch.plansSkipped ? [] : await planTodos(batch, d.id); // a skipped plan step owes nothing
    if (plan) noPlan.push(d.name);
    const { counts } = await departmentMaterials(batch.id, d.id);
    const missing = (counts.missing ?? 0) + (counts.returned ?? 0);
    if (missing) noMaterials.push(`${d.name} ${missing} 人`);
    const owed = moneyOf(
      tallies.filter((t) => t.departmentId === d.id),
      transfers.filter((t) => t.departmentId === d.id),
    ).owedToOfficeFen;
    if (owed > 0) short.push(`${d.name} ${formatYuanPlain(owed)} 元`);
  }
  const todos: Todo[] = [];
  if (noPlan.length)
    todos.push({
      text: `${noPlan.length} 个二级学院的评价计划还没有提交：${noPlan.join('、')}`,
      link: `/office/plans?batch=${batch.id}`,
    });
  if (noMaterials.length)
    todos.push({
      text: `还有等级认定考生没有材料或被退回未重交：${noMaterials.join('，')}`,
      link: `/office/packages?batch=${batch.id}`,
    });
  if (short.length)
    todos.push({ text: `已收费用还没有全部上交：${short.join('，')}`, link: `/office/fees?batch=${batch.id}` });
  return todos;
}

/** The office's home page: what waits for the office, what departments still owe, and mail trouble. */
export async function officeTodos(batch: Batch | null, mailConfigured: boolean): Promise<Todo[]> {
  const todos: Todo[] = [];
  if (batch) {
    const plans = await Plan.count({ where: { batchId: batch.id, status: 'submitted' } });
    if (plans) todos.push({ text: `${plans} 个二级学院的评价计划待审核`, link: `/office/plans?batch=${batch.id}` });
    const packages = await Package.count({ where: { batchId: batch.id, status: 'submitted', currentMarker: 1 } });
    if (packages) todos.push({ text: `${packages} 名考生的材料待审核`, link: `/office/packages?batch=${batch.id}` });
    const transfers = awaitingConfirmation(await transfersOf(batch.id));
    if (transfers.length)
      todos.push({
        text: `${transfers.length} 笔转账待确认到账，共 ${formatYuanPlain(transfers.reduce((s, t) => s + t.amountFen, 0))} 元`,
        link: `/office/fees?batch=${batch.id}`,
      });
    todos.push(...(await openDepartmentWork(batch)));
  }
  const failed = await OutboxMessage.count({ where: { status: 'failed' } });
  if (failed) todos.push({ text: `${failed} 封邮件发送失败，请查看原因`, link: '/office/mail' });
  if (!mailConfigured) {
    const waiting = await OutboxMessage.count({ where: { status: 'queued' } });
    todos.push({ text: `未配置邮件服务：${waiting} 封通知邮件在发件箱等待发送`, link: '/office/mail' });
  }
  return todos;
}
