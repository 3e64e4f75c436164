// The audit log, filterable by actor, action, entity and date range.
import { Router } from 'express';
import { AUDIT_PAGE_SIZE, auditActions, listAudit } from '../../services/audit.js';
import { parseShanghai } from '../../domain/time.js';
import { page, text } from '../forms/fields.js';
import { titles } from '../messages/office.js';

const day = (raw: unknown, endOfDay: boolean) => {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const start = parseShanghai(`${raw} 00:00`);
  return start && endOfDay ? new Date(start.getTime() + 24 * 3600 * 1000) : start;
};

export function officeAuditRoutes(): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    // A repeated key (?actor=a&actor=b) arrives as an array; text() reads it as no filter.
    const q = Object.fromEntries(['actor', 'action', 'entityType', 'from', 'to'].map((k) => [k, text(req.query, k)]));
    const filter = {
      actor: q.actor || undefined,
      action: q.action || undefined,
      entityType: q.entityType || undefined,
      from: day(q.from, false),
      to: day(q.to, true),
    };
    const current = page(req.query);
    const { rows, count } = await listAudit(filter, current);
    res.render('office/audit', {
      title: titles.audit,
      rows,
      count,
      page: current,
      pages: Math.max(1, Math.ceil(count / AUDIT_PAGE_SIZE)),
      actions: await auditActions(),
      query: q,
    });
  });
  return router;
}
