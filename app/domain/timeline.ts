// A batch's timeline (seed 004 时间进度表). Stored as instants; typed and shown in Shanghai time.
import { shanghaiAt } from './time.js';

export const DEADLINES = [
  ['plansDueAt', '评价计划截止'],
  ['registrationOpensAt', '网上报名开始'],
  ['registrationClosesAt', '网上报名截止'],
  ['materialsDueAt', '材料提交截止'],
  ['confirmationDueAt', '报名确认截止'],
  ['feesDueAt', '缴费确认截止'],
  ['ticketsAt', '准考证发放'],
  ['examAt', '考核时间'],
  ['certificatesAt', '证书可查询'],
] as const;

export type DeadlineKey = (typeof DEADLINES)[number][0];
export type Timeline = Record<DeadlineKey, Date>;

export const deadlineLabel = (key: DeadlineKey) => DEADLINES.find(([k]) => k === key)![1];

// Each pair must be in this order; the message names both so the clerk knows which to move.
const ORDER: Array<[DeadlineKey, DeadlineKey]> = [
  ['plansDueAt', 'registrationOpensAt'],
  ['registrationOpensAt', 'registrationClosesAt'],
  ['registrationClosesAt', 'materialsDueAt'],
  ['materialsDueAt', 'confirmationDueAt'],
  ['registrationClosesAt', 'feesDueAt'],
  ['confirmationDueAt', 'ticketsAt'],
  ['feesDueAt', 'ticketsAt'],
  ['ticketsAt', 'examAt'],
  ['examAt', 'certificatesAt'],
];

/**
 * Pairs out of order, each as a sentence naming both deadlines. A batch that skips the plan step
 * has no plan deadline to keep before registration, so registration can open today.
 */
export function timelineProblems(t: Timeline, options: { plansSkipped?: boolean } = {}): string[] {
  return ORDER.filter(([a]) => !(options.plansSkipped && a === 'plansDueAt'))
    .filter(([a, b]) => !(t[a].getTime() < t[b].getTime()))
    .map(([a, b]) => `“${deadlineLabel(a)}”应早于“${deadlineLabel(b)}”`);
}

/**
 * Deadlines that are already over when the batch is saved, which is usually a typing slip or a
 * stale season. On an edit only the ones that changed count: a running batch's past dates are
 * history, not a mistake. The plan deadline is left out: a plan step that is over is said so on
 * the batch (batch-state.ts planStep), not refused.
 */
export function pastDeadlines(t: Timeline, now: Date, before?: Timeline): DeadlineKey[] {
  return DEADLINES.map(([key]) => key)
    .filter((key) => key !== 'plansDueAt')
    .filter((key) => t[key].getTime() < now.getTime())
    .filter((key) => !before || before[key].getTime() !== t[key].getTime());
}

/**
 * The plan deadline stored for a batch that skips the plan step: the moment it was skipped (or
 * registration's opening, if earlier). Being over, it stops plan editing, plan reminders and plan
 * to-dos everywhere that reads the deadline, without a second rule for "skipped".
 */
export function skippedPlanDeadline(now: Date, registrationOpensAt: Date): Date {
  return new Date(Math.min(now.getTime(), registrationOpensAt.getTime()));
}

/** Saturday of the second weekend of November, when the notice wants the exam finished. */
function secondSaturdayOfNovember(year: number): number {
  const firstDay = new Date(Date.UTC(year, 10, 1)).getUTCDay(); // 0 = Sunday
  const firstSaturday = 1 + ((6 - firstDay + 7) % 7);
  return firstSaturday + 7;
}

/**
 * The autumn timetable of seed 004 for a given year, as the starting point of a new batch's form.
 * The spring batch has no source document; it starts from the same days six months earlier.
 */
export function suggestedTimeline(year: number, half: 1 | 2): Timeline {
  const m = (autumnMonth: number) => (half === 2 ? autumnMonth : autumnMonth - 6);
  return {
    plansDueAt: shanghaiAt(year, m(9), 20, 17, 0),
    registrationOpensAt: shanghaiAt(year, m(9), 21, 0, 0),
    registrationClosesAt: shanghaiAt(year, m(9), 30, 23, 59),
    materialsDueAt: shanghaiAt(year, m(10), 10, 17, 0),
    confirmationDueAt: shanghaiAt(year, m(10), 12, 17, 0),
    feesDueAt: shanghaiAt(year, m(10), 12, 17, 0),
    ticketsAt: shanghaiAt(year, m(10), 24, 9, 0),
    examAt: shanghaiAt(year, m(11), half === 2 ? secondSaturdayOfNovember(year) : 9, 8, 30),
    certificatesAt: shanghaiAt(half === 2 ? year + 1 : year, half === 2 ? 1 : 7, 15, 9, 0),
  };
}

export type Season = { year: number; half: 1 | 2 };

/**
 * The season a new batch is for: the first half-year whose whole timetable is still ahead (its
 * plan deadline not yet passed). On 2026-12-01 that is 2027年上半年, not the 2026 autumn that is over.
 */
export function nextSeason(now: Date): Season {
  for (let year = new Date(now.getTime()).getUTCFullYear(); ; year++) {
    for (const half of [1, 2] as const) {
      if (suggestedTimeline(year, half).plansDueAt.getTime() > now.getTime()) return { year, half };
    }
  }
}

export const seasonName = (s: Season) => `${s.year}年${s.half === 2 ? '下' : '上'}半年`;
