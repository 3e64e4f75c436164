// 二级学院 and their designated teachers.
import { Router, type Request, type Response } from 'express';
import {
  createAccount,
  listTeachers,
  resetPassword,
  setAccountActive,
  setAccountEmail,
} from '../../services/accounts/accounts.js';
import type { ServiceContext } from '../../services/context.js';
import {
  activeDepartments,
  createDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
} from '../../services/accounts/departments.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { checkbox, idParam, optionalId, text } from '../forms/fields.js';

const departmentsPage = () => '/office/departments';
const editPage = (req: Request) => `/office/departments/${req.params.id}/edit`;
const teachersPage = () => '/office/teachers';

export function officeDepartmentRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/departments', showDepartments);
  router.post('/departments', formAction(departmentsPage, addDepartment(ctx)));
  router.get('/departments/:id/edit', showDepartmentForm);
  router.post('/departments/:id', formAction(editPage, saveDepartment(ctx)));
  router.get('/teachers', showTeachers);
  router.post('/teachers', formAction(teachersPage, addTeacher(ctx)));
  router.post('/teachers/:id/email', formAction(teachersPage, saveTeacherEmail(ctx)));
  router.post('/teachers/:id/reset-password', resetTeacherPassword(ctx));
  router.post('/teachers/:id/active', setTeacherActive(ctx));
  return router;
}

/** 二级学院 */
async function showDepartments(req: Request, res: Response) {
  res.render('office/departments', { title: '二级学院', departments: await listDepartments() });
}

const addDepartment = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const department = await createDepartment(ctx, actorOf(req), text(req.body, 'name'));
  flash(req, { notice: `已添加二级学院“${department.name}”` });
  res.redirect(303, '/office/departments');
};

async function showDepartmentForm(req: Request, res: Response) {
  const department = await getDepartment(idParam(req.params.id));
  res.render('office/department-edit', { title: `修改：${department.name}`, department });
}

const saveDepartment = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await updateDepartment(ctx, actorOf(req), idParam(req.params.id), {
    name: text(req.body, 'name'),
    active: checkbox(req.body, 'active'),
  });
  flash(req, { notice: '已保存' });
  res.redirect(303, '/office/departments');
};

/** 指定老师: every department's designated teachers. */
async function showTeachers(req: Request, res: Response) {
  res.render('office/teachers', {
    title: '指定老师',
    teachers: await listTeachers(),
    departments: await activeDepartments(),
  });
}

/** A new teacher's account; its first password is shown once, in the flash. */
const addTeacher = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const { user, password } = await createAccount(ctx, actorOf(req), {
    username: text(req.body, 'username'),
    displayName: text(req.body, 'displayName'),
    role: 'teacher',
    departmentId: optionalId(req.body, 'departmentId'),
    email: text(req.body, 'email'),
  });
  flash(req, { notice: `已为 ${user.displayName} 创建账号 ${user.username}`, secret: password });
  res.redirect(303, '/office/teachers');
};

const saveTeacherEmail = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const email = await setAccountEmail(ctx, actorOf(req), idParam(req.params.id), text(req.body, 'email'));
  flash(req, { notice: email ? `邮箱已改为 ${email}` : '已清除邮箱，这位老师将收不到通知邮件' });
  res.redirect(303, '/office/teachers');
};

const resetTeacherPassword = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const password = await resetPassword(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: '密码已重置，对方首次登录须修改', secret: password });
  res.redirect(303, '/office/teachers');
};

const setTeacherActive = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const active = checkbox(req.body, 'active');
  await setAccountActive(ctx, actorOf(req), idParam(req.params.id), active);
  flash(req, { notice: active ? '账号已启用' : '账号已停用' });
  res.redirect(303, '/office/teachers');
};
