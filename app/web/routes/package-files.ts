// Package files, served only through this authorised route (uploads/ is never static).
import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { packageFile, type Which } from '../../services/packages/package-queries.js';
import { badRequest } from '../../domain/errors.js';
import { actorOf, requireSignedIn } from '../middleware/auth.js';
import { idParam } from '../forms/fields.js';
import { refusals } from '../messages/packages.js';

export function packageFileRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/packages/:id/:which', requireSignedIn, async (req, res) => {
    const which = req.params.which;
    if (which !== 'id-card' && which !== 'education') throw badRequest(refusals.fileKind);
    const { file, type, name } = await packageFile(ctx, actorOf(req), idParam(req.params.id), which as Which);
    res.set({
      'Content-Type': type,
      'Cache-Control': 'private, no-store',
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
    res.sendFile(file);
  });
  return router;
}
