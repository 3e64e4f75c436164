// The office's overview page.
import { Router } from 'express';
import { listAudit } from '../../services/audit.js';
import { listBatches } from '../../services/batches.js';
import { listDepartments } from '../../services/departments.js';

export function officeHomeRoutes(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const [departments, batches, recent] = await Promise.all([listDepartments(), listBatches(), listAudit({}, 1)]);
    res.render('office/home', { title: '继续教育学院工作台', departments, batches, recent: recent.rows.slice(0, 10) });
  });
  return router;
}
