// The student's admission ticket (准考证) once the office has numbered it, a printable copy, and
// the optional ID photo that goes on it.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { ownTicket } from '../../services/outputs/exam-tickets.js';
import { saveOwnPhoto } from '../../services/accounts/student-photos.js';
import { PHOTO_LIMIT } from '../../domain/admission-ticket.js';
import { ticketsVisible, ticketsVisibleFrom } from '../../domain/ticket-release.js';
import type { Batch } from '../../models/index.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { receiveFile, singleFileUpload, thenRemove } from '../middleware/upload.js';
import { studentBatch } from '../page-batch.js';
import { notices, titles } from '../messages/outputs.js';

/** The student's own ticket, shown only from the release time on (a number given earlier stays hidden). */
async function visibleTicket(ctx: ServiceContext, actor: ReturnType<typeof actorOf>, batch: Batch) {
  const own = await ownTicket(actor, batch);
  const hiddenUntil = ticketsVisible(batch, ctx.now()) ? null : ticketsVisibleFrom(batch);
  return hiddenUntil && own.sheet
    ? { ...own, sheet: null, pending: own.pending + own.sheet.tickets.length, hiddenUntil }
    : { ...own, hiddenUntil };
}

export function studentTicketRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const photos = singleFileUpload(ctx.storage.tempDir(), ctx.config.uploadMaxBytes, ['.jpg', '.jpeg']);

  router.get('/ticket', async (req, res) => {
    const batch = await studentBatch(req);
    res.render('student/ticket', {
      title: titles.tickets,
      batch,
      photoLimit: PHOTO_LIMIT,
      ...(await visibleTicket(ctx, actorOf(req), batch)),
    });
  });

  router.get('/ticket/print', async (req, res) => {
    const batch = await studentBatch(req);
    const { sheet, pending } = await visibleTicket(ctx, actorOf(req), batch);
    res.render('print/tickets', {
      title: titles.tickets,
      batch,
      backUrl: '/student/ticket',
      scope: { departmentName: sheet?.departmentName ?? null },
      sheets: sheet ? [sheet] : [],
      missing: pending,
    });
  });

  router.post(
    '/ticket/photo',
    formAction(
      () => '/student/ticket',
      async (req, res) => {
        const file = await receiveFile(photos, ctx.config.uploadMaxBytes, req, res);
        await thenRemove([file], () => saveOwnPhoto(ctx, actorOf(req), file.path));
        flash(req, { notice: notices.photoSaved });
        res.redirect(303, '/student/ticket');
      },
    ),
  );

  return router;
}
