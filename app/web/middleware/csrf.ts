// Synchronizer-token CSRF protection (csrf-sync) on every state-changing request. Forms send the
// token as _csrf; multipart uploads send it in the query string or an x-csrf-token header, so
// a forged upload is refused before multer writes a byte to disk.
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    if (typeof fromHeader === 'string') return fromHeader;
    const fromQuery = req.query._csrf;
    return typeof fromQuery === 'string' ? fromQuery : undefined;
  },
  errorConfig: { statusCode: 403, message: '页面已过期或来源不明（CSRF 校验失败）：请刷新页面后重新提交', code: 'EBADCSRFTOKEN' },
});

export const csrfProtection = csrfSynchronisedProtection;

/** Makes the token available to every view as csrfToken. */
export function exposeCsrfToken(req: Request, res: Response, next: NextFunction) {
  res.locals.csrfToken = req.session ? generateToken(req) : '';
  next();
}
