// The student's own page. Registration arrives with the registration issue; for now the student
// sees their record and the season's timeline.
import { Router } from 'express';
import { listBatches } from '../../services/batches.js';
import { findOwnStudent } from '../../services/students.js';
import { DEADLINES } from '../../domain/timeline.js';
import { actorOf } from '../middleware/auth.js';

export function studentRoutes(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const student = await findOwnStudent(actorOf(req));
    const batch = (await listBatches()).find((b) => !b.archived) ?? null;
    res.render('student/home', { title: '我的报考', student, batch, deadlines: DEADLINES });
  });
  return router;
}
