// 评价计划汇总表 (seed 004 附件2): every department's plan rows for a batch, the planned headcount
// beside the active registrations for the same item and level, and a warning where the evaluation
// comes fewer than 7 working days after the plan was submitted (seed 001 Art. 17(一)).
import { col, fn } from 'sequelize';
import { compareChinese, sortedByName } from '../../domain/chinese-order.js';
import { type Level } from '../../domain/levels.js';
import { leadTimeWarning } from '../../domain/plan-rules.js';
import { writeWorkbook, type SheetSpec } from '../../lib/excel.js';
import { CatalogItem, Department, Plan, PlanRow, Registration } from '../../models/index.js';
import type { ServiceContext } from '../context.js';
import { workCalendar } from '../season/holidays.js';
import { KIND_NAMES, LEVEL_NAMES, PLAN_STATUS_NAMES } from '../../domain/labels.js';

export const messages = {
  overPlan: (actual: number, planned: number) => `实际报名 ${actual} 人，多于计划 ${planned} 人`,
  unplanned: '有人报名，但本院计划中没有这一项',
  noPlan: '未填写',
};

type PlanWithRows = Plan & { department: Department; rows: Array<PlanRow & { item: CatalogItem }> };

export const countKey = (departmentId: number, itemId: number, level: number | null) =>
  `${departmentId}:${itemId}:${level ?? ''}`;

/** Active registrations of the batch per department, item and level. */
export async function actualCounts(batchId: number, departmentId?: number): Promise<Map<string, number>> {
  const rows = (await Registration.findAll({
    attributes: ['departmentId', 'catalogItemId', 'level', [fn('COUNT', col('id')), 'n']],
    where: { batchId, status: 'active', ...(departmentId ? { departmentId } : {}) },
    group: ['departmentId', 'catalogItemId', 'level'],
    raw: true,
  })) as unknown as Array<{ departmentId: number; catalogItemId: number; level: number | null; n: number | string }>;
  return new Map(
    rows.map((r) => [
      countKey(r.departmentId, r.catalogItemId, r.level === null ? null : Number(r.level)),
      Number(r.n),
    ]),
  );
}

export type SummaryRow = {
  departmentName: string;
  itemName: string;
  kindName: string;
  levelName: string;
  planned: number | null;
  actual: number;
  examOn: string;
  examTime: string;
  place: string;
  method: string;
  contact: string;
  phone: string;
  statusName: string;
  warnings: string[];
};

function plannedRow(
  plan: PlanWithRows,
  row: PlanWithRows['rows'][number],
  actual: number,
  warning: string | null,
): SummaryRow {
  return {
    departmentName: plan.department.name,
    itemName: row.item.name,
    kindName: KIND_NAMES[row.item.kind],
    levelName: row.level ? LEVEL_NAMES[row.level] : '—',
    planned: row.headcount,
    actual,
    examOn: row.examOn,
    examTime: row.examTime,
    place: row.place,
    method: row.method,
    contact: plan.contact,
    phone: plan.contactPhone,
    statusName: PLAN_STATUS_NAMES[plan.status],
    warnings: [warning, actual > row.headcount ? messages.overPlan(actual, row.headcount) : null].filter(
      (w): w is string => w !== null,
    ),
  };
}

export const byCatalogOrder = (
  a: { item: CatalogItem; level: Level | null },
  b: { item: CatalogItem; level: Level | null },
) => a.item.sortOrder - b.item.sortOrder || a.item.id - b.item.id || (b.level ?? 0) - (a.level ?? 0);

async function loadPlans(batchId: number): Promise<PlanWithRows[]> {
  const plans = (await Plan.findAll({
    where: { batchId },
    include: [
      { model: Department, as: 'department' },
      {
        model: PlanRow,
        as: 'rows',
        where: { active: true },
        required: false,
        include: [{ model: CatalogItem, as: 'item' }],
      },
    ],
  })) as PlanWithRows[];
  plans.forEach((p) => p.rows.sort(byCatalogOrder));
  return plans.sort((a, b) => compareChinese(a.department.name, b.department.name));
}

/** Registrations for an item and level that no plan row of their department covers. */
async function unplannedRows(
  counts: Map<string, number>,
  planned: Set<string>,
  departments: Map<number, string>,
): Promise<SummaryRow[]> {
  const left = [...counts]
    .filter(([k]) => !planned.has(k))
    .map(([k, n]) => {
      const [departmentId, itemId, level] = k.split(':');
      return {
        departmentId: Number(departmentId),
        itemId: Number(itemId),
        level: level ? (Number(level) as Level) : null,
        n,
      };
    });
  const items = new Map(
    (await CatalogItem.findAll({ where: { id: [...new Set(left.map((r) => r.itemId))] } })).map((i) => [i.id, i]),
  );
  return left.map((r) => {
    const item = items.get(r.itemId)!;
    return {
      departmentName: departments.get(r.departmentId) ?? '',
      itemName: item.name,
      kindName: KIND_NAMES[item.kind],
      levelName: r.level ? LEVEL_NAMES[r.level] : '—',
      planned: null,
      actual: r.n,
      examOn: '',
      examTime: '',
      place: '',
      method: '',
      contact: '',
      phone: '',
      statusName: messages.noPlan,
      warnings: [messages.unplanned],
    };
  });
}

export async function planSummary(ctx: ServiceContext, batchId: number) {
  const [plans, counts, calendar, allDepartments] = await Promise.all([
    loadPlans(batchId),
    actualCounts(batchId),
    workCalendar(),
    Department.findAll().then(sortedByName),
  ]);
  const now = ctx.now();
  const planned = new Set<string>();
  const rows = plans.flatMap((plan) =>
    plan.rows.map((row) => {
      const k = countKey(plan.departmentId, row.catalogItemId, row.level);
      planned.add(k);
      return plannedRow(plan, row, counts.get(k) ?? 0, leadTimeWarning(plan, row.examOn, calendar, now));
    }),
  );
  const names = new Map(allDepartments.map((d) => [d.id, d.name]));
  const extra = await unplannedRows(counts, planned, names);
  const byDepartment = new Map(plans.map((p) => [p.departmentId, p]));
  const departments = allDepartments
    .filter((d) => d.active || byDepartment.has(d.id))
    .map((d) => departmentLine(d, byDepartment.get(d.id)));
  return { departments, rows: [...rows, ...extra].sort((a, b) => compareChinese(a.departmentName, b.departmentName)) };
}

function departmentLine(department: Department, plan: PlanWithRows | undefined) {
  if (!plan) return { id: department.id, name: department.name, plan: null };
  return {
    id: department.id,
    name: department.name,
    plan: {
      id: plan.id,
      status: plan.status,
      statusName: PLAN_STATUS_NAMES[plan.status],
      submittedAt: plan.submittedAt,
      reviewedAt: plan.reviewedAt,
      returnReason: plan.returnReason,
      contact: plan.contact,
      phone: plan.contactPhone,
      rowCount: plan.rows.length,
      headcount: plan.rows.reduce((n, r) => n + r.headcount, 0),
    },
  };
}

const COLUMNS: SheetSpec['columns'] = [
  { header: '二级学院', width: 18, kind: 'text' },
  { header: '职业(工种)/专项项目', width: 30, kind: 'text' },
  { header: '类别', width: 18, kind: 'text' },
  { header: '级别', width: 14, kind: 'text' },
  { header: '计划人数', width: 10, kind: 'number' },
  { header: '实际报名人数', width: 12, kind: 'number' },
  { header: '评价日期', width: 12, kind: 'text' },
  { header: '时间', width: 14, kind: 'text' },
  { header: '地点', width: 24, kind: 'text' },
  { header: '方式', width: 12, kind: 'text' },
  { header: '联系人', width: 10, kind: 'text' },
  { header: '电话', width: 15, kind: 'text' },
  { header: '状态', width: 14, kind: 'text' },
  { header: '提示', width: 60, kind: 'text' },
];

export async function planSummaryWorkbook(ctx: ServiceContext, batchId: number): Promise<Buffer> {
  const { rows } = await planSummary(ctx, batchId);
  const cells = rows.map((r) => [
    r.departmentName,
    r.itemName,
    r.kindName,
    r.levelName,
    r.planned,
    r.actual,
    r.examOn,
    r.examTime,
    r.place,
    r.method,
    r.contact,
    r.phone,
    r.statusName,
    r.warnings.join('；'),
  ]);
  return writeWorkbook([{ name: '评价计划汇总表', columns: COLUMNS, rows: cells }]);
}
