// What happens to a stored package after upload: the teacher's 初审 and submission to the office
// (before the materials deadline), the office's return (with a reason) or acceptance.
import { Op, type Transaction } from 'sequelize';
import { forbidden, invalid, notFound } from '../../domain/errors.js';
import { Batch, Package } from '../../models/index.js';
import type { PackageStatus } from '../../models/package.js';
import { recordAudit, type AuditAction } from '../audit.js';
import { departmentPackagesReturned, packageReturned, packagesSubmitted } from '../notifications/notifications.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { assertMaterialsOpen } from './packages.js';
import { officeOnly, teacherDepartment } from '../guards.js';
import { requiredText } from '../../domain/required-text.js';

export const messages = {
  teacherOnly: '只有本院指定老师可以初审和提交材料',
  officeOnly: '只有继续教育学院可以退回或接收材料',
  nothingSelected: '请先勾选要初审通过的考生',
  nothingToSubmit: '没有已初审通过、待提交的材料：请先勾选考生并点“初审通过”',
  nothingSubmitted: '这个学院目前没有已提交、待处理的材料',
  reason: '请写明退回原因（不超过 300 字），老师会看到并据此修改',
  missing: '找不到这份材料',
  notCurrent: '这份材料已有更新的版本，请刷新页面',
};

async function batchOf(batchId: number) {
  const batch = await Batch.findByPk(batchId);
  if (!batch) throw notFound('找不到这个批次');
  return batch;
}

/** 初审通过 for the ticked candidates of the teacher's department. */
export async function preApprove(ctx: ServiceContext, actor: Actor, batchId: number, packageIds: number[]) {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  if (!packageIds.length) throw invalid(messages.nothingSelected);
  const batch = await batchOf(batchId);
  await assertMaterialsOpen(ctx, actor, batch, departmentId);
  return transaction(ctx, async (t) => {
    const rows = await Package.findAll({ where: { id: packageIds, batchId }, transaction: t, lock: t.LOCK.UPDATE });
    if (rows.length !== new Set(packageIds).size || rows.some((p) => p.departmentId !== departmentId))
      throw forbidden('所选材料中有不属于本院的，未做任何修改');
    const eligible = rows.filter((p) => p.currentMarker === 1 && (p.status === 'uploaded' || p.status === 'returned'));
    await Package.update(
      { status: 'pre-approved', returnReason: null },
      { where: { id: eligible.map((p) => p.id) }, transaction: t },
    );
    await recordAudit(t, actor, {
      action: 'package.pre-approved',
      entityType: 'package',
      departmentId,
      after: { ids: eligible.map((p) => p.id) },
    });
    return eligible.length;
  });
}

/** Sends every pre-approved package of the department to the office. */
export async function submitDepartment(ctx: ServiceContext, actor: Actor, batchId: number) {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const batch = await batchOf(batchId);
  await assertMaterialsOpen(ctx, actor, batch, departmentId);
  return moveAll(
    ctx,
    actor,
    { batchId, departmentId },
    'pre-approved',
    'submitted',
    messages.nothingToSubmit,
    'package.submitted',
    null,
    (t, count) => packagesSubmitted(ctx, t, batchId, departmentId, count),
  );
}

type Moved = (t: Transaction, count: number) => Promise<void>;

async function moveAll(
  ctx: ServiceContext,
  actor: Actor,
  scope: { batchId: number; departmentId: number },
  from: PackageStatus,
  to: PackageStatus,
  none: string,
  action: AuditAction,
  reason: string | null = null,
  notify: Moved | null = null,
) {
  return transaction(ctx, async (t) => {
    const rows = await Package.findAll({
      where: { ...scope, status: from, currentMarker: 1 },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (!rows.length) throw invalid(none);
    await Package.update(
      { status: to, returnReason: reason },
      { where: { id: { [Op.in]: rows.map((p) => p.id) } }, transaction: t },
    );
    await recordAudit(t, actor, {
      action,
      entityType: 'package',
      departmentId: scope.departmentId,
      after: { count: rows.length, reason },
    });
    await notify?.(t, rows.length);
    return rows.length;
  });
}

function checkedReason(reason: string) {
  const trimmed = requiredText(reason, 300, messages.reason);
  return trimmed;
}

export async function returnDepartment(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  departmentId: number,
  reason: string,
) {
  officeOnly(actor, messages.officeOnly);
  const why = checkedReason(reason);
  return moveAll(
    ctx,
    actor,
    { batchId, departmentId },
    'submitted',
    'returned',
    messages.nothingSubmitted,
    'package.department-returned',
    why,
    (t, count) => departmentPackagesReturned(ctx, t, batchId, departmentId, count, why),
  );
}

export async function acceptDepartment(ctx: ServiceContext, actor: Actor, batchId: number, departmentId: number) {
  officeOnly(actor, messages.officeOnly);
  return moveAll(
    ctx,
    actor,
    { batchId, departmentId },
    'submitted',
    'accepted',
    messages.nothingSubmitted,
    'package.department-accepted',
  );
}

export async function returnPackage(ctx: ServiceContext, actor: Actor, packageId: number, reason: string) {
  officeOnly(actor, messages.officeOnly);
  const why = checkedReason(reason);
  await transaction(ctx, async (t) => {
    const row = await Package.findByPk(packageId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!row) throw notFound(messages.missing);
    if (row.currentMarker !== 1) throw invalid(messages.notCurrent);
    const before = { status: row.status };
    await row.update({ status: 'returned', returnReason: why }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'package.returned',
      entityType: 'package',
      entityId: row.id,
      departmentId: row.departmentId,
      before,
      after: { status: 'returned', reason: why },
    });
    await packageReturned(ctx, t, row, why);
  });
}
