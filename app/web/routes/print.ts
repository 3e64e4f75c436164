// Print views (issue 6): the 个人申报表 of every grade candidate and the 准考证, A4, one candidate
// per page, for the office (any department, or all) and a department's teacher (their own only);
// the office also gives out the exam numbers here.
import { Router, type Request } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { assignExamNumbers, printOverview, ticketSheets } from '../../services/outputs/exam-tickets.js';
import { applicationSheets } from '../../services/outputs/print-forms.js';
import { notYetNumberable, releaseTicketsNow } from '../../services/outputs/ticket-release.js';
import { ticketsVisible, ticketsVisibleFrom } from '../../domain/ticket-release.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idField, idOrEmpty, idQuery } from '../forms/fields.js';
import { pageBatch } from '../page-batch.js';
import { notices, titles } from '../messages/outputs.js';

type Area = 'office' | 'teacher';

const departmentParam = (req: Request) => idQuery(req.query, 'department'); // none: every department the actor may see

async function batchOf(req: Request) {
  const batch = await pageBatch(req);
  return batch;
}

function printRoutes(ctx: ServiceContext, area: Area): Router {
  const router = Router();
  const home = (batchId: number) => `/${area}/print?batch=${batchId}`;

  router.get('/print', async (req, res) => {
    const batch = await batchOf(req);
    const overview = await printOverview(actorOf(req), batch.id);
    res.render('print/index', {
      title: titles.print,
      area,
      batch,
      ...overview,
      visibleFrom: ticketsVisibleFrom(batch),
      visible: ticketsVisible(batch, ctx.now()),
      notReady: await notYetNumberable(batch.id, overview.scope.departmentId ?? null),
    });
  });

  router.get('/print/applications', async (req, res) => {
    const batch = await batchOf(req);
    res.render('print/applications', {
      title: titles.applications,
      batch,
      backUrl: home(batch.id),
      ...(await applicationSheets(actorOf(req), batch.id, departmentParam(req))),
    });
  });

  router.get('/print/tickets', async (req, res) => {
    const batch = await batchOf(req);
    res.render('print/tickets', {
      title: titles.tickets,
      batch,
      backUrl: home(batch.id),
      ...(await ticketSheets(actorOf(req), batch, departmentParam(req))),
    });
  });

  return router;
}

export function officePrintRoutes(ctx: ServiceContext): Router {
  const router = printRoutes(ctx, 'office');
  const back = (req: Request) => `/office/print?batch=${idOrEmpty(req.body, 'batchId')}`;
  router.post(
    '/print/numbers',
    formAction(back, async (req, res) => {
      const { created, notReady } = await assignExamNumbers(ctx, actorOf(req), idField(req.body, 'batchId'));
      flash(req, { notice: notices.numbered(created, notReady) });
      res.redirect(303, back(req));
    }),
  );
  router.post(
    '/print/release',
    formAction(back, async (req, res) => {
      flash(req, {
        notice: notices.released(await releaseTicketsNow(ctx, actorOf(req), idField(req.body, 'batchId'))),
      });
      res.redirect(303, back(req));
    }),
  );
  return router;
}

export function teacherPrintRoutes(ctx: ServiceContext): Router {
  return printRoutes(ctx, 'teacher');
}
