// The audit log: who did what, when, from where, with a before/after summary. Written by every
// service inside the transaction of the change it describes, so one never exists without the other.
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { contains } from '../db/contains.js';
import type { AuditAction, AuditEntity } from '../domain/audit-names.js';
import { maskIdNumbersIn } from '../domain/id-number.js';
import { AuditLog } from '../models/index.js';
import type { Actor } from './context.js';

export type { AuditAction };

export type AuditEntry = {
  action: AuditAction;
  entityType: AuditEntity;
  entityId?: number | string | null;
  departmentId?: number | null;
  before?: unknown;
  after?: unknown;
};

function summarise(entry: AuditEntry): string {
  const json = JSON.stringify({ before: entry.before ?? undefined, after: entry.after ?? undefined });
  return maskIdNumbersIn(json); // ID numbers are personal information: the log keeps them masked
}

export async function recordAudit(t: Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  await AuditLog.create(
    {
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: actor.role,
      departmentId: entry.departmentId ?? actor.departmentId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      summary: summarise(entry),
      ip: actor.ip,
    },
    { transaction: t },
  );
}

export type AuditFilter = {
  actor?: string;
  action?: string;
  entityType?: string;
  from?: Date | null;
  to?: Date | null;
};

export const AUDIT_PAGE_SIZE = 50;

export async function listAudit(filter: AuditFilter, page: number) {
  const where: WhereOptions<AuditLog>[] = [];
  if (filter.actor) where.push(contains('actorName', filter.actor));
  if (filter.action) where.push({ action: filter.action });
  if (filter.entityType) where.push({ entityType: filter.entityType });
  if (filter.from) where.push({ createdAt: { [Op.gte]: filter.from } });
  if (filter.to) where.push({ createdAt: { [Op.lt]: filter.to } });
  const { rows, count } = await AuditLog.findAndCountAll({
    where: { [Op.and]: where },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: AUDIT_PAGE_SIZE,
    offset: (page - 1) * AUDIT_PAGE_SIZE,
  });
  return { rows: rows.map((r) => r.get({ plain: true })), count };
}

export async function auditActions(): Promise<string[]> {
  const rows = await AuditLog.findAll({ attributes: ['action'], group: ['action'], order: [['action', 'ASC']] });
  return rows.map((r) => r.action);
}
