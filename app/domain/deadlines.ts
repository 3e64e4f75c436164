// Whether a window is open, with the office's extension for one department taken into account
// (seed 004 时间进度表; the office may extend a deadline for one department, and every late
// action is refused with the deadline in the message).
import { formatShanghai } from './time.js';

export type WindowState = 'before' | 'open' | 'after';

export function windowState(opensAt: Date, closesAt: Date, now: Date): WindowState {
  if (now.getTime() < opensAt.getTime()) return 'before';
  if (now.getTime() > closesAt.getTime()) return 'after';
  return 'open';
}

/** A deadline as it applies to one department: the later of the batch's and its extension. */
export function effectiveDeadline(batchDeadline: Date, extension: Date | null | undefined): Date {
  return extension && extension.getTime() > batchDeadline.getTime() ? extension : batchDeadline;
}

export const messages = {
  registrationNotYet: (opensAt: Date, closesAt: Date) =>
    `网上报名还没开始：报名时间为 ${formatShanghai(opensAt)} 至 ${formatShanghai(closesAt)}（北京时间），请到时再来`,
  registrationClosed: (opensAt: Date, closesAt: Date) =>
    `网上报名已截止：报名时间为 ${formatShanghai(opensAt)} 至 ${formatShanghai(closesAt)}（北京时间）。如确需补报，请联系本院指定老师`,
  staffRegistrationClosed: (closesAt: Date) =>
    `本院报名已于 ${formatShanghai(closesAt)} 截止，不能再增加或取消报名；如确需补报，请联系继续教育学院延长本院截止时间`,
};

export function registrationWindowMessage(state: WindowState, opensAt: Date, closesAt: Date): string | null {
  if (state === 'before') return messages.registrationNotYet(opensAt, closesAt);
  if (state === 'after') return messages.registrationClosed(opensAt, closesAt);
  return null;
}
