// Candidates' ID photos, served only through this authorised route (uploads/ is never static):
// to the candidate, their department's teacher and the office.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { photoFile } from '../../services/accounts/student-photos.js';
import { actorOf, requireSignedIn } from '../middleware/auth.js';
import { idParam } from '../forms/fields.js';

export function photoFileRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/students/:id/photo', requireSignedIn, async (req, res) => {
    const { file, type } = await photoFile(ctx, actorOf(req), idParam(req.params.id));
    res.set({ 'Content-Type': type, 'Cache-Control': 'private, no-store' });
    res.sendFile(file);
  });
  return router;
}
