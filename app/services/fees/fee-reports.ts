// Reading money: a department's fee sheet (by class), the office's reconciliation by department
// and by kind/level, and the remittance picture. Sums come from the ledger rows, never from a
// stored total, so the pages and the exports always add up to the database; the database adds
// them up (fee-lines.ts), so a page costs the same for a season of 300 lines or of 20,000.
import { sortedByName } from '../../domain/chinese-order.js';
import { byKindLevel, headsOf, type SlotTally } from '../../domain/fee-reconciliation.js';
import {
  activeCount,
  awaitingConfirmation,
  expectedRemittance,
  financeShare,
  moneyOf,
  offCount,
  PAYEES,
  type LineFilterKey,
  type UpwardPayee,
} from '../../domain/ledger.js';
import { Department, ExamFeeRate, FeeEntry, FeeRemittance, FeeTransfer } from '../../models/index.js';
import { getBatch } from '../season/batches.js';
import { classTallies, linePage, lineSums, linesOf, slotTallies, type FeeLine, type LineScope } from './fee-lines.js';
import { LIST_LIMIT } from '../registration/registration-queries.js';

export type { FeeLine } from './fee-lines.js';

/** What a fee list shows: one class or all, one of LINE_FILTERS or all, and which page. */
export type ListView = { className?: string; filter?: LineFilterKey; page: number };

type Paged = { lines: FeeLine[]; count: number; page: number; pages: number };

/** A page of the scope's lines; a page past the end shows the last one (ticking can empty a filtered list). */
async function pageOf(scope: LineScope, requested: number): Promise<Paged> {
  const { count } = await lineSums(scope);
  const pages = Math.max(1, Math.ceil(count / LIST_LIMIT));
  const page = Math.min(Math.max(1, requested), pages);
  return { lines: await linePage(scope, LIST_LIMIT, (page - 1) * LIST_LIMIT), count, page, pages };
}

export async function transfersOf(batchId: number, departmentId?: number) {
  const rows = await FeeTransfer.findAll({
    where: departmentId ? { batchId, departmentId } : { batchId },
    order: [['id', 'ASC']],
  });
  return rows.map((t) => ({ ...t.get({ plain: true }), confirmed: t.confirmedAt !== null }));
}

/** The department's totals over every line, per class and all together (transfers count only in the latter). */
async function departmentTotals(batchId: number, departmentId: number) {
  const [classes, transfers] = await Promise.all([
    classTallies({ batchId, departmentId }),
    transfersOf(batchId, departmentId),
  ]);
  return {
    classes,
    transfers,
    money: moneyOf(classes, transfers),
    classNames: [...new Set(classes.map((c) => c.className))].sort(),
  };
}

/** The fee sheet of one department: a page of lines grouped by class, each class with its totals over all its lines. */
export async function departmentFeeSheet(batchId: number, departmentId: number, view: ListView) {
  const [totals, paged, entries] = await Promise.all([
    departmentTotals(batchId, departmentId),
    pageOf({ batchId, departmentId, className: view.className, filter: view.filter }, view.page),
    recentEntries(batchId, departmentId),
  ]);
  const byClass: Array<{ className: string; lines: FeeLine[]; money: ReturnType<typeof moneyOf> }> = [];
  for (const line of paged.lines) {
    if (byClass.at(-1)?.className !== line.className) {
      byClass.push({
        className: line.className,
        lines: [],
        money: moneyOf(
          totals.classes.filter((c) => c.className === line.className),
          [],
        ),
      });
    }
    byClass.at(-1)!.lines.push(line);
  }
  return {
    ...paged,
    byClass,
    entries,
    transfers: totals.transfers,
    money: totals.money,
    classNames: totals.classNames,
    hasLines: totals.classes.length > 0,
  };
}

/** The last 50 ledger entries of the department, each with the line it belongs to. */
async function recentEntries(batchId: number, departmentId: number) {
  const entries = await FeeEntry.findAll({ where: { batchId, departmentId }, order: [['id', 'DESC']], limit: 50 });
  const reversed = new Set(entries.map((e) => e.reversesId).filter((id): id is number => id !== null));
  const lines = new Map(
    (await linesOf(batchId, [...new Set(entries.map((e) => e.registrationId))])).map((l) => [l.registrationId, l]),
  );
  return entries.map((e) => ({
    ...e.get({ plain: true }),
    line: lines.get(e.registrationId),
    reversed: reversed.has(e.id),
  }));
}

/** 收费明细 for the office: the lines behind a difference and all lines, each list paged on its own. */
export async function departmentDetail(batchId: number, departmentId: number, view: ListView & { offPage: number }) {
  const [totals, all, off] = await Promise.all([
    departmentTotals(batchId, departmentId),
    pageOf({ batchId, departmentId, className: view.className, filter: view.filter }, view.page),
    pageOf({ batchId, departmentId, filter: 'off' }, view.offPage),
  ]);
  return { money: totals.money, classNames: totals.classNames, all, off };
}

export async function examFeeRates(
  batchId: number,
): Promise<Record<UpwardPayee, { grade: number | null; special: number | null }>> {
  const rows = await ExamFeeRate.findAll({ where: { batchId } });
  const rate = (payee: string, kind: string) =>
    rows.find((r) => r.payee === payee && r.kind === kind)?.amountFen ?? null;
  return Object.fromEntries(PAYEES.map((p) => [p, { grade: rate(p, 'grade'), special: rate(p, 'special') }])) as Record<
    UpwardPayee,
    { grade: number | null; special: number | null }
  >;
}

type Transfers = Awaited<ReturnType<typeof transfersOf>>;

/** Each department's money, in name order; a department with nothing in the season is left out. */
function departmentMoney(
  departments: Department[],
  tallies: Array<SlotTally & { departmentId: number }>,
  transfers: Transfers,
) {
  return sortedByName(departments)
    .map((d) => {
      const own = tallies.filter((t) => t.departmentId === d.id);
      const ownTransfers = transfers.filter((t) => t.departmentId === d.id);
      return {
        id: d.id,
        name: d.name,
        registrations: activeCount(own),
        money: moneyOf(own, ownTransfers),
        offCount: offCount(own),
        transfers: ownTransfers,
      };
    })
    .filter((d) => d.registrations > 0 || d.money.collectedFen !== 0 || d.transfers.length > 0);
}

/** The remittances, what each payee (and finance) was paid, and what went upward in all. */
function paidOut(remittanceRows: FeeRemittance[]) {
  const remittances = remittanceRows.map((r) => r.get({ plain: true }));
  const paid = Object.fromEntries(
    [...PAYEES, 'finance'].map((p) => [
      p,
      remittances.filter((r) => r.payee === p).reduce((s, r) => s + r.amountFen, 0),
    ]),
  );
  const paidUpward = PAYEES.reduce((s, p) => s + paid[p], 0);
  return { remittances, paid, paidUpward };
}

export async function reconciliation(batchId: number) {
  const { fees } = await getBatch(batchId);
  const [tallies, transfers, departments, rates, remittanceRows] = await Promise.all([
    slotTallies({ batchId }),
    transfersOf(batchId),
    Department.findAll(),
    examFeeRates(batchId),
    FeeRemittance.findAll({ where: { batchId }, order: [['id', 'ASC']] }),
  ]);
  const perDepartment = departmentMoney(departments, tallies, transfers);
  const total = moneyOf(tallies, transfers);
  const pending = perDepartment.flatMap((d) => awaitingConfirmation(d.transfers).map((t) => ({ ...t, dept: d.name })));
  const heads = headsOf(tallies);
  const expected = expectedRemittance(heads, rates);
  const { remittances, paid, paidUpward } = paidOut(remittanceRows);
  return {
    perDepartment,
    pending,
    total,
    byKindLevel: byKindLevel(tallies, fees),
    heads,
    rates,
    expected,
    remittances,
    paid,
    financeDueFen: financeShare(total.confirmedFen, paidUpward),
  };
}
