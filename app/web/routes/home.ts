// The front door: each role lands on its own home page.
import { Router } from 'express';
import { requireSignedIn } from '../middleware/auth.js';

const HOME = { office: '/office', teacher: '/teacher', student: '/student' } as const;

export function homeRoutes(): Router {
  const router = Router();
  router.get('/', requireSignedIn, (req, res) => res.redirect(303, HOME[req.currentUser!.role]));
  return router;
}
