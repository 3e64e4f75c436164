// Sessions live in the database (table `sessions`), so app processes stay stateless and several
// can run behind one load balancer. Idle timeout: the cookie's rolling maxAge. Absolute timeout:
// loginAt, checked on every request by the auth middleware.
import session from 'express-session';
import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from '../../config.js';
import { DatabaseSessionStore } from '../session-store.js';

const SWEEP_INTERVAL_MS = 15 * 60 * 1000;

export function sessionMiddleware(config: Config, sequelize: Sequelize) {
  const idleMs = config.sessionIdleMinutes * 60 * 1000;
  const store = new DatabaseSessionStore(sequelize, idleMs);
  store.startSweeping(SWEEP_INTERVAL_MS);
  const middleware = session({
    name: 'skillcert.sid',
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.trustProxy !== false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: idleMs },
  });
  return { middleware, store, stop: () => store.stopSweeping() };
}

/**
 * express-session sends the response while it is still saving the session, so a browser that
 * follows a redirect at once (after sign-in, after a flash message) can arrive before the store
 * has the new state. Every redirect therefore waits for the save.
 */
export function saveBeforeRedirect(req: Request, res: Response, next: NextFunction) {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const holdsState = req.session && Object.keys(req.session).some((key) => key !== 'cookie');
    if (!holdsState) return redirect(...args);
    req.session.save((err) => (err ? next(err) : redirect(...args)));
  }) as Response['redirect'];
  next();
}
