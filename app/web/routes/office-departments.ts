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
import { notices, titles } from '../messages/office.js';

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
  res.render('office/departments', { title: titles.departments, departments: await listDepartments() });
}

const addDepartment = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const department = await createDepartment(ctx, actorOf(req), text(req.body, 'name'));
  flash(req, { notice: notices.departmentAdded(department.name) });
  res.redirect(303, '/office/departments');
};

async function showDepartmentForm(req: Request, res: Response) {
  const department = await getDepartment(idParam(req.params.id));
  res.render('office/department-edit', { title: titles.editDepartment(department.name), department });
}

const saveDepartment = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await updateDepartment(ctx, actorOf(req), idParam(req.params.id), {
    name: text(req.body, 'name'),
    active: checkbox(req.body, 'active'),
  });
  flash(req, { notice: notices.saved });
  res.redirect(303, '/office/departments');
};

/** 指定老师: every department's designated teachers. */
async function showTeachers(req: Request, res: Response) {
  res.render('office/teachers', {
    title: titles.teachers,
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
  flash(req, { notice: notices.teacherCreated(user.displayName, user.username), secret: password });
  res.redirect(303, '/office/teachers');
};

const saveTeacherEmail = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const email = await setAccountEmail(ctx, actorOf(req), idParam(req.params.id), text(req.body, 'email'));
  flash(req, { notice: email ? notices.teacherEmailSet(email) : notices.teacherEmailCleared });
  res.redirect(303, '/office/teachers');
};

const resetTeacherPassword = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const password = await resetPassword(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.passwordReset, secret: password });
  res.redirect(303, '/office/teachers');
};

const setTeacherActive = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const active = checkbox(req.body, 'active');
  await setAccountActive(ctx, actorOf(req), idParam(req.params.id), active);
  flash(req, { notice: active ? notices.accountEnabled : notices.accountDisabled });
  res.redirect(303, '/office/teachers');
};
