// The office's side of evaluation plans: the summary table across departments (page and .xlsx),
// returning a plan with a reason or accepting it, and the holiday list its working-day check uses.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { planSummary, planSummaryWorkbook } from '../../services/plans/plan-summary.js';
import { acceptPlan, returnPlan } from '../../services/plans/plan-review.js';
import { addHoliday, listHolidays, removeHoliday } from '../../services/season/holidays.js';
import { listExtensions } from '../../services/season/extensions.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { checkbox, idOrEmpty, idParam, text } from '../forms/fields.js';
import { pageBatch } from '../page-batch.js';
import { fileNames, notices, titles } from '../messages/plans.js';

const back = (req: Request) => `/office/plans?batch=${idOrEmpty(req.body, 'batchId')}`;

const holidaysPage = () => '/office/holidays';

export function officePlanRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/plans', showPlanSummary(ctx));
  router.get('/plans/export', exportPlanSummary(ctx));
  router.post('/plans/:id/return', formAction(back, returnDepartmentPlan(ctx)));
  router.post('/plans/:id/accept', formAction(back, acceptDepartmentPlan(ctx)));
  router.get('/holidays', showHolidays);
  router.post('/holidays', formAction(holidaysPage, addHolidayDay(ctx)));
  router.post('/holidays/:id/delete', formAction(holidaysPage, removeHolidayDay(ctx)));
  return router;
}

/** 评价计划汇总: every department's plan, beside the extensions of the plan deadline. */
const showPlanSummary = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const batch = await pageBatch(req);
  const extensions = (await listExtensions(batch.id)).filter((e) => e.deadline === 'plansDueAt');
  res.render('plans/office', { title: titles.summary, batch, extensions, ...(await planSummary(ctx, batch.id)) });
};

/** 评价计划汇总表.xlsx */
const exportPlanSummary = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const batch = await pageBatch(req);
  res
    .attachment(fileNames.summary(batch.name))
    .type('xlsx')
    .send(await planSummaryWorkbook(ctx, batch.id));
};

const returnDepartmentPlan = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const result = await returnPlan(ctx, actorOf(req), idParam(req.params.id), text(req.body, 'reason'));
  flash(req, { notice: result.closedAt ? notices.returnedClosed(result.closedAt) : notices.returned });
  res.redirect(303, `/office/plans?batch=${result.batchId}`);
};

const acceptDepartmentPlan = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const result = await acceptPlan(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.accepted });
  res.redirect(303, `/office/plans?batch=${result.batchId}`);
};

/** 节假日与调休: the days the plans' working-day check skips or counts. */
async function showHolidays(req: Request, res: Response) {
  res.render('plans/holidays', { title: titles.holidays, holidays: await listHolidays() });
}

const addHolidayDay = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const row = await addHoliday(ctx, actorOf(req), {
    day: text(req.body, 'day'),
    name: text(req.body, 'name'),
    workday: checkbox(req.body, 'workday'),
  });
  flash(req, { notice: notices.holidayAdded(row.day, row.name) });
  res.redirect(303, '/office/holidays');
};

const removeHolidayDay = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await removeHoliday(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.holidayRemoved });
  res.redirect(303, '/office/holidays');
};
