// 收费对账 by kind, level and attempt (seed 004 §三): head count × the batch's price beside what the
// registrations carry and what came in. Pure: it reads tallies the database grouped, so the page
// costs the same for 300 registrations as for 20,000.
import { feeFor, type Attempt, type FeeSchedule, type ItemKind } from './fees.js';
import type { Level } from './levels.js';
import type { LineTally } from './ledger.js';
import { ATTEMPT_NAMES, LEVEL_SHORT } from './labels.js';

/** Lines of one kind, level and attempt (of one department, as the database groups them). */
export type SlotTally = LineTally & { kind: ItemKind; level: Level | null; attempt: Attempt };

export type KindLevelRow = {
  label: string;
  count: number;
  priceFen: number | null;
  expectedFen: number | null;
  registeredFen: number;
  collectedFen: number;
  ok: boolean;
};

const slotLabel = (kind: ItemKind, level: Level | null, attempt: Attempt) =>
  `${kind === 'grade' ? `等级认定 ${LEVEL_SHORT[level as Level]}` : '专项职业能力'} · ${ATTEMPT_NAMES[attempt]}`;

/** One kind, level and attempt summed over departments. */
type Slot = {
  kind: ItemKind;
  level: Level | null;
  attempt: Attempt;
  count: number;
  registeredFen: number;
  collectedFen: number;
};

/** Active lines only: a cancelled registration is neither counted nor priced. */
function activeSlots(tallies: SlotTally[]): Slot[] {
  const groups = new Map<string, Slot>();
  for (const t of tallies.filter((x) => x.active)) {
    const key = `${t.kind}|${t.level ?? ''}|${t.attempt}`;
    const group = groups.get(key) ?? {
      kind: t.kind,
      level: t.level,
      attempt: t.attempt,
      count: 0,
      registeredFen: 0,
      collectedFen: 0,
    };
    group.count += t.count;
    group.registeredFen += t.dueFen;
    group.collectedFen += t.collectedFen;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A slot beside what its head count at the batch's price should come to. */
function priced(g: Slot, fees: FeeSchedule): KindLevelRow {
  const priceFen = feeFor(fees, g.kind, g.level, g.attempt);
  const expectedFen = priceFen === null ? null : priceFen * g.count;
  return {
    label: slotLabel(g.kind, g.level, g.attempt),
    count: g.count,
    priceFen,
    expectedFen,
    registeredFen: g.registeredFen,
    collectedFen: g.collectedFen,
    ok: expectedFen === g.registeredFen && g.collectedFen === g.registeredFen,
  };
}

export function byKindLevel(tallies: SlotTally[], fees: FeeSchedule): KindLevelRow[] {
  return activeSlots(tallies)
    .map((g) => priced(g, fees))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
}

/** Heads per kind for the per-head exam fees: active registrations. */
export function headsOf(tallies: SlotTally[]): { grade: number; special: number } {
  const heads = { grade: 0, special: 0 };
  for (const t of tallies) if (t.active) heads[t.kind] += t.count;
  return heads;
}
