// Working days in the Shanghai calendar, for seed 001 Art. 17(一): "评价机构提前7个工作日…提交职业
// 技能等级认定计划". Days are "YYYY-MM-DD" strings: calendar days, not instants, so no time zone
// enters the arithmetic (an instant becomes a day through shanghaiDay). Saturdays and Sundays rest,
// holidays rest, and a 调休 day (a weekend the State Council makes a working day) works.
import { formatShanghai } from './time.js';

export type WorkCalendar = { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> };

export const NO_HOLIDAYS: WorkCalendar = { holidays: new Set(), workdays: new Set() };

/** The office's holiday list (holidays table) as a calendar: workday rows are 调休 working days. */
export function calendarOf(rows: ReadonlyArray<{ day: string; workday: boolean }>): WorkCalendar {
  return {
    holidays: new Set(rows.filter((r) => !r.workday).map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.workday).map((r) => r.day)),
  };
}

const DAY_MS = 86_400_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** "YYYY-MM-DD" → days since 1970-01-01, or null when the text is not a real calendar day. */
export function dayNumber(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof day === 'string' ? day : '');
  if (!m) return null;
  const [y, mo, d] = m.slice(1).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // not Date.UTC, which reads years 0–99 as 1900–1999
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return Math.round(date.getTime() / DAY_MS);
}

export const isCalendarDay = (text: string) => dayNumber(text) !== null;

/** Days since 1970-01-01 → "YYYY-MM-DD"; null outside the years 0000–9999 that the format can say. */
export function dayText(n: number): string | null {
  const date = new Date(n * DAY_MS);
  const y = date.getUTCFullYear();
  if (!Number.isFinite(y) || y < 0 || y > 9999) return null;
  return `${pad(y, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** The Shanghai calendar day of an instant (a plan submitted at 2024-09-20 23:30 +08 counts as the 20th). */
export function shanghaiDay(instant: Date): string {
  return formatShanghai(instant).slice(0, 10);
}

// 1970-01-01 was a Thursday; 0 = Sunday.
const weekday = (n: number) => (((n + 4) % 7) + 7) % 7;
const isWeekend = (n: number) => weekday(n) === 0 || weekday(n) === 6;

/** Mondays to Fridays from a fixed Monday (1970-01-05) up to day n; only differences are used. */
function weekdaysThrough(n: number): number {
  const k = n - 4;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7 + 1, 5);
}

/** Saturday or Sunday (false for text that is not a day). */
export function isWeekendDay(day: string): boolean {
  const n = dayNumber(day);
  return n !== null && isWeekend(n);
}

export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  const n = dayNumber(day);
  if (n === null) return false;
  if (calendar.workdays.has(day)) return true;
  return !calendar.holidays.has(day) && !isWeekend(n);
}

/**
 * How many working days come after `from`, up to and including `to` (0 when `to` is not later);
 * null when either is not a real day. Counted by arithmetic plus one pass over the holiday list,
 * so any pair of days costs the same.
 */
export function workingDaysAfter(from: string, to: string, calendar: WorkCalendar): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) return null;
  if (b <= a) return 0;
  const inRange = (n: number | null): n is number => n !== null && n > a && n <= b;
  let count = weekdaysThrough(b) - weekdaysThrough(a);
  for (const day of calendar.holidays) {
    const n = dayNumber(day);
    if (inRange(n) && !isWeekend(n) && !calendar.workdays.has(day)) count -= 1;
  }
  for (const day of calendar.workdays) {
    const n = dayNumber(day);
    if (inRange(n) && isWeekend(n)) count += 1;
  }
  return count;
}

/** The `count`-th working day after `from` (from itself when count is 0); null past year 9999. */
export function addWorkingDays(from: string, count: number, calendar: WorkCalendar): string | null {
  let n = dayNumber(from);
  if (n === null || !Number.isInteger(count) || count < 0) return null;
  for (let left = count; left > 0;) {
    n += 1;
    const day = dayText(n);
    if (day === null) return null;
    if (isWorkingDay(day, calendar)) left -= 1;
  }
  return dayText(n);
}
