// A department's students: list, add, edit, reset a login.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import {
  createStudent,
  findStudentFor,
  listStudents,
  PAGE_SIZE,
  resetStudentPassword,
  updateStudent,
} from '../../services/accounts/students.js';
import type { StudentRecord } from '../../domain/student-record.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { checkbox, idParam, page, text } from '../forms/fields.js';
import { notices, titles } from '../messages/students.js';

function studentRecord(req: Request): StudentRecord {
  return {
    studentNo: text(req.body, 'studentNo'),
    name: text(req.body, 'name'),
    idNumber: text(req.body, 'idNumber'),
    className: text(req.body, 'className'),
    phone: text(req.body, 'phone'),
    email: text(req.body, 'email') || null,
  };
}

const newStudentPage = () => '/teacher/students/new';
const editPage = (req: Request) => `/teacher/students/${req.params.id}/edit`;

export function teacherStudentRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/students', showStudents);
  router.get('/students/new', showNewStudentForm);
  router.post('/students', formAction(newStudentPage, addStudent(ctx)));
  router.get('/students/:id/edit', showStudentForm);
  router.post('/students/:id', formAction(editPage, saveStudent(ctx)));
  router.post('/students/:id/reset-password', resetStudentLogin(ctx));
  return router;
}

/** 本院学生: the department's students, by class or a search, a page at a time. */
async function showStudents(req: Request, res: Response) {
  // A repeated key (?q=a&q=b) arrives as an array; text() reads it as no filter.
  const q = { className: text(req.query, 'className'), q: text(req.query, 'q'), all: text(req.query, 'all') };
  const filter = { className: q.className || undefined, q: q.q || undefined, includeInactive: q.all === '1' };
  const current = page(req.query);
  const result = await listStudents(actorOf(req), filter, current);
  res.render('teacher/students', {
    title: titles.students,
    ...result,
    page: current,
    pages: Math.max(1, Math.ceil(result.count / PAGE_SIZE)),
    query: q,
  });
}

/** 添加学生 */
function showNewStudentForm(req: Request, res: Response) {
  res.render('teacher/student-form', {
    title: titles.newStudent,
    student: { active: true },
    action: '/teacher/students',
  });
}

const addStudent = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const student = await createStudent(ctx, actorOf(req), studentRecord(req));
  flash(req, { notice: notices.added(student.name, student.studentNo) });
  res.redirect(303, '/teacher/students');
};

async function showStudentForm(req: Request, res: Response) {
  const student = await findStudentFor(actorOf(req), idParam(req.params.id));
  res.render('teacher/student-form', {
    title: titles.editStudent(student.name),
    student: student.get({ plain: true }),
    action: `/teacher/students/${student.id}`,
  });
}

const saveStudent = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await updateStudent(ctx, actorOf(req), idParam(req.params.id), {
    ...studentRecord(req),
    active: checkbox(req.body, 'active'),
  });
  flash(req, { notice: notices.saved });
  res.redirect(303, '/teacher/students');
};

/** The student's password goes back to the last 6 digits of the ID number. */
const resetStudentLogin = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await resetStudentPassword(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.passwordReset });
  res.redirect(303, editPage(req));
};
