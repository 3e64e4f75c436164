// The fee schedule of a batch (seed 004 §三). Each slot is a kind, a level (grade only) and an
// attempt. Prices the notice does not give (level 5, level 3 retakes, levels 2 and 1) have no
// default: the office sets them per batch, and an item without a price cannot open.
import { LEVELS, type Level } from './levels.js';
import { ATTEMPT_NAMES, LEVEL_NAMES } from './labels.js';

export type ItemKind = 'grade' | 'special';
export type Attempt = 'initial' | 'retake' | 'retake-theory' | 'retake-practical' | 'retake-both';

export type FeeSlot = { kind: ItemKind; level: Level | null; attempt: Exclude<Attempt, 'retake-both'> };
export type FeeSchedule = Map<string, number>; // slot key → fen

export const slotKey = (slot: FeeSlot) => `${slot.kind}:${slot.level ?? 0}:${slot.attempt}`;

/** Every slot the schedule form shows, in reading order. */
export const FEE_SLOTS: FeeSlot[] = [
  { kind: 'special', level: null, attempt: 'initial' },
  { kind: 'special', level: null, attempt: 'retake' },
  ...LEVELS.flatMap((level) =>
    (['initial', 'retake-theory', 'retake-practical'] as const).map((attempt) => ({
      kind: 'grade' as const,
      level,
      attempt,
    })),
  ),
];

/** "专项职业能力" or "等级认定 四级/中级工": the row of the fee table a slot belongs to. */
export function slotGroup(slot: FeeSlot): string {
  return slot.kind === 'special' ? '专项职业能力' : `等级认定 ${LEVEL_NAMES[slot.level as Level]}`;
}

export function slotLabel(slot: FeeSlot): string {
  return `${slotGroup(slot)} · ${ATTEMPT_NAMES[slot.attempt]}`;
}

/** Seed 004 §三: 专项 200, 中级 320, 高级 380; 专项补考 176, 中级理论补考 60, 中级实操补考 226. */
export const NOTICE_FEES: ReadonlyArray<[FeeSlot, number]> = [
  [{ kind: 'special', level: null, attempt: 'initial' }, 20000],
  [{ kind: 'special', level: null, attempt: 'retake' }, 17600],
  [{ kind: 'grade', level: 4, attempt: 'initial' }, 32000],
  [{ kind: 'grade', level: 4, attempt: 'retake-theory' }, 6000],
  [{ kind: 'grade', level: 4, attempt: 'retake-practical' }, 22600],
  [{ kind: 'grade', level: 3, attempt: 'initial' }, 38000],
];

export function noticeSchedule(): FeeSchedule {
  return new Map(NOTICE_FEES.map(([slot, fen]) => [slotKey(slot), fen]));
}

/**
 * The fee for one registration, or null when the batch has no price for that case.
 * "两科都需补考的按初次评价收费": a grade retake of both subjects costs the initial fee.
 */
export function feeFor(schedule: FeeSchedule, kind: ItemKind, level: Level | null, attempt: Attempt): number | null {
  if (kind === 'special') {
    if (attempt !== 'initial' && attempt !== 'retake') return null;
    return schedule.get(slotKey({ kind, level: null, attempt })) ?? null;
  }
  if (level === null || attempt === 'retake') return null;
  const slotAttempt = attempt === 'retake-both' ? 'initial' : attempt;
  return schedule.get(slotKey({ kind, level, attempt: slotAttempt })) ?? null;
}
