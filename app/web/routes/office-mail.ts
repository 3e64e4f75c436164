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
    title: '邮件通知',
    ...(await mailOverview(ctx)),
    templates: await listTemplates(),
    statusNames: MAIL_STATUS_NAMES,
  });
};

/** One mail of the outbox, with why it failed if it did. */
async function showMessage(req: Request, res: Response) {
  const message = await outboxMessage(idParam(req.params.id));
  res.render('office/mail-message', { title: `邮件：${message.subject}`, message });
}

const retryAllFailed = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const count = await retryFailed(ctx, actorOf(req), null);
  flash(req, { notice: count ? `已把 ${count} 封失败的邮件重新排队发送` : '没有发送失败的邮件' });
  res.redirect(303, '/office/mail');
};

const retryMessage = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await retryFailed(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: '已重新排队发送' });
  res.redirect(303, '/office/mail');
};

/** 修改邮件模板 */
async function showTemplate(req: Request, res: Response) {
  res.render('office/mail-template', {
    title: '修改邮件模板',
    template: await templateForEdit(String(req.params.kind)),
  });
}

const saveMailTemplate = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await saveTemplate(ctx, actorOf(req), String(req.params.kind), {
    subject: text(req.body, 'subject'),
    body: text(req.body, 'body'),
  });
  flash(req, { notice: '模板已保存，之后产生的邮件使用新的写法' });
  res.redirect(303, '/office/mail');
};

const resetMailTemplate = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await resetTemplate(ctx, actorOf(req), String(req.params.kind));
  flash(req, { notice: '已恢复默认写法' });
  res.redirect(303, '/office/mail');
};
