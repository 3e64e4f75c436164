// 准考证号 (admission-ticket numbers, issue 6): eleven digits, read left to right.
//
//   26 2 012 4 0007
//   │  │ │   │ └── sequence 0001–9999, counted within the first seven digits
//   │  │ │   └──── level: 5–1 for 职业技能等级认定, 0 for 专项职业能力考核
//   │  │ └──────── catalog item id, 001–999
//   │  └────────── half of the year: 1 上半年, 2 下半年
//   └───────────── the batch's year, last two digits
//
// The first seven digits name one evaluation (an item at a level in one season), so a room's list
// sorted by number is sorted by exam too, and a number says at a glance which exam it is for. The
// sequence counts within those seven digits, not within one batch: a supplementary batch of the
// same half continues the series instead of colliding with it, so every number is unique.
// Numbers are given once and never reused or changed (services/outputs/exam-tickets.ts). Candidates are
// numbered department by department, class by class, in 学号 order, so a class sits together.
import { invalid } from './errors.js';
import { isLevel, type Level } from './levels.js';

export const MAX_ITEM_ID = 999;
export const MAX_SEQUENCE = 9999;

export const messages = {
  itemId: (label: string, id: number) =>
    `「${label}」的项目编号 ${id} 超过准考证号规则能容纳的 3 位（最大 ${MAX_ITEM_ID}），无法编号：请联系系统管理员调整准考证号规则后再生成`,
  full: (label: string, prefix: string) =>
    `「${label}」的准考证号（${prefix}xxxx）已用到 ${MAX_SEQUENCE}，无法继续编号：请联系系统管理员调整准考证号规则后再生成`,
};

export type ExamSlot = { year: number; half: 1 | 2; itemId: number; level: Level | null };

/** The first seven digits: year, half, item, level. Refuses an item id the three digits cannot hold. */
export function examNumberPrefix(slot: ExamSlot, label = `项目 ${slot.itemId}`): string {
  if (!Number.isInteger(slot.year) || slot.year < 2000 || slot.year > 2099)
    throw new RangeError(`year out of range: ${slot.year}`);
  if (slot.half !== 1 && slot.half !== 2) throw new RangeError(`half must be 1 or 2: ${slot.half}`);
  if (slot.level !== null && !isLevel(slot.level)) throw new RangeError(`unknown level: ${slot.level}`);
  if (!Number.isInteger(slot.itemId) || slot.itemId < 1)
    throw new RangeError(`item id must be a positive integer: ${slot.itemId}`);
  if (slot.itemId > MAX_ITEM_ID) throw invalid(messages.itemId(label, slot.itemId));
  return `${String(slot.year % 100).padStart(2, '0')}${slot.half}${String(slot.itemId).padStart(3, '0')}${slot.level ?? 0}`;
}

/** The full number; refuses a sequence past 9999. */
export function examNumber(slot: ExamSlot, sequence: number, label?: string): string {
  const prefix = examNumberPrefix(slot, label);
  if (!Number.isInteger(sequence) || sequence < 1)
    throw new RangeError(`sequence must be a positive integer: ${sequence}`);
  if (sequence > MAX_SEQUENCE) throw invalid(messages.full(label ?? `项目 ${slot.itemId}`, prefix));
  return prefix + String(sequence).padStart(4, '0');
}

/** Reads a number back into its parts; null when it is not one of ours. */
export function parseExamNumber(text: string): (ExamSlot & { sequence: number }) | null {
  const m = /^(\d{2})([12])(\d{3})([0-5])(\d{4})$/.exec(text);
  if (!m) return null;
  const [itemId, level, sequence] = [Number(m[3]), Number(m[4]), Number(m[5])];
  if (itemId === 0 || sequence === 0) return null;
  return {
    year: 2000 + Number(m[1]),
    half: Number(m[2]) as 1 | 2,
    itemId,
    level: level === 0 ? null : (level as Level),
    sequence,
  };
}

/** Where a candidate sits: department, class, 学号 (people without one last), then the tie-break. */
export type SeatKey = { departmentName: string; className: string | null; studentNo: string | null; tieBreak: number };

const compareText = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

export function compareSeats(a: SeatKey, b: SeatKey): number {
  return (
    compareText(a.departmentName, b.departmentName) ||
    compareText(a.className, b.className) ||
    compareText(a.studentNo, b.studentNo) ||
    a.tieBreak - b.tieBreak
  );
}

export type NumberingCandidate = SeatKey & {
  registrationId: number;
  itemId: number;
  level: Level | null;
  label: string;
};
export type NumberAssignment = { registrationId: number; examNo: string; sequence: number };

/**
 * Numbers for registrations that have none, in seat order, each series continuing after the
 * highest sequence already given under its prefix (`highest`: prefix → sequence). Refuses the
 * whole lot if any series would pass 9999, so nothing is half-numbered.
 */
export function assignNumbers(
  season: { year: number; half: 1 | 2 },
  candidates: NumberingCandidate[],
  highest: ReadonlyMap<string, number>,
): NumberAssignment[] {
  const next = new Map<string, number>();
  return [...candidates].sort(compareSeats).map((c) => {
    const slot = { ...season, itemId: c.itemId, level: c.level };
    const prefix = examNumberPrefix(slot, c.label);
    const sequence = (next.get(prefix) ?? highest.get(prefix) ?? 0) + 1;
    next.set(prefix, sequence);
    return { registrationId: c.registrationId, examNo: examNumber(slot, sequence, c.label), sequence };
  });
}
