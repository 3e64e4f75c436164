// Deadline reminders (issue 7): for each deadline that asks something of a department, a mail at
// 3 days and at 1 day before, only when the department still has something outstanding.
import type { DeadlineKey } from './timeline.js';

export const REMINDED_DEADLINES: ReadonlyArray<[DeadlineKey, string]> = [
  ['plansDueAt', '评价计划提交'],
  ['registrationClosesAt', '网上报名'],
  ['materialsDueAt', '材料提交'],
  ['feesDueAt', '报名确认和缴费确认'],
];

export const REMINDER_DAYS = [3, 1] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Which reminder is due now for a deadline: 1 within the last day, 3 within the last three days,
 * none before that or once the deadline has passed. A process that was down across the 3-day
 * mark sends only the 1-day reminder, never a stale "3 days left".
 */
export function dueReminder(deadlineAt: Date, now: Date): number | null {
  const left = deadlineAt.getTime() - now.getTime();
  if (left <= 0) return null;
  return REMINDER_DAYS.filter((days) => left <= days * DAY_MS).sort((a, b) => a - b)[0] ?? null;
}
