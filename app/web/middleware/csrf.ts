// Synchronizer-token CSRF protection (csrf-sync) on every state-changing request. Forms send the
// token as _csrf; multipart uploads send it in the query string or an x-csrf-token header, so
// a forged upload is refused before multer writes a byte to disk.
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import { flash } from './flash.js';

export const messages = {
  refused: '页面已过期或来源不明（CSRF 校验失败）：请刷新页面后重新提交',
};

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    if (typeof fromHeader === 'string') return fromHeader;
    const fromQuery = req.query._csrf;
    return typeof fromQuery === 'string' ? fromQuery : undefined;
  },
  errorConfig: { statusCode: 403, message: messages.refused, code: 'EBADCSRFTOKEN' },
});

/**
 * The token check. An upload refused for a stale token (signed in again elsewhere, session renewed)
 * goes back to the page it was posted from, with the message: rendered at the post's own address,
 * the refusal would leave the action's ?_csrf=… in the address bar, and the page it goes back to
 * carries a fresh token. Anything without a same-origin Referer (a forged post) stays a 403.
 */
export function csrfProtection(req: Request, res: Response, next: NextFunction) {
  csrfSynchronisedProtection(req, res, (error?: unknown) => {
    const back = error && typeof req.query._csrf === 'string' ? sameOriginReferer(req) : null;
    if (!back) return next(error);
    flash(req, { error: messages.refused });
    res.redirect(303, back);
  });
}

/** The Referer's path and query (without any _csrf) when it is a page of this site, else null. */
function sameOriginReferer(req: Request): string | null {
  const referer = req.get('referer');
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.host !== req.host || url.protocol !== `${req.protocol}:`) return null;
    url.searchParams.delete('_csrf');
    return url.pathname + url.search;
  } catch {
    return null;
  }
}

/**
 * Makes the token available to every view as csrfToken, made only when a view prints it: making it
 * stores it in the session, and a page without a form (a 404, a stylesheet's miss) must not create
 * a session row for every anonymous request. EJS turns the value into text when it is printed.
 */
export function exposeCsrfToken(req: Request, res: Response, next: NextFunction) {
  res.locals.csrfToken = { toString: () => (req.session ? generateToken(req) : '') };
  next();
}
