// Who is asking: loads the signed-in user on every request (services/accounts/signed-in-user.ts),
// enforces the absolute session lifetime, forces the initial-password change, and guards roles.
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../../config.js';
import { forbidden, notFound, AppError } from '../../domain/errors.js';
import { signedInUser } from '../../services/accounts/signed-in-user.js';
import { messages as studentMessages, type OwnStudent } from '../../services/accounts/students.js';
import type { Role } from '../../models/user.js';

export const messages = {
  signIn: '请先登录',
  expired: '登录已超过时限，请重新登录',
  wrongRole: '你的账号没有权限打开这个页面',
};

export function loadCurrentUser(config: Config) {
  const absoluteMs = config.sessionAbsoluteHours * 60 * 60 * 1000;
  return async (req: Request, res: Response, next: NextFunction) => {
    const userId = req.session?.userId;
    if (userId) {
      const expired = Date.now() - (req.session.loginAt ?? 0) > absoluteMs;
      const user = expired ? null : await signedInUser(userId);
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
