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

export const messages = {
  numbered: (n: number, notReady: number) =>
    (n ? `已为 ${n} 项报名生成准考证号` : '这次没有可以编号的报名') +
    (notReady ? `；另有 ${notReady} 项材料未接收或费用未缴清，暂不编号（见下方名单）` : ''),
  released: (n: number) => `准考证已发放：考生现在可以查看和打印${n ? `，已通知 ${n} 项报名的考生` : ''}`,
};

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
      title: '打印申报表和准考证',
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
      title: '个人申报表',
      batch,
      backUrl: home(batch.id),
      ...(await applicationSheets(actorOf(req), batch.id, departmentParam(req))),
    });
  });

  router.get('/print/tickets', async (req, res) => {
    const batch = await batchOf(req);
    res.render('print/tickets', {
      title: '准考证',
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
      flash(req, { notice: messages.numbered(created, notReady) });
      res.redirect(303, back(req));
    }),
  );
  router.post(
    '/print/release',
    formAction(back, async (req, res) => {
      flash(req, {
        notice: messages.released(await releaseTicketsNow(ctx, actorOf(req), idField(req.body, 'batchId'))),
      });
      res.redirect(303, back(req));
    }),
  );
  return router;
}

export function teacherPrintRoutes(ctx: ServiceContext): Router {
  return printRoutes(ctx, 'teacher');
}
