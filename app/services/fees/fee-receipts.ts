// A transfer's receipt scan: checked by content, kept under the storage root only once its transfer
// is recorded (see recordTransfer), shown only to the department that made the transfer and the office.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { forbidden, invalid, notFound } from '../../domain/errors.js';
import { describeFile } from '../../lib/file-head.js';
import { FeeTransfer } from '../../models/index.js';
import type { Actor, ServiceContext } from '../context.js';

const EXT: Record<string, string> = { jpeg: '.jpg', png: '.png', pdf: '.pdf' };
const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.pdf': 'application/pdf' };

export const messages = {
  kind: '转账回单请上传 JPG、PNG 图片或 PDF 文件',
};

/** An uploaded scan checked and given its place, moved there only inside the transfer's unit of work. */
export type ReceiptScan = { relative: string; place(): Promise<void>; discard(): Promise<void> };

/** Checks an uploaded scan by its content before anything is written, and names its place under the storage root. */
export async function receiptScan(
  ctx: ServiceContext,
  upload: { path: string },
  batchId: number,
  departmentId: number,
): Promise<ReceiptScan> {
  const ext = EXT[(await describeFile(upload.path)).kind];
  if (!ext) throw invalid(messages.kind);
  const relative = path.posix.join('receipts', String(batchId), String(departmentId), `${randomUUID()}${ext}`);
  return {
    relative,
    place: async () => void (await ctx.storage.adopt(upload.path, relative)),
    discard: () => ctx.storage.remove(relative),
  };
}

export async function receiptFile(ctx: ServiceContext, actor: Actor, transferId: number) {
  const transfer = await FeeTransfer.findByPk(transferId);
  if (!transfer || !transfer.receiptPath) throw notFound('这笔上交没有上传回单');
  if (actor.role !== 'office' && actor.departmentId !== transfer.departmentId)
    throw forbidden('你没有权限查看这份回单');
  return {
    file: ctx.storage.resolve(transfer.receiptPath),
    type: TYPES[path.extname(transfer.receiptPath)] ?? 'application/octet-stream',
  };
}
