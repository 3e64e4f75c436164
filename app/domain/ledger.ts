// Adding up money (seed 004 §三 收费方式): students → class → department teacher → office (bank
// transfer) → provincial HRSS, city HRSS, the ATA platform, the rest to college finance. Pure,
// integer fen. A cancelled registration stops being expected; what was collected for it stays
// collected until refunded.

export type CandidateLine = { registrationId: number; active: boolean; dueFen: number; collectedFen: number };
export type PaymentState = 'unpaid' | 'partial' | 'paid' | 'over' | 'refund-due' | 'settled';

export const PAYMENT_NAMES: Record<PaymentState, string> = {
  unpaid: '未缴费', partial: '部分缴费', paid: '已缴费', over: '多收', 'refund-due': '已取消，待退费', settled: '已取消',
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

export function departmentMoney(lines: CandidateLine[], transfers: Array<{ amountFen: number; confirmed: boolean }>): DepartmentMoney {
  const expectedFen = lines.filter((l) => l.active).reduce((s, l) => s + l.dueFen, 0);
  const collectedFen = lines.reduce((s, l) => s + l.collectedFen, 0);
  const transferredFen = transfers.reduce((s, t) => s + t.amountFen, 0);
  const confirmedFen = transfers.filter((t) => t.confirmed).reduce((s, t) => s + t.amountFen, 0);
  return { expectedFen, collectedFen, transferredFen, confirmedFen, uncollectedFen: expectedFen - collectedFen, owedToOfficeFen: collectedFen - transferredFen };
}

/** Transfers the office has still to confirm: originals neither confirmed nor reversed. */
export function awaitingConfirmation<T extends { id: number; reversesId: number | null; confirmed: boolean }>(transfers: T[]): T[] {
  const reversed = new Set(transfers.map((t) => t.reversesId));
  return transfers.filter((t) => t.reversesId === null && !t.confirmed && !reversed.has(t.id));
}

/** The lines behind a difference between expected and collected: anything not exactly settled. */
export function linesOff(lines: CandidateLine[]): CandidateLine[] {
  return lines.filter((l) => (l.active ? l.collectedFen !== l.dueFen : l.collectedFen !== 0));
}

export const PAYEES = ['province', 'city', 'ata'] as const;
export type UpwardPayee = (typeof PAYEES)[number];
export const PAYEE_NAMES: Record<UpwardPayee | 'finance', string> = { province: '湖南省人社厅', city: '长沙市人社局', ata: 'ATA 平台', finance: '学院财务' };

/** Exam fees owed upward: heads of each kind × the per-head rate each payee charges for that kind. */
export function expectedRemittance(heads: { grade: number; special: number }, rates: Record<UpwardPayee, { grade: number | null; special: number | null }>) {
  const byPayee = Object.fromEntries(PAYEES.map((p) => [p, heads.grade * (rates[p].grade ?? 0) + heads.special * (rates[p].special ?? 0)])) as Record<UpwardPayee, number>;
  const upwardFen = PAYEES.reduce((s, p) => s + byPayee[p], 0);
  return { byPayee, upwardFen };
}

/** What goes to college finance: everything confirmed received, less what was paid upward. */
export function financeShare(confirmedFen: number, paidUpwardFen: number): number {
  return confirmedFen - paidUpwardFen;
}
