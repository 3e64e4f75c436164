// The department's evaluation plan (评价计划): rows of item, level, headcount, date, place and
// method, the contact person, submission to the office, all before the department's plan deadline.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { departmentPlan, planRowForEdit } from '../../services/plans/plan-queries.js';
import { addPlanRow, removePlanRow, savePlanContact, submitPlan, updatePlanRow } from '../../services/plans/plans.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idField, idOrEmpty, idParam, text } from '../forms/fields.js';
import { planRowForm } from '../forms/plan-form.js';
import { pageBatch } from '../page-batch.js';
import { notices, titles } from '../messages/plans.js';

const page = (batchId: number | '') => `/teacher/plans?batch=${batchId}`;
const back = (req: Request) => page(idOrEmpty(req.body, 'batchId'));

const rowEditPage = (req: Request) => `/teacher/plans/rows/${req.params.id}/edit`;

export function teacherPlanRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/plans', showPlan(ctx));
  router.post('/plans/rows', formAction(back, addRow(ctx)));
  router.get('/plans/rows/:id/edit', showRowForm);
  router.post('/plans/rows/:id', formAction(rowEditPage, saveRow(ctx)));
  router.post('/plans/rows/:id/remove', formAction(back, removeRow(ctx)));
  router.post('/plans/contact', formAction(back, saveContact(ctx)));
  router.post('/plans/submit', formAction(back, submitToOffice(ctx)));
  return router;
}

/** 评价计划: the department's rows, contact and where the plan stands. */
const showPlan = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const batch = await pageBatch(req);
  res.render('plans/teacher', {
    title: titles.departmentPlan,
    batch,
    ...(await departmentPlan(ctx, actorOf(req), batch)),
  });
};

const addRow = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await addPlanRow(ctx, actorOf(req), idField(req.body, 'batchId'), planRowForm(req.body));
  flash(req, { notice: notices.rowAdded });
  res.redirect(303, back(req));
};

/** 修改计划行 */
async function showRowForm(req: Request, res: Response) {
  res.render('plans/row-edit', {
    title: titles.editRow,
    ...(await planRowForEdit(actorOf(req), idParam(req.params.id))),
  });
}

const saveRow = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await updatePlanRow(ctx, actorOf(req), idParam(req.params.id), planRowForm(req.body));
  flash(req, { notice: notices.rowSaved });
  res.redirect(303, back(req));
};

const removeRow = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await removePlanRow(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.rowRemoved });
  res.redirect(303, back(req));
};

const saveContact = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await savePlanContact(
    ctx,
    actorOf(req),
    idField(req.body, 'batchId'),
    text(req.body, 'contact'),
    text(req.body, 'contactPhone'),
  );
  flash(req, { notice: notices.contactSaved });
  res.redirect(303, back(req));
};

/** 提交评价计划: the plan goes to the office. */
const submitToOffice = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const result = await submitPlan(ctx, actorOf(req), idField(req.body, 'batchId'));
  flash(req, { notice: notices.submitted(result.rows, result.headcount) });
  res.redirect(303, back(req));
};
