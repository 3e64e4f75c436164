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

export function timelineProblems(t: Timeline): string[] {
  return ORDER.filter(([a, b]) => !(t[a].getTime() < t[b].getTime())).map(
    ([a, b]) => `“${deadlineLabel(a)}”应早于“${deadlineLabel(b)}”`,
  );
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
