// Who is asking: loads the signed-in user on every request (so a disabled account stops at once),
// enforces the absolute session lifetime, forces the initial-password change, and guards roles.
import type { NextFunction, Request, Response } from 'express';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Config } from '../../config.js';
import { forbidden, notFound, AppError } from '../../domain/errors.js';
import { attributesFrom, columnsOf } from '../../db/plain-read.js';
import { Department, Student, User } from '../../models/index.js';
import { messages as studentMessages, ownStudent, type OwnStudent } from '../../services/students.js';
import type { Role } from '../../models/user.js';
import type { CurrentUser } from '../types.js';

export const messages = {
  signIn: '请先登录',
  expired: '登录已超过时限，请重新登录',
  wrongRole: '你的账号没有权限打开这个页面',
};

// One statement on every request: the account, its department and, for a student, their record
// with its department; read plainly (db/plain-read.ts), as the pages use only the values.
let userSql: string | null = null;

function userStatement(sequelize: Sequelize): string {
  userSql ??= `SELECT ${[
    columnsOf(sequelize, User, 'u'),
    columnsOf(sequelize, Department, 'ud'),
    columnsOf(sequelize, Student, 's'),
    columnsOf(sequelize, Department, 'sd'),
  ].join(', ')} FROM users u LEFT JOIN departments ud ON ud.id = u.departmentId LEFT JOIN students s ON s.userId = u.id
    LEFT JOIN departments sd ON sd.id = s.departmentId WHERE u.id = ? ORDER BY s.id LIMIT 1`;
  return userSql;
}

async function loadUser(id: number): Promise<CurrentUser | null> {
  const sequelize = User.sequelize!;
  const [row] = await sequelize.query<Record<string, unknown>>(userStatement(sequelize), {
    replacements: [id],
    type: QueryTypes.SELECT,
  });
  const user = row ? attributesFrom(User, row, 'u') : null;
  if (!user || !user.active) return null;
  const department = attributesFrom(Department, row, 'ud');
  const student = attributesFrom(Student, row, 's');
  const studentDepartment = attributesFrom(Department, row, 'sd');
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentId: user.departmentId,
    departmentName: department?.name ?? null,
    mustChangePassword: user.mustChangePassword,
    student: user.role === 'student' && student && studentDepartment ? ownStudent(student, studentDepartment) : null,
  };
}

export function loadCurrentUser(config: Config) {
  const absoluteMs = config.sessionAbsoluteHours * 60 * 60 * 1000;
  return async (req: Request, res: Response, next: NextFunction) => {
    const userId = req.session?.userId;
    if (userId) {
      const expired = Date.now() - (req.session.loginAt ?? 0) > absoluteMs;
      const user = expired ? null : await loadUser(userId);
      if (user) {
        req.currentUser = user;
        req.actor = {
          userId: user.id,
          name: user.username,
          role: user.role,
          departmentId: user.departmentId,
          ip: req.ip ?? null,
        };
      } else {
        delete req.session.userId;
      }
    }
    res.locals.currentUser = req.currentUser ?? null;
    next();
  };
}

const PASSWORD_PATHS = new Set(['/password', '/logout']);

/** Every page but the password form and logout waits until an initial password has been changed. */
export function requirePasswordChanged(req: Request, res: Response, next: NextFunction) {
  if (req.currentUser?.mustChangePassword && !PASSWORD_PATHS.has(req.path)) return res.redirect(303, '/password');
  next();
}

export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.currentUser) {
      if (req.method === 'GET') return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return next(new AppError('unauthenticated', messages.signIn));
    }
    if (!roles.includes(req.currentUser.role)) return next(forbidden(messages.wrongRole));
    next();
  };
}

export function requireSignedIn(req: Request, res: Response, next: NextFunction) {
  if (!req.currentUser) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  next();
}

/** The actor of a guarded route (requireRole has already made sure there is one). */
export function actorOf(req: Request) {
  if (!req.actor) throw new AppError('unauthenticated', messages.signIn);
  return req.actor;
}

/** The signed-in student's own record, read with the account: no second look-up per page. */
export function ownStudentOf(req: Request): OwnStudent {
  const student = req.currentUser?.student;
  if (!student) throw notFound(studentMessages.missing);
  return student;
}
