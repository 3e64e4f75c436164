// Sign in, sign out, change password.
import { Router, type Request } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { AppError } from '../../domain/errors.js';
import { authenticate, changePassword } from '../../services/auth.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf, requireSignedIn } from '../middleware/auth.js';
import { messages as errorMessages } from '../middleware/errors.js';
import { flash, formAction } from '../middleware/flash.js';
import { text } from '../forms/fields.js';

/** Only same-site paths: "//evil.example" and "/\evil" would leave the site. */
function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?![/\\])/.test(raw) ? raw : '/';
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function authRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const { loginMaxFailures, loginWindowMinutes } = ctx.config;

  // Counts failed sign-ins only, per IP and username; one process's memory holds the counts.
  const loginLimiter = rateLimit({
    windowMs: loginWindowMinutes * 60 * 1000,
    limit: loginMaxFailures,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${text(req.body, 'username')}`,
    handler: (req, res) =>
      res.status(429).render('auth/login', {
        title: '登录',
        error: errorMessages.rateLimited(loginWindowMinutes),
        username: text(req.body, 'username'),
        next: safeNext(req.body?.next),
      }),
  });

  router.get('/login', (req, res) => {
    if (req.currentUser) return res.redirect(303, '/');
    res.render('auth/login', { title: '登录', error: null, username: '', next: safeNext(req.query.next) });
  });

  router.post('/login', loginLimiter, async (req, res) => {
    const username = text(req.body, 'username');
    const next = safeNext(req.body?.next);
    try {
      const user = await authenticate(ctx, username, typeof req.body?.password === 'string' ? req.body.password : '', req.ip ?? null);
      await regenerate(req);
      req.session.userId = user.id;
      req.session.loginAt = Date.now();
      res.redirect(303, user.mustChangePassword ? '/password' : next);
    } catch (error) {
      if (!(error instanceof AppError) || error.reason !== 'unauthenticated') throw error;
      res.status(401).render('auth/login', { title: '登录', error: error.message, username, next });
    }
  });

  router.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.redirect(303, '/login')));
  });

  router.get('/password', requireSignedIn, (req, res) => {
    res.render('auth/password', { title: '修改密码', forced: req.currentUser!.mustChangePassword });
  });

  router.post(
    '/password',
    requireSignedIn,
    formAction(() => '/password', async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const field = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : '');
      await changePassword(ctx, actorOf(req), { current: field('current'), next: field('next'), confirm: field('confirm') });
      flash(req, { notice: '密码已修改' });
      res.redirect(303, '/');
    }),
  );

  return router;
}
