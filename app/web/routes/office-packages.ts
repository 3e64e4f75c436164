// The office's view of materials: per-department status, any candidate's files, return a candidate
// or a whole department with a reason, accept what was submitted.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { getDepartment } from '../../services/accounts/departments.js';
import { departmentMaterials, officeOverview, recentUploads } from '../../services/packages/package-queries.js';
import { acceptDepartment, returnDepartment, returnPackage } from '../../services/packages/package-review.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idField, idOrEmpty, idParam, parseId, text } from '../forms/fields.js';
import { pageBatch } from '../page-batch.js';
import { PACKAGE_STATUS_NAMES } from '../../domain/labels.js';
import { notices, titles } from '../messages/packages.js';

const back = (req: { params: { id?: string }; body?: unknown }) =>
  `/office/packages/${parseId(req.params.id) ?? ''}?batch=${idOrEmpty(req.body as Record<string, unknown>, 'batchId')}`;

export function officePackageRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/packages', showOverview);
  router.get('/packages/:id', showDepartmentMaterials);
  router.post('/packages/:id/accept', formAction(back, acceptMaterials(ctx)));
  router.post('/packages/:id/return', formAction(back, returnMaterials(ctx)));
  router.post('/packages/:id/items/:packageId/return', formAction(back, returnCandidate(ctx)));
  return router;
}

/** 材料审核: where each department's materials stand. */
async function showOverview(req: Request, res: Response) {
  const batch = await pageBatch(req);
  res.render('packages/office', {
    title: titles.review,
    batch,
    departments: await officeOverview(batch.id),
    statusNames: PACKAGE_STATUS_NAMES,
  });
}

/** One department's candidates and files, and its recent uploads. */
async function showDepartmentMaterials(req: Request, res: Response) {
  const batch = await pageBatch(req);
  const department = await getDepartment(idParam(req.params.id));
  res.render('packages/office-department', {
    title: titles.departmentReview(department.name),
    batch,
    department,
    statusNames: PACKAGE_STATUS_NAMES,
    ...(await departmentMaterials(batch.id, department.id)),
    uploads: await recentUploads(batch.id, department.id),
  });
}

/** 接收: what the department submitted is accepted. */
const acceptMaterials = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const count = await acceptDepartment(ctx, actorOf(req), idField(req.body, 'batchId'), idParam(req.params.id));
  flash(req, { notice: notices.accepted(count) });
  res.redirect(303, back(req));
};

/** 退回: the whole department's materials go back, with a reason. */
const returnMaterials = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const count = await returnDepartment(
    ctx,
    actorOf(req),
    idField(req.body, 'batchId'),
    idParam(req.params.id),
    text(req.body, 'reason'),
  );
  flash(req, { notice: notices.departmentReturned(count) });
  res.redirect(303, back(req));
};

/** 退回 one candidate's materials, with a reason. */
const returnCandidate = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await returnPackage(ctx, actorOf(req), idParam(req.params.packageId), text(req.body, 'reason'));
  flash(req, { notice: notices.candidateReturned });
  res.redirect(303, back(req));
};
