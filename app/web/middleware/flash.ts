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
// The session row is a TEXT column (64 KB on MySQL): a form stuffed past what any of ours holds
// would make saving the session fail, so what does not fit is not shown again.
const FORM_BYTES = 16 * 1024;

/** What was typed, to show on the form again: no secrets, and no more than the session can hold. */
function typedBack(body: unknown): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  let bytes = 0;
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (SECRET_FIELDS.has(key)) continue;
    const size = Buffer.byteLength(JSON.stringify(value ?? '')) + Buffer.byteLength(key);
    if (bytes + size > FORM_BYTES) continue;
    bytes += size;
    form[key] = value;
  }
  return form;
}

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
      const form = typedBack(req.body);
      flash(req, { error: error.message, details: error.details, field: error.field, form });
      res.redirect(303, back(req));
    }
  };
}
