// The batch a page is about, found once here for every handler: the one its `?batch=` names, else
// the current one; for a student always the current one. When there is none yet, the refusal is
// worded for the one reading it — the office can create one, a teacher asks the office, a student
// waits for the college's notice.
import type { Request } from 'express';
import { invalid } from '../domain/errors.js';
import { chosenBatch, currentBatch } from '../services/season/batches.js';
import { idQuery } from './forms/fields.js';

export const noBatchMessages = {
  office: '还没有评价批次：请先新建本学期的批次',
  staff: '还没有评价批次：请继续教育学院先新建本学期的批次',
  student: '本学期的评价批次还没有发布，请留意学院通知',
} as const;

type Batch = NonNullable<Awaited<ReturnType<typeof currentBatch>>>;

function noBatchFor(req: Request): string {
  const role = req.currentUser?.role;
  return role === 'office'
    ? noBatchMessages.office
    : role === 'student'
      ? noBatchMessages.student
      : noBatchMessages.staff;
}

/** The batch `?batch=` names (an unknown id is refused as not found), else the current one. */
export async function pageBatch(req: Request): Promise<Batch> {
  const batch = await chosenBatch(idQuery(req.query, 'batch'));
  if (!batch) throw invalid(noBatchFor(req));
  return batch;
}

/** The current batch, for the student's pages: a student never chooses one. */
export async function studentBatch(req: Request): Promise<Batch> {
  const batch = await currentBatch();
  if (!batch) throw invalid(noBatchFor(req));
  return batch;
}
