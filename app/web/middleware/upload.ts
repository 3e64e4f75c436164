// multer with limits always set; files land on disk under the storage root's tmp/ and the
// service decides what to keep. Busboy hands non-ASCII file names over as latin1: re-decode them.
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { AppError, invalid } from '../../domain/errors.js';

export const messages = {
  extension: (allowed: string[]) => `请上传 ${allowed.join(' 或 ')} 文件`,
  missing: '请先选择要上传的文件',
  tooLarge: (mb: number) => `文件太大，上限是 ${mb} MB`,
  malformed: '上传没有完成：一次只能上传一个文件，请重新选择后再试',
  broken: '上传没有完成：文件没有完整传到服务器（网络中断或表单有误），请重新选择文件后再试',
};

// busboy reports a body that is cut off or not multipart as it claims with plain Errors like these;
// they are the client's doing, unlike a disk error (which carries an errno code) and stays a 500.
const BROKEN_BODY =
  /^(Unexpected end of form|Malformed part header|Multipart: Boundary not found|Malformed urlencoded form|Unsupported content type|Request aborted|Request closed)/;

/** A failed upload as the user should hear of it; anything that is not about the request stays as it is. */
function refusal(error: unknown, maxBytes: number): unknown {
  if (error instanceof MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') return invalid(messages.tooLarge(Math.round(maxBytes / 1048576)));
    return invalid(
      error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE'
        ? messages.malformed
        : messages.broken,
    );
  }
  if (error instanceof Error && !(error instanceof AppError) && BROKEN_BODY.test(error.message))
    return invalid(messages.broken);
  return error;
}

export type Upload = ReturnType<typeof singleFileUpload>;

/** Runs the upload inside a handler, so a refused file is reported on the form like any other rule. */
export function receiveFile(
  upload: Upload,
  maxBytes: number,
  req: Request,
  res: Response,
): Promise<Express.Multer.File> {
  return new Promise((resolve, reject) =>
    upload(req, res, (error: unknown) => {
      if (error) {
        // multer removes what it wrote when it aborts; a file it had finished is ours to remove,
        // before the answer goes out, so nothing of a refused upload outlives its request.
        const removed = req.file ? fs.promises.rm(req.file.path, { force: true }) : Promise.resolve();
        return void removed.finally(() => reject(refusal(error, maxBytes)));
      }
      if (!req.file) return reject(invalid(messages.missing));
      resolve(req.file);
    }),
  );
}

export function decodeFileName(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1');
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') ? latin1 : utf8.normalize('NFC');
}

export function singleFileUpload(tempDir: string, maxBytes: number, extensions: string[]) {
  fs.mkdirSync(tempDir, { recursive: true });
  return multer({
    storage: multer.diskStorage({ destination: tempDir }),
    limits: { fileSize: maxBytes, files: 1, fields: 20, parts: 25, fieldSize: 64 * 1024 },
    fileFilter: (_req, file, done) => {
      file.originalname = decodeFileName(file.originalname);
      const ext = path.extname(file.originalname).toLowerCase();
      if (!extensions.includes(ext)) return done(invalid(messages.extension(extensions)));
      done(null, true);
    },
  }).single('file');
}

/**
 * A department's materials: one ZIP (field "file") or a browser folder upload (field "files",
 * each named by its relative path, which multer keeps with preservePath).
 */
export function packageUpload(tempDir: string, maxZipBytes: number, maxFiles: number) {
  fs.mkdirSync(tempDir, { recursive: true });
  return multer({
    storage: multer.diskStorage({ destination: tempDir }),
    preservePath: true,
    limits: { fileSize: maxZipBytes, files: maxFiles, fields: 10, parts: maxFiles + 10 },
    fileFilter: (_req, file, done) => {
      file.originalname = decodeFileName(file.originalname);
      if (file.fieldname === 'file' && path.extname(file.originalname).toLowerCase() !== '.zip')
        return done(invalid(messages.extension(['.zip'])));
      done(null, true);
    },
  }).fields([
    { name: 'file', maxCount: 1 },
    { name: 'files', maxCount: maxFiles },
  ]);
}

/** Two named files from a student's materials form. */
export function studentMaterialsUpload(tempDir: string, maxBytes: number) {
  fs.mkdirSync(tempDir, { recursive: true });
  return multer({
    storage: multer.diskStorage({ destination: tempDir }),
    limits: { fileSize: maxBytes, files: 2, fields: 5, parts: 7 },
  }).fields([
    { name: 'idCard', maxCount: 1 },
    { name: 'education', maxCount: 1 },
  ]);
}

/** Runs a multi-file upload inside a handler; refusals become form messages; returns every temp file. */
export function receiveFiles(
  upload: ReturnType<typeof packageUpload> | ReturnType<typeof studentMaterialsUpload>,
  maxBytes: number,
  req: Request,
  res: Response,
): Promise<Express.Multer.File[]> {
  return new Promise((resolve, reject) =>
    upload(req, res, (error: unknown) => {
      const files = Object.values((req.files ?? {}) as Record<string, Express.Multer.File[]>).flat();
      if (error) {
        const removed = Promise.all(files.map((f) => fs.promises.rm(f.path, { force: true })));
        return void removed.finally(() => reject(refusal(error, maxBytes)));
      }
      resolve(files);
    }),
  );
}

/** An optional single file (a transfer's receipt scan): the form is fine without it. */
export function receiveOptionalFile(
  upload: Upload,
  maxBytes: number,
  req: Request,
  res: Response,
): Promise<Express.Multer.File | null> {
  return receiveFile(upload, maxBytes, req, res).catch((error) => {
    if (error instanceof AppError && error.message === messages.missing) return null;
    throw error;
  });
}

/**
 * Runs `work` on uploaded files and removes them, also when it fails, before the caller answers:
 * the answer (a redirect waits only for the session save) must never overtake the removal, or a
 * file of a finished request would outlive it.
 */
export async function thenRemove<T>(files: Array<Express.Multer.File | null>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await Promise.all(files.map((f) => (f ? fs.promises.rm(f.path, { force: true }) : undefined)));
  }
}
