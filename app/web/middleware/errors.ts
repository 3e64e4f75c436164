// One error pipeline: not-found → normalise → render. Users see a Chinese sentence; database and
// library messages never reach them (they go to the log with the request path, without the body).
import type { NextFunction, Request, Response } from 'express';
import { AppError, type Reason } from '../../domain/errors.js';
import { ReaderGone } from '../../lib/excel-stream.js';
import { PasswordPoolBusy, retryAfterSeconds } from '../../lib/passwords.js';

const STATUS: Record<Reason, number> = {
  invalid: 400,
  'bad-request': 400,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  unauthenticated: 401,
};

export const messages = {
  notFound: '页面不存在：请检查地址，或从首页重新进入',
  internal: '系统出错了，操作没有完成。请稍后再试；如果一直出现，请联系继续教育学院并告知出错时间',
  busy: '登录的人太多，请稍后再试（系统正在为其他人核对密码，过几秒再点一次）',
  busyFor: (seconds: number) => `登录的人太多，请稍后再试（系统正在为其他人核对密码，约 ${seconds} 秒后再点一次）`,
  rateLimited: (minutes: number) =>
    `登录失败次数过多，请 ${minutes} 分钟后再试；忘记密码请找指定老师或继续教育学院重置`,
};

export function notFoundHandler(req: Request, res: Response, next: NextFunction) {
  next(new AppError('not-found', messages.notFound));
}

type Normalised = { status: number; message: string; details: string[] };

function normalise(error: unknown): Normalised {
  if (error instanceof AppError)
    return { status: STATUS[error.reason], message: error.message, details: error.details };
  const e = error as { code?: string; status?: number; statusCode?: number; message?: string };
  if (error instanceof PasswordPoolBusy) return { status: 503, message: messages.busy, details: [] };
  if (e?.code === 'EBADCSRFTOKEN') return { status: 403, message: e.message!, details: [] };
  const status = e?.status ?? e?.statusCode;
  if (status && status >= 400 && status < 500) return { status, message: messages.notFound, details: [] };
  return { status: 500, message: messages.internal, details: [] };
}

/** Name and message first: a Sequelize error's stack starts with a bare "Error" and says nothing. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { parent?: { code?: string } }).parent?.code;
  return `${error.name}${code ? ` (${code})` : ''}: ${error.message}\n${error.stack ?? ''}`;
}

export function errorHandler(log: (message: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ReaderGone) return res.destroy(); // a cancelled download: no one is left to answer
    const normalised = normalise(error);
    // 503 is the bounded hashing queue saying "come back later": expected under a rush, not a fault.
    if (normalised.status >= 500 && normalised.status !== 503) log(`${req.method} ${req.path}: ${describe(error)}`);
    // A download that failed half-way is cut off, so the browser reports it broken instead of
    // saving a truncated file that looks complete.
    if (res.headersSent) return res.destroy();
    // A download that failed before its first byte answers with the error page, shown, not saved
    // as the workbook it was meant to be.
    res.removeHeader('Content-Disposition');
    res.removeHeader('Content-Type');
    if (error instanceof PasswordPoolBusy) res.set('Retry-After', String(retryAfterSeconds()));
    res.status(normalised.status);
    if (req.accepts(['html', 'json']) === 'json')
      return res.json({ error: normalised.message, details: normalised.details });
    res.render('errors/error', { title: '出错了', ...normalised });
  };
}
