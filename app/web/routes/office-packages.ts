// The office's view of materials: per-department status, any candidate's files, return a candidate
// or a whole department with a reason, accept what was submitted.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { getDepartment } from '../../services/departments.js';
import { departmentMaterials, officeOverview, recentUploads, STATUS_NAMES } from '../../services/package-queries.js';
import { acceptDepartment, returnDepartment, returnPackage } from '../../services/package-review.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idField, idOrEmpty, idParam, parseId, text } from '../forms/fields.js';
import { pageBatch } from '../page-batch.js';

export function officePackageRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const back = (req: { params: { id?: string }; body?: unknown }) =>
    `/office/packages/${parseId(req.params.id) ?? ''}?batch=${idOrEmpty(req.body as Record<string, unknown>, 'batchId')}`;

  router.get('/packages', async (req, res) => {
    const batch = await pageBatch(req);
    res.render('packages/office', {
      title: '材料审核',
      batch,
      departments: await officeOverview(batch.id),
      statusNames: STATUS_NAMES,
    });
  });

  router.get('/packages/:id', async (req, res) => {
    const batch = await pageBatch(req);
    const department = await getDepartment(idParam(req.params.id));
    res.render('packages/office-department', {
      title: `材料审核：${department.name}`,
      batch,
      department,
      statusNames: STATUS_NAMES,
      ...(await departmentMaterials(batch.id, department.id)),
      uploads: await recentUploads(batch.id, department.id),
    });
  });

  router.post(
    '/packages/:id/accept',
    formAction(back, async (req, res) => {
      const count = await acceptDepartment(ctx, actorOf(req), idField(req.body, 'batchId'), idParam(req.params.id));
      flash(req, { notice: `已接收 ${count} 名考生的材料` });
      res.redirect(303, back(req));
    }),
  );

  router.post(
    '/packages/:id/return',
    formAction(back, async (req, res) => {
      const count = await returnDepartment(
        ctx,
        actorOf(req),
        idField(req.body, 'batchId'),
        idParam(req.params.id),
        text(req.body, 'reason'),
      );
      flash(req, { notice: `已退回该学院 ${count} 名考生的材料` });
      res.redirect(303, back(req));
    }),
  );

  router.post(
    '/packages/:id/items/:packageId/return',
    formAction(back, async (req, res) => {
      await returnPackage(ctx, actorOf(req), idParam(req.params.packageId), text(req.body, 'reason'));
      flash(req, { notice: '已退回该考生的材料' });
      res.redirect(303, back(req));
    }),
  );

  return router;
}
