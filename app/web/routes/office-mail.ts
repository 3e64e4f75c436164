// 邮件通知: the outbox's state, failed mail and its reasons, and the wording of each mail.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import {
  listTemplates,
  mailOverview,
  outboxMessage,
  resetTemplate,
  retryFailed,
  saveTemplate,
  STATUS_NAMES,
  templateForEdit,
} from '../../services/mail-admin.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idParam, text } from '../forms/fields.js';

export function officeMailRoutes(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/mail', async (req, res) => {
    res.render('office/mail', {
      title: '邮件通知',
      ...(await mailOverview(ctx)),
      templates: await listTemplates(),
      statusNames: STATUS_NAMES,
    });
  });

  router.get('/mail/:id', async (req, res) => {
    const message = await outboxMessage(idParam(req.params.id));
    res.render('office/mail-message', { title: `邮件：${message.subject}`, message });
  });

  router.post(
    '/mail/retry',
    formAction(
      () => '/office/mail',
      async (req, res) => {
        const count = await retryFailed(ctx, actorOf(req), null);
        flash(req, { notice: count ? `已把 ${count} 封失败的邮件重新排队发送` : '没有发送失败的邮件' });
        res.redirect(303, '/office/mail');
      },
    ),
  );

  router.post(
    '/mail/:id/retry',
    formAction(
      () => '/office/mail',
      async (req, res) => {
        await retryFailed(ctx, actorOf(req), idParam(req.params.id));
        flash(req, { notice: '已重新排队发送' });
        res.redirect(303, '/office/mail');
      },
    ),
  );

  router.get('/mail/templates/:kind', async (req, res) => {
    res.render('office/mail-template', {
      title: '修改邮件模板',
      template: await templateForEdit(String(req.params.kind)),
    });
  });

  router.post(
    '/mail/templates/:kind',
    formAction(
      (req) => `/office/mail/templates/${encodeURIComponent(String(req.params.kind))}`,
      async (req, res) => {
        await saveTemplate(ctx, actorOf(req), String(req.params.kind), {
          subject: text(req.body, 'subject'),
          body: text(req.body, 'body'),
        });
        flash(req, { notice: '模板已保存，之后产生的邮件使用新的写法' });
        res.redirect(303, '/office/mail');
      },
    ),
  );

  router.post(
    '/mail/templates/:kind/reset',
    formAction(
      () => '/office/mail',
      async (req, res) => {
        await resetTemplate(ctx, actorOf(req), String(req.params.kind));
        flash(req, { notice: '已恢复默认写法' });
        res.redirect(303, '/office/mail');
      },
    ),
  );

  return router;
}
