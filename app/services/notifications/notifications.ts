// Who is told what when something happens (issue 7). Each function runs inside the transaction of
// the event, so the mail is stored exactly when the event is; app/jobs/mail-outbox.ts sends it.
import type { Transaction } from 'sequelize';
import { itemLabel } from '../../domain/items.js';
import type { MailKind } from '../../domain/mail-templates.js';
import { formatYuanPlain } from '../../domain/money.js';
import { formatShanghai } from '../../domain/time.js';
import {
  Batch,
  CatalogItem,
  Department,
  FeeTransfer,
  Package,
  Plan,
  Registration,
  Student,
} from '../../models/index.js';
import type { ServiceContext } from '../context.js';
import { effectiveDeadlineFor } from '../season/extensions.js';
import { enqueueMail, officeAddresses, teacherAddresses } from './outbox.js';

async function names(batchId: number, departmentId: number, t: Transaction) {
  const [batch, department] = await Promise.all([
    Batch.findByPk(batchId, { transaction: t }),
    Department.findByPk(departmentId, { transaction: t }),
  ]);
  return { batch: batch!, 批次: batch!.name, 学院: department?.name ?? '' };
}

async function toTeachers(
  ctx: ServiceContext,
  t: Transaction,
  kind: MailKind,
  departmentId: number,
  values: Record<string, string | number>,
  link: string,
) {
  return enqueueMail(ctx, t, { kind, to: await teacherAddresses(departmentId, t), values, link, departmentId });
}

async function toOffice(
  ctx: ServiceContext,
  t: Transaction,
  kind: MailKind,
  departmentId: number,
  values: Record<string, string | number>,
  link: string,
) {
  return enqueueMail(ctx, t, { kind, to: await officeAddresses(t), values, link, departmentId });
}

export async function packageCheckFinished(
  ctx: ServiceContext,
  t: Transaction,
  upload: { id: number; batchId: number; departmentId: number; fileName: string },
  counts: { passed: number; failed: number; missing: number },
) {
  const { batch, ...values } = await names(upload.batchId, upload.departmentId, t);
  const placeholders = {
    ...values,
    文件: upload.fileName,
    通过: counts.passed,
    未通过: counts.failed,
    缺材料: counts.missing,
  };
  await toTeachers(
    ctx,
    t,
    'package-check',
    upload.departmentId,
    placeholders,
    `/teacher/packages?batch=${batch.id}&upload=${upload.id}`,
  );
}

export async function packageReturned(ctx: ServiceContext, t: Transaction, pkg: Package, reason: string) {
  const { batch, ...values } = await names(pkg.batchId, pkg.departmentId, t);
  const student = (await Student.findByPk(pkg.studentId, { transaction: t }))!;
  const grade = (await Registration.findOne({
    where: { batchId: pkg.batchId, studentId: pkg.studentId, kind: 'grade', status: 'active' },
    include: [{ model: CatalogItem, as: 'item' }],
    transaction: t,
  })) as (Registration & { item: CatalogItem }) | null;
  const due = await effectiveDeadlineFor(batch, pkg.departmentId, 'materialsDueAt', t);
  await toTeachers(
    ctx,
    t,
    'package-returned',
    pkg.departmentId,
    {
      ...values,
      考生: student.name,
      项目: grade ? itemLabel(grade.item.name, grade.level) : '等级认定',
      原因: reason,
      截止时间: formatShanghai(due),
    },
    `/teacher/packages?batch=${batch.id}`,
  );
}

export async function departmentPackagesReturned(
  ctx: ServiceContext,
  t: Transaction,
  batchId: number,
  departmentId: number,
  count: number,
  reason: string,
) {
  const { batch, ...values } = await names(batchId, departmentId, t);
  const due = await effectiveDeadlineFor(batch, departmentId, 'materialsDueAt', t);
  await toTeachers(
    ctx,
    t,
    'department-returned',
    departmentId,
    { ...values, 人数: count, 原因: reason, 截止时间: formatShanghai(due) },
    `/teacher/packages?batch=${batchId}`,
  );
}

export async function packagesSubmitted(
  ctx: ServiceContext,
  t: Transaction,
  batchId: number,
  departmentId: number,
  count: number,
) {
  const { batch, ...values } = await names(batchId, departmentId, t);
  await toOffice(
    ctx,
    t,
    'packages-submitted',
    departmentId,
    { ...values, 人数: count },
    `/office/packages?batch=${batch.id}`,
  );
}

export async function planSubmitted(ctx: ServiceContext, t: Transaction, plan: Plan, rows: number, headcount: number) {
  const { batch, ...values } = await names(plan.batchId, plan.departmentId, t);
  await toOffice(
    ctx,
    t,
    'plan-submitted',
    plan.departmentId,
    { ...values, 行数: rows, 人数: headcount },
    `/office/plans?batch=${batch.id}`,
  );
}

export async function planReturned(ctx: ServiceContext, t: Transaction, plan: Plan, reason: string) {
  const { batch, ...values } = await names(plan.batchId, plan.departmentId, t);
  const due = await effectiveDeadlineFor(batch, plan.departmentId, 'plansDueAt', t);
  await toTeachers(
    ctx,
    t,
    'plan-returned',
    plan.departmentId,
    { ...values, 原因: reason, 截止时间: formatShanghai(due) },
    `/teacher/plans?batch=${batch.id}`,
  );
}

const transferValues = (transfer: FeeTransfer) => ({
  金额: formatYuanPlain(transfer.amountFen),
  日期: transfer.transferredOn,
  凭证号: transfer.voucherNo,
});

export async function transferRecorded(ctx: ServiceContext, t: Transaction, transfer: FeeTransfer) {
  const { batch, ...values } = await names(transfer.batchId, transfer.departmentId, t);
  await toOffice(
    ctx,
    t,
    'transfer-recorded',
    transfer.departmentId,
    { ...values, ...transferValues(transfer) },
    `/office/fees?batch=${batch.id}`,
  );
}

export async function transferConfirmed(ctx: ServiceContext, t: Transaction, transfer: FeeTransfer) {
  const { batch, ...values } = await names(transfer.batchId, transfer.departmentId, t);
  await toTeachers(
    ctx,
    t,
    'transfer-confirmed',
    transfer.departmentId,
    { ...values, ...transferValues(transfer) },
    `/teacher/fees?batch=${batch.id}`,
  );
}

type WithItem = Registration & { item: CatalogItem };
const line = (r: WithItem) => `${itemLabel(r.item.name, r.level)} ${formatYuanPlain(r.feeFen)} 元`;

async function activeOf(batchId: number, studentId: number, t: Transaction) {
  const active = (await Registration.findAll({
    where: { batchId, studentId, status: 'active' },
    include: [{ model: CatalogItem, as: 'item' }],
    order: [['id', 'ASC']],
    transaction: t,
  })) as WithItem[];
  return {
    全部项目: active.length ? active.map((r) => `・${line(r)}`).join('\n') : '（无）',
    合计: formatYuanPlain(active.reduce((s, r) => s + r.feeFen, 0)),
  };
}

async function withItems(registrations: Registration[], t: Transaction): Promise<WithItem[]> {
  const items = new Map(
    (await CatalogItem.findAll({ where: { id: registrations.map((r) => r.catalogItemId) }, transaction: t })).map(
      (i) => [i.id, i],
    ),
  );
  return registrations.map((r) => Object.assign(r, { item: items.get(r.catalogItemId)! }) as WithItem);
}

/** To the candidate, when an e-mail is on file: what was just registered and everything now held. */
export async function registrationConfirmed(
  ctx: ServiceContext,
  t: Transaction,
  student: Student,
  batch: Batch,
  created: Registration[],
) {
  if (!student.email || created.length === 0) return;
  const due = await effectiveDeadlineFor(batch, student.departmentId, 'feesDueAt', t);
  const added = (await withItems(created, t)).map(line).join('、');
  await enqueueMail(ctx, t, {
    kind: 'registration-confirmed',
    to: [student.email],
    link: '/student',
    departmentId: student.departmentId,
    values: {
      批次: batch.name,
      姓名: student.name,
      新项目: added,
      ...(await activeOf(batch.id, student.id, t)),
      缴费截止: formatShanghai(due),
    },
  });
}

export async function registrationCancelled(ctx: ServiceContext, t: Transaction, registration: Registration) {
  const student = (await Student.findByPk(registration.studentId, { transaction: t }))!;
  if (!student.email) return;
  const batch = (await Batch.findByPk(registration.batchId, { transaction: t }))!;
  const [cancelled] = await withItems([registration], t);
  await enqueueMail(ctx, t, {
    kind: 'registration-cancelled',
    to: [student.email],
    link: '/student',
    departmentId: student.departmentId,
    values: {
      批次: batch.name,
      姓名: student.name,
      取消项目: itemLabel(cancelled.item.name, cancelled.level),
      ...(await activeOf(batch.id, student.id, t)),
    },
  });
}

/** One mail per candidate with an e-mail, listing the numbers just given. */
export async function ticketsReady(
  ctx: ServiceContext,
  t: Transaction,
  batch: Batch,
  tickets: Array<{ registrationId: number; examNo: string }>,
) {
  const registrations = await withItems(
    await Registration.findAll({ where: { id: tickets.map((x) => x.registrationId) }, transaction: t }),
    t,
  );
  const numberOf = new Map(tickets.map((x) => [x.registrationId, x.examNo]));
  const students = await Student.findAll({
    where: { id: [...new Set(registrations.map((r) => r.studentId))] },
    transaction: t,
  });
  for (const student of students.filter((s) => s.email)) {
    const own = registrations.filter((r) => r.studentId === student.id);
    await enqueueMail(ctx, t, {
      kind: 'ticket-ready',
      to: [student.email!],
      link: '/student/ticket',
      departmentId: student.departmentId,
      values: {
        批次: batch.name,
        姓名: student.name,
        准考证: own.map((r) => `・${itemLabel(r.item.name, r.level)}：准考证号 ${numberOf.get(r.id)}`).join('\n'),
      },
    });
  }
}
