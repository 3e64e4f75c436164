// Two-step imports (upload → row-by-row report → confirm) share this: the uploaded file waits
// under storage tmp/imports/, named by a random token that is kept in the uploader's session.
// A new upload of the same kind replaces the old one; a confirmed import removes its file.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Request, Response } from 'express';
import { invalid } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import { receiveFile, type Upload } from './middleware/upload.js';
import { text } from './forms/fields.js';

export type ImportKind = 'students' | 'registrations' | 'fees';

export const messages = {
  expired: '导入已失效（可能已经导入过，或页面停留太久），请重新上传文件',
};

const relative = (ctx: ServiceContext, file: string) => path.relative(ctx.storage.root, file);

/** Receives the file, runs the check, keeps the file for the confirm step; a failed check keeps nothing. */
export async function holdUpload<T>(
  ctx: ServiceContext,
  req: Request,
  res: Response,
  uploader: Upload,
  kind: ImportKind,
  check: (file: string) => Promise<T>,
) {
  const upload = await receiveFile(uploader, ctx.config.uploadMaxBytes, req, res);
  let report: T;
  try {
    report = await check(upload.path);
  } catch (error) {
    await ctx.storage.remove(relative(ctx, upload.path));
    throw error;
  }
  const pending = req.session.pendingImports ?? {};
  const previous = pending[kind];
  if (previous) await ctx.storage.remove(relative(ctx, previous.file));
  const token = randomBytes(16).toString('hex');
  const file = await ctx.storage.adopt(upload.path, path.join('tmp', 'imports', `${token}.xlsx`));
  req.session.pendingImports = {
    ...pending,
    [kind]: { token, file, originalName: upload.originalname, userId: req.currentUser!.id },
  };
  return { report, token, originalName: upload.originalname };
}

/**
 * The report of the file held for this kind, for the page the upload redirects to (post → redirect
 * → get): an upload form's action carries the CSRF token in its query string, and a report rendered
 * straight from the post would leave it in the address bar. Null unless ?check= names the held file.
 */
export async function heldReport<T>(req: Request, kind: ImportKind, check: (file: string) => Promise<T>) {
  const pending = req.session.pendingImports?.[kind];
  const token = req.query.check;
  if (!pending || typeof token !== 'string' || pending.token !== token || pending.userId !== req.currentUser!.id)
    return null;
  return { report: await check(pending.file), token, originalName: pending.originalName };
}

/** Where an upload's report is shown: the import page with ?check=<token> added. */
export function reportUrl(page: string, token: string): string {
  return `${page}${page.includes('?') ? '&' : '?'}check=${token}`;
}

/** The waiting file for the token the confirm form sent back, and a way to let it go once used. */
export function takeUpload(ctx: ServiceContext, req: Request, kind: ImportKind) {
  const pending = req.session.pendingImports?.[kind];
  if (!pending || pending.token !== text(req.body, 'token') || pending.userId !== req.currentUser!.id)
    throw invalid(messages.expired);
  return {
    file: pending.file,
    release: async () => {
      delete req.session.pendingImports![kind];
      await ctx.storage.remove(relative(ctx, pending.file));
    },
  };
}
