// One-shot messages across a redirect (post → redirect → get), kept in the session.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../domain/errors.js';
import type { Flash } from '../types.js';

export function flash(req: Request, message: Flash) {
  req.session.flash = { ...(req.session.flash ?? {}), ...message };
}

/**
 * Hands the flash to the next page that is rendered; a redirect on the way (/ → /office) keeps it,
 * and so does a script's request (an upload's XHR follows the redirect before the page loads it).
 */
export function exposeFlash(req: Request, res: Response, next: NextFunction) {
  const render = res.render.bind(res) as (...args: unknown[]) => void;
  res.render = ((...args: unknown[]) => {
    const message = req.xhr ? undefined : req.session?.flash;
    if (message) {
      delete req.session.flash;
      Object.assign(res.locals, { flash: message, form: message.form ?? {} });
    }
    return render(...args);
  }) as Response['render'];
  next();
}

const SECRET_FIELDS = new Set(['_csrf', 'password', 'current', 'next', 'confirm']);

/**
 * A form POST: on a rule's refusal (invalid/conflict) the message and what was typed go back to
 * the form; anything else (forbidden, not found, a crash) goes to the error pipeline.
 */
export function formAction(back: (req: Request) => string, handler: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res, next);
    } catch (error) {
      if (!(error instanceof AppError) || (error.reason !== 'invalid' && error.reason !== 'conflict')) throw error;
      const form = Object.fromEntries(Object.entries(req.body ?? {}).filter(([k]) => !SECRET_FIELDS.has(k)));
      flash(req, { error: error.message, details: error.details, field: error.field, form });
      res.redirect(303, back(req));
    }
  };
}
