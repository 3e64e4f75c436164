// The office's overview page.
import { Router } from 'express';
import { listAudit } from '../../services/audit.js';
import { currentBatch, listBatches } from '../../services/season/batches.js';
import type { ServiceContext } from '../../services/context.js';
import { officeTodos } from '../../services/notifications/todos.js';
import { listDepartments } from '../../services/accounts/departments.js';
import { titles } from '../messages/office.js';

export function officeHomeRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const [departments, batches, recent] = await Promise.all([listDepartments(), listBatches(), listAudit({}, 1)]);
    const todos = await officeTodos(await currentBatch(), ctx.config.smtp !== null);
    res.render('office/home', {
      title: titles.home,
      departments,
      batches,
      todos,
      recent: recent.rows.slice(0, 10),
    });
  });
  return router;
}
