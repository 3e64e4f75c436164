// 二级学院 and their designated teachers.
import { Router } from 'express';
import {
  createAccount,
  listTeachers,
  resetPassword,
  setAccountActive,
  setAccountEmail,
} from '../../services/accounts.js';
import type { ServiceContext } from '../../services/context.js';
import {
  activeDepartments,
  createDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
} from '../../services/departments.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { checkbox, idParam, optionalId, text } from '../forms/fields.js';

export function officeDepartmentRoutes(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/departments', async (req, res) => {
    res.render('office/departments', { title: '二级学院', departments: await listDepartments() });
  });

  router.post(
    '/departments',
    formAction(
      () => '/office/departments',
      async (req, res) => {
        const department = await createDepartment(ctx, actorOf(req), text(req.body, 'name'));
        flash(req, { notice: `已添加二级学院“${department.name}”` });
        res.redirect(303, '/office/departments');
      },
    ),
  );

  router.get('/departments/:id/edit', async (req, res) => {
    const department = await getDepartment(idParam(req.params.id));
    res.render('office/department-edit', { title: `修改：${department.name}`, department });
  });

  router.post(
    '/departments/:id',
    formAction(
      (req) => `/office/departments/${req.params.id}/edit`,
      async (req, res) => {
        await updateDepartment(ctx, actorOf(req), idParam(req.params.id), {
          name: text(req.body, 'name'),
          active: checkbox(req.body, 'active'),
        });
        flash(req, { notice: '已保存' });
        res.redirect(303, '/office/departments');
      },
    ),
  );

  router.get('/teachers', async (req, res) => {
    res.render('office/teachers', {
      title: '指定老师',
      teachers: await listTeachers(),
      departments: await activeDepartments(),
    });
  });

  router.post(
    '/teachers',
    formAction(
      () => '/office/teachers',
      async (req, res) => {
        const { user, password } = await createAccount(ctx, actorOf(req), {
          username: text(req.body, 'username'),
          displayName: text(req.body, 'displayName'),
          role: 'teacher',
          departmentId: optionalId(req.body, 'departmentId'),
          email: text(req.body, 'email'),
        });
        flash(req, { notice: `已为 ${user.displayName} 创建账号 ${user.username}`, secret: password });
        res.redirect(303, '/office/teachers');
      },
    ),
  );

  router.post(
    '/teachers/:id/email',
    formAction(
      () => '/office/teachers',
      async (req, res) => {
        const email = await setAccountEmail(ctx, actorOf(req), idParam(req.params.id), text(req.body, 'email'));
        flash(req, { notice: email ? `邮箱已改为 ${email}` : '已清除邮箱，这位老师将收不到通知邮件' });
        res.redirect(303, '/office/teachers');
      },
    ),
  );

  router.post('/teachers/:id/reset-password', async (req, res) => {
    const password = await resetPassword(ctx, actorOf(req), idParam(req.params.id));
    flash(req, { notice: '密码已重置，对方首次登录须修改', secret: password });
    res.redirect(303, '/office/teachers');
  });

  router.post('/teachers/:id/active', async (req, res) => {
    const active = checkbox(req.body, 'active');
    await setAccountActive(ctx, actorOf(req), idParam(req.params.id), active);
    flash(req, { notice: active ? '账号已启用' : '账号已停用' });
    res.redirect(303, '/office/teachers');
  });

  return router;
}
