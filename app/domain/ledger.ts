// Adding up money (seed 004 §三 收费方式): students → class → department teacher → office (bank
// transfer) → provincial HRSS, city HRSS, the ATA platform, the rest to college finance. Pure,
// integer fen. A cancelled registration stops being expected; what was collected for it stays
// collected until refunded.

export type CandidateLine = { registrationId: number; active: boolean; dueFen: number; collectedFen: number };
export type PaymentState = 'unpaid' | 'partial' | 'paid' | 'over' | 'refund-due' | 'settled';

export const PAYMENT_NAMES: Record<PaymentState, string> = {
  unpaid: '未缴费',
  partial: '部分缴费',
  paid: '已缴费',
  over: '多收',
  'refund-due': '已取消，待退费',
  settled: '已取消',
};

export function paymentState(line: Pick<CandidateLine, 'active' | 'dueFen' | 'collectedFen'>): PaymentState {
  if (!line.active) return line.collectedFen > 0 ? 'refund-due' : 'settled';
  if (line.collectedFen === 0) return 'unpaid';
  if (line.collectedFen < line.dueFen) return 'partial';
  return line.collectedFen === line.dueFen ? 'paid' : 'over';
}

/** What is still to collect for a line (never negative). */
export const outstanding = (line: CandidateLine) => (line.active ? Math.max(0, line.dueFen - line.collectedFen) : 0);

export type DepartmentMoney = {
  expectedFen: number; // sum of the fees of active registrations
  collectedFen: number; // sum of collections, refunds and reversals
  transferredFen: number; // bank transfers recorded by the department
  confirmedFen: number; // of those, received by the office
  uncollectedFen: number; // expected − collected
  owedToOfficeFen: number; // collected − transferred
};

/**
 * Lines added up by whatever they share (a department, a class, a kind and level): how many, what
 * they are due, what came in, how many are off. The database hands these over by GROUP BY, so a
 * page of totals never reads 20,000 lines; a single line is a tally of one.
 */
export type LineTally = { active: boolean; count: number; dueFen: number; collectedFen: number; offCount: number };

/** A line is off when it is not exactly settled: active and collected ≠ due, or cancelled with money left. */
export const isOff = (line: Pick<CandidateLine, 'active' | 'dueFen' | 'collectedFen'>) =>
  line.active ? line.collectedFen !== line.dueFen : line.collectedFen !== 0;

export const tallyOf = (line: CandidateLine): LineTally => ({
  active: line.active,
  count: 1,
  dueFen: line.dueFen,
  collectedFen: line.collectedFen,
  offCount: isOff(line) ? 1 : 0,
});

export function moneyOf(
  tallies: LineTally[],
  transfers: Array<{ amountFen: number; confirmed: boolean }>,
): DepartmentMoney {
  const expectedFen = tallies.filter((t) => t.active).reduce((s, t) => s + t.dueFen, 0);
  const collectedFen = tallies.reduce((s, t) => s + t.collectedFen, 0);
  const transferredFen = transfers.reduce((s, t) => s + t.amountFen, 0);
  const confirmedFen = transfers.filter((t) => t.confirmed).reduce((s, t) => s + t.amountFen, 0);
  return {
    expectedFen,
    collectedFen,
    transferredFen,
    confirmedFen,
    uncollectedFen: expectedFen - collectedFen,
    owedToOfficeFen: collectedFen - transferredFen,
  };
}

export function departmentMoney(
  lines: CandidateLine[],
  transfers: Array<{ amountFen: number; confirmed: boolean }>,
): DepartmentMoney {
  return moneyOf(lines.map(tallyOf), transfers);
}

/** Active registrations counted once each (a cancelled one is a line only while money is left on it). */
export const activeCount = (tallies: LineTally[]) => tallies.filter((t) => t.active).reduce((s, t) => s + t.count, 0);

export const offCount = (tallies: LineTally[]) => tallies.reduce((s, t) => s + t.offCount, 0);

/** Transfers the office has still to confirm: originals neither confirmed nor reversed. */
export function awaitingConfirmation<T extends { id: number; reversesId: number | null; confirmed: boolean }>(
  transfers: T[],
): T[] {
  const reversed = new Set(transfers.map((t) => t.reversesId));
  return transfers.filter((t) => t.reversesId === null && !t.confirmed && !reversed.has(t.id));
}

/** The lines behind a difference between expected and collected: anything not exactly settled. */
export function linesOff<T extends CandidateLine>(lines: T[]): T[] {
  return lines.filter(isOff);
}

/**
 * What the fee lists can be narrowed to. The database applies the same conditions when it pages
 * (services/fees/fee-lines.ts); a test holds the two to each other over a mixed season.
 */
export const LINE_FILTERS = {
  owing: { name: '未缴清', holds: (l: CandidateLine) => l.active && l.collectedFen < l.dueFen },
  paid: { name: '已缴清', holds: (l: CandidateLine) => l.active && l.collectedFen === l.dueFen },
  over: { name: '多收', holds: (l: CandidateLine) => l.active && l.collectedFen > l.dueFen },
  'refund-due': { name: '已取消，待退费', holds: (l: CandidateLine) => !l.active && l.collectedFen > 0 },
  off: { name: '有差异', holds: (l: CandidateLine) => isOff(l) },
} as const;
export type LineFilterKey = keyof typeof LINE_FILTERS;

/** What a teacher may tick as paid: an active line still owing something. */
export const tickable = LINE_FILTERS.owing.holds;

export const PAYEES = ['province', 'city', 'ata'] as const;
export type UpwardPayee = (typeof PAYEES)[number];
export const PAYEE_NAMES: Record<UpwardPayee | 'finance', string> = {
  province: '湖南省人社厅',
  city: '长沙市人社局',
  ata: 'ATA 平台',
  finance: '学院财务',
};

/** Exam fees owed upward: heads of each kind × the per-head rate each payee charges for that kind. */
export function expectedRemittance(
  heads: { grade: number; special: number },
  rates: Record<UpwardPayee, { grade: number | null; special: number | null }>,
) {
  const byPayee = Object.fromEntries(
    PAYEES.map((p) => [p, heads.grade * (rates[p].grade ?? 0) + heads.special * (rates[p].special ?? 0)]),
  ) as Record<UpwardPayee, number>;
  const upwardFen = PAYEES.reduce((s, p) => s + byPayee[p], 0);
  return { byPayee, upwardFen };
}

/** What goes to college finance: everything confirmed received, less what was paid upward. */
export function financeShare(confirmedFen: number, paidUpwardFen: number): number {
  return confirmedFen - paidUpwardFen;
}
