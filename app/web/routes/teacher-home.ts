// The teacher's home page: what the department still has to do, deadline by deadline, in every
// batch not yet archived (the batches the reminders are about).
import { Router } from 'express';
import { openBatches } from '../../services/season/batches.js';
import type { ServiceContext } from '../../services/context.js';
import { departmentTodos, refundTodos, todoHeadline } from '../../services/notifications/todos.js';
import { actorOf } from '../middleware/auth.js';
import { titles } from '../messages/accounts.js';

export function teacherHomeRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const batches = await openBatches();
    const sections = await Promise.all(
      batches.map(async (batch) => {
        const groups = await departmentTodos(batch, actorOf(req).departmentId!, ctx.now());
        const refunds = await refundTodos(batch, actorOf(req).departmentId!);
        return {
          batch,
          todos: [...groups.flatMap((g) => g.todos.map((todo) => ({ ...todo, due: todoHeadline(g) }))), ...refunds],
        };
      }),
    );
    res.render('teacher/home', { title: titles.teacherHome, sections });
  });
  return router;
}
