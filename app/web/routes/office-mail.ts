// 邮件通知: the outbox's state, failed mail and its reasons, and the wording of each mail.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import {
  listTemplates,
  mailOverview,
  outboxMessage,
  resetTemplate,
  retryFailed,
  saveTemplate,
  templateForEdit,
} from '../../services/notifications/mail-admin.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idParam, text } from '../forms/fields.js';
import { MAIL_STATUS_NAMES } from '../../domain/labels.js';
import { notices, titles } from '../messages/office.js';

const toMail = () => '/office/mail';
const templatePage = (req: Request) => `/office/mail/templates/${encodeURIComponent(String(req.params.kind))}`;

export function officeMailRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/mail', showMail(ctx));
  router.get('/mail/:id', showMessage);
  router.post('/mail/retry', formAction(toMail, retryAllFailed(ctx)));
  router.post('/mail/:id/retry', formAction(toMail, retryMessage(ctx)));
  router.get('/mail/templates/:kind', showTemplate);
  router.post('/mail/templates/:kind', formAction(templatePage, saveMailTemplate(ctx)));
  router.post('/mail/templates/:kind/reset', formAction(toMail, resetMailTemplate(ctx)));
  return router;
}

/** 邮件通知: the outbox at a glance and the templates. */
const showMail = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  res.render('office/mail', {
    title: titles.mail,
    ...(await mailOverview(ctx)),
    templates: await listTemplates(),
    statusNames: MAIL_STATUS_NAMES,
  });
};

/** One mail of the outbox, with why it failed if it did. */
async function showMessage(req: Request, res: Response) {
  const message = await outboxMessage(idParam(req.params.id));
  res.render('office/mail-message', { title: titles.mailMessage(message.subject), message });
}

const retryAllFailed = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const count = await retryFailed(ctx, actorOf(req), null);
  flash(req, { notice: count ? notices.failedMailRequeued(count) : notices.noFailedMail });
  res.redirect(303, '/office/mail');
};

const retryMessage = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await retryFailed(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.mailRequeued });
  res.redirect(303, '/office/mail');
};

/** 修改邮件模板 */
async function showTemplate(req: Request, res: Response) {
  res.render('office/mail-template', {
    title: titles.mailTemplate,
    template: await templateForEdit(String(req.params.kind)),
  });
}

const saveMailTemplate = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await saveTemplate(ctx, actorOf(req), String(req.params.kind), {
    subject: text(req.body, 'subject'),
    body: text(req.body, 'body'),
  });
  flash(req, { notice: notices.templateSaved });
  res.redirect(303, '/office/mail');
};

const resetMailTemplate = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await resetTemplate(ctx, actorOf(req), String(req.params.kind));
  flash(req, { notice: notices.templateReset });
  res.redirect(303, '/office/mail');
};
