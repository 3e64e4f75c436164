// Sign in, sign out, change password.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { AppError } from '../../domain/errors.js';
import { normalizeUsername } from '../../domain/usernames.js';
import { PasswordPoolBusy, passwordPoolFull, retryAfterSeconds } from '../../lib/passwords.js';
import {
  authenticate,
  changePassword,
  messages as authMessages,
  type NewPassword,
} from '../../services/accounts/auth.js';
import type { ServiceContext } from '../../services/context.js';
import { sameSitePath } from '../middleware/admission.js';
import { actorOf, requireSignedIn } from '../middleware/auth.js';
import { messages as errorMessages } from '../middleware/errors.js';
import { flash, formAction } from '../middleware/flash.js';
import { text } from '../forms/fields.js';
import { notices, refusals, titles } from '../messages/accounts.js';

/** Only same-site paths: "//evil.example" and "/\evil" would leave the site. */
function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?![/\\])/.test(raw) ? raw : '/';
}

const field = (req: Request, name: string) => (typeof req.body?.[name] === 'string' ? (req.body[name] as string) : '');

/** The new password a first sign-in may bring on the sign-in page itself (the folded part of the form). */
function firstPassword(req: Request): NewPassword | null {
  const next = field(req, 'newPassword');
  return next || field(req, 'confirmPassword') ? { next, confirm: field(req, 'confirmPassword') } : null;
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/** A sign-in: it waits for its turn in a lane of its own (middleware/admission.ts), then for a hashing thread. */
export const isSignIn = (req: Request) => req.method === 'POST' && req.path === '/login';

/** A sign-in's work until its lane has measured some: ~140 ms each in a rush (hash, reads, three writes). */
export const SIGN_IN_GUESS_MS = 150;

/**
 * A sign-in that would wait too long for its turn: answered before its form is read, so the page
 * to go back to is the sign-in page it came from (with its `next`), as the Referer names it.
 */
export function refuseSignIn(req: Request, res: Response, seconds: number): void {
  const from = new URL(sameSitePath(req.get('referer'), req.get('host')), 'http://x');
  const next = from.pathname === '/login' ? safeNext(from.searchParams.get('next')) : '/';
  res.status(503).set('Retry-After', String(seconds)).set('Cache-Control', 'no-store');
  res.render('auth/busy', { title: titles.login, message: errorMessages.busyFor(seconds), next });
}

/**
 * When every hashing thread is busy and the queue is full, a sign-in is answered at once, before
 * its session is read or its token checked: under a flood, refusing must cost next to nothing.
 */
export function shedSignInsWhenBusy(req: Request, res: Response, next: NextFunction) {
  if (!isSignIn(req) || !passwordPoolFull()) return next();
  const seconds = retryAfterSeconds();
  res
    .status(503)
    .set('Retry-After', String(seconds))
    .render('auth/busy', {
      title: titles.login,
      message: errorMessages.busyFor(seconds),
      next: safeNext(req.body?.next),
    });
}

const passwordPage = () => '/password';

export function authRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const { perIp, perAccount } = failureLimiters(ctx.config);
  router.get('/login', showLogin);
  router.post('/login', perIp, perAccount, signIn(ctx));
  router.post('/logout', signOut);
  router.get('/password', requireSignedIn, showPasswordForm);
  router.post('/password', requireSignedIn, formAction(passwordPage, savePassword(ctx)));
  return router;
}

/** The sign-in page again, with what was typed (never the password) and why it was refused. */
function renderLogin(req: Request, res: Response, status: number, error: string) {
  return res.status(status).render('auth/login', {
    title: titles.login,
    error,
    username: text(req.body, 'username'),
    next: safeNext(req.body?.next),
    firstOpen: firstPassword(req) !== null,
  });
}

type LoginLimits = Pick<ServiceContext['config'], 'loginMaxFailures' | 'loginMaxFailuresPerIp' | 'loginWindowMinutes'>;

/**
 * Failed sign-ins only, counted per IP and account and, so that made-up names are counted too,
 * per IP alone (higher: a campus NAT puts many students behind one address). One process's memory.
 */
function failureLimiters({ loginMaxFailures, loginMaxFailuresPerIp, loginWindowMinutes }: LoginLimits) {
  const failureLimiter = (limit: number, key: (req: Request) => string) =>
    rateLimit({
      windowMs: loginWindowMinutes * 60 * 1000,
      limit,
      skipSuccessfulRequests: true,
      // "Come back later" (503) is no failed guess: a student told to wait must not be locked out for it.
      requestWasSuccessful: (req, res) => res.statusCode < 400 || res.statusCode === 503,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: key,
      handler: (req, res) => renderLogin(req, res, 429, errorMessages.rateLimited(loginWindowMinutes)),
    });
  const ipKey = (req: Request) => ipKeyGenerator(req.ip ?? '');
  return {
    perIp: failureLimiter(loginMaxFailuresPerIp, ipKey),
    perAccount: failureLimiter(
      loginMaxFailures,
      (req) => `${ipKey(req)}|${normalizeUsername(text(req.body, 'username'))}`,
    ),
  };
}

/** 登录 */
function showLogin(req: Request, res: Response) {
  if (req.currentUser) return res.redirect(303, '/');
  res.render('auth/login', { title: titles.login, error: null, username: '', next: safeNext(req.query.next) });
}

/** A sign-in: a new session for the account, then the page it asked for (or the forced password change). */
const signIn = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const username = text(req.body, 'username');
  const next = safeNext(req.body?.next);
  try {
    const { user, newPasswordIgnored } = await authenticate(
      ctx,
      username,
      field(req, 'password'),
      req.ip ?? null,
      firstPassword(req),
    );
    await regenerate(req);
    req.session.userId = user.id;
    req.session.loginAt = Date.now();
    if (newPasswordIgnored) flash(req, { notice: authMessages.newPasswordIgnored });
    res.redirect(303, user.mustChangePassword ? '/password' : next);
  } catch (error) {
    if (error instanceof PasswordPoolBusy) {
      const seconds = retryAfterSeconds();
      res.set('Retry-After', String(seconds));
      return renderLogin(req, res, 503, errorMessages.busyFor(seconds));
    }
    if (error instanceof AppError && error.reason === 'invalid')
      return renderLogin(req, res, 422, refusals.listed(error.details) || error.message);
    if (!(error instanceof AppError) || error.reason !== 'unauthenticated') throw error;
    res.status(401).render('auth/login', { title: titles.login, error: error.message, username, next });
  }
};

function signOut(req: Request, res: Response, next: NextFunction) {
  req.session.destroy((err) => (err ? next(err) : res.redirect(303, '/login')));
}

/** 修改密码: forced while the account must change its password (a new or reset one). */
function showPasswordForm(req: Request, res: Response) {
  res.render('auth/password', { title: titles.password, forced: req.currentUser!.mustChangePassword });
}

const savePassword = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const change = { current: field(req, 'current'), next: field(req, 'next'), confirm: field(req, 'confirm') };
  await changePassword(ctx, actorOf(req), change, req.sessionID);
  flash(req, { notice: notices.passwordChanged });
  res.redirect(303, '/');
};
