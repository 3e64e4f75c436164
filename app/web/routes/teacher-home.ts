// The teacher's home page: what the department still has to do, deadline by deadline.
import { Router } from 'express';
import { currentBatch } from '../../services/batches.js';
import type { ServiceContext } from '../../services/context.js';
import { departmentTodos, todoHeadline } from '../../services/todos.js';
import { actorOf } from '../middleware/auth.js';

export function teacherHomeRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const batch = await currentBatch();
    const groups = batch ? await departmentTodos(batch, actorOf(req).departmentId!, ctx.now()) : [];
    const todos = groups.flatMap((g) => g.todos.map((todo) => ({ ...todo, due: todoHeadline(g) })));
    res.render('teacher/home', { title: '本院工作台', batch, todos });
  });
  return router;
}
