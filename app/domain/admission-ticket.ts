// What an admission ticket (准考证) says about the exam, and the candidate's own photo on it.
// The date, time and place come from the department's accepted evaluation plan (seed 001: a plan
// states occupation, level, date, place and method); an item the plan does not cover shows the
// batch's exam date with time and place 「另行通知」.
import type { Level } from './levels.js';
import { ID_CARD_LIMIT } from './package-layout.js';
import { formatShanghai } from './time.js';

export const TO_BE_ANNOUNCED = '另行通知';

export type PlannedExam = {
  catalogItemId: number;
  level: Level | null;
  examOn: string;
  examTime: string;
  place: string;
  method: string;
};
export type ExamArrangement = { date: string; time: string; place: string; method: string; planned: boolean };

/** The first plan row for the item and level (rows in plan order), else the batch's exam day. */
export function arrangementFor(
  rows: PlannedExam[],
  itemId: number,
  level: Level | null,
  batchExamAt: Date,
): ExamArrangement {
  const row = rows.find((r) => r.catalogItemId === itemId && (r.level ?? null) === (level ?? null));
  if (!row)
    return {
      date: formatShanghai(batchExamAt).slice(0, 10),
      time: TO_BE_ANNOUNCED,
      place: TO_BE_ANNOUNCED,
      method: '',
      planned: false,
    };
  return {
    date: row.examOn,
    time: row.examTime || TO_BE_ANNOUNCED,
    place: row.place || TO_BE_ANNOUNCED,
    method: row.method,
    planned: true,
  };
}

// The ticket photo follows the notice's rule for the ID copy: a JPG, "大小 200KB 以下".
export const PHOTO_LIMIT = ID_CARD_LIMIT;

export const photoMessages = {
  notJpeg: '照片不是 JPG 图片（可能只是改了扩展名）：请用相机或修图软件另存为 JPG 格式后再上传',
  tooLarge: (size: number) =>
    `照片大小 ${Math.ceil(size / 1024)}KB，超过 200KB 的上限（须小于 ${PHOTO_LIMIT} 字节）：请裁剪或压缩后再上传`,
  empty: '照片文件是空的：请重新选择',
};

/** Why a photo cannot go on the ticket, or null when it can. The kind is judged by content. */
export function photoProblem(file: { kind: string; size: number }): string | null {
  if (file.size === 0) return photoMessages.empty;
  if (file.kind !== 'jpeg') return photoMessages.notJpeg;
  if (file.size >= PHOTO_LIMIT) return photoMessages.tooLarge(file.size);
  return null;
}
