// The reconciliation as it was computed before issue 14 item 4 (commit 622b8f4), kept as the
// oracle the aggregated SQL is checked against: every registration loaded with its student and
// item, the ledger summed per registration, then added up line by line in JavaScript. Its own
// copies of the money rules, so a mistake in the shared domain code cannot hide on both sides.
import { fn, col } from 'sequelize';
import { sortedByName } from '../../app/domain/chinese-order.js';
import {
  awaitingConfirmation,
  expectedRemittance,
  financeShare,
  paymentState,
  PAYEES,
  PAYMENT_NAMES,
  type CandidateLine,
} from '../../app/domain/ledger.js';
import { feeFor, type FeeSchedule } from '../../app/domain/fees.js';
import { maskIdNumber } from '../../app/domain/id-number.js';
import { itemLabel } from '../../app/domain/items.js';
import type { Level } from '../../app/domain/levels.js';
import {
  CatalogItem,
  Department,
  FeeEntry,
  FeeRemittance,
  FeeTransfer,
  Registration,
  Student,
} from '../../app/models/index.js';
import { getBatch } from '../../app/services/season/batches.js';
import { examFeeRates } from '../../app/services/fees/fee-reports.js';
import { ATTEMPT_NAMES, LEVEL_SHORT } from '../../app/domain/labels.js';

type WithRefs = Registration & { student: Student; item: CatalogItem };

export type LegacyLine = CandidateLine & {
  departmentId: number;
  studentId: number;
  name: string;
  studentNo: string | null;
  idNumber: string;
  idMasked: string;
  className: string;
  label: string;
  kind: string;
  level: number | null;
  attempt: string;
  state: string;
  stateName: string;
};

function departmentMoney(lines: CandidateLine[], transfers: Array<{ amountFen: number; confirmed: boolean }>) {
  const expectedFen = lines.filter((l) => l.active).reduce((s, l) => s + l.dueFen, 0);
  const collectedFen = lines.reduce((s, l) => s + l.collectedFen, 0);
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

export function linesOff<T extends CandidateLine>(lines: T[]): T[] {
  return lines.filter((l) => (l.active ? l.collectedFen !== l.dueFen : l.collectedFen !== 0));
}

export async function legacyFeeLines(batchId: number, departmentId?: number): Promise<LegacyLine[]> {
  const where = departmentId ? { batchId, departmentId } : { batchId };
  const registrations = (await Registration.findAll({
    where,
    include: [
      { model: Student, as: 'student' },
      { model: CatalogItem, as: 'item' },
    ],
    order: [
      ['departmentId', 'ASC'],
      ['studentId', 'ASC'],
      ['id', 'ASC'],
    ],
  })) as WithRefs[];
  const sums = (await FeeEntry.findAll({
    attributes: ['registrationId', [fn('SUM', col('amountFen')), 'fen']],
    where,
    group: ['registrationId'],
    raw: true,
  })) as unknown as Array<{ registrationId: number; fen: string | number }>;
  const collected = new Map(sums.map((s) => [s.registrationId, Number(s.fen)]));
  return registrations
    .map((r) => {
      const line: CandidateLine = {
        registrationId: r.id,
        active: r.status === 'active',
        dueFen: r.feeFen,
        collectedFen: collected.get(r.id) ?? 0,
      };
      const state = paymentState(line);
      return {
        ...line,
        departmentId: r.departmentId,
        studentId: r.studentId,
        name: r.student.name,
        studentNo: r.student.studentNo,
        idNumber: r.student.idNumber,
        idMasked: maskIdNumber(r.student.idNumber),
        className: r.student.className ?? r.student.employer ?? '（社会人员）',
        label: itemLabel(r.item.name, r.level),
        kind: r.kind,
        level: r.level,
        attempt: r.attempt,
        state,
        stateName: PAYMENT_NAMES[state],
      };
    })
    .filter((l) => l.active || l.collectedFen !== 0);
}

async function transfersOf(batchId: number) {
  const rows = await FeeTransfer.findAll({ where: { batchId }, order: [['id', 'ASC']] });
  return rows.map((t) => ({ ...t.get({ plain: true }), confirmed: t.confirmedAt !== null }));
}

function byKindLevel(lines: LegacyLine[], fees: FeeSchedule) {
  const groups = new Map<string, LegacyLine[]>();
  for (const line of lines.filter((l) => l.active)) {
    const key = `${line.kind}|${line.level ?? ''}|${line.attempt}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.entries()]
    .map(([key, own]) => {
      const [kind, level, attempt] = key.split('|');
      const priceFen = feeFor(
        fees,
        kind as 'grade' | 'special',
        level ? (Number(level) as Level) : null,
        attempt as keyof typeof ATTEMPT_NAMES,
      );
      const registeredFen = own.reduce((s, l) => s + l.dueFen, 0);
      const collectedFen = own.reduce((s, l) => s + l.collectedFen, 0);
      const expectedFen = priceFen === null ? null : priceFen * own.length;
      const label = `${kind === 'grade' ? `等级认定 ${LEVEL_SHORT[Number(level) as Level]}` : '专项职业能力'} · ${ATTEMPT_NAMES[attempt as keyof typeof ATTEMPT_NAMES]}`;
      return {
        label,
        count: own.length,
        priceFen,
        expectedFen,
        registeredFen,
        collectedFen,
        ok: expectedFen === registeredFen && collectedFen === registeredFen,
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
}

export async function legacyReconciliation(batchId: number) {
  const { fees } = await getBatch(batchId);
  const lines = await legacyFeeLines(batchId);
  const transfers = await transfersOf(batchId);
  const departments = sortedByName(await Department.findAll());
  const perDepartment = departments
    .map((d) => {
      const own = lines.filter((l) => l.departmentId === d.id);
      const ownTransfers = transfers.filter((t) => t.departmentId === d.id);
      return {
        id: d.id,
        name: d.name,
        registrations: own.filter((l) => l.active).length,
        money: departmentMoney(own, ownTransfers),
        off: linesOff(own),
        transfers: ownTransfers,
      };
    })
    .filter((d) => d.registrations > 0 || d.money.collectedFen !== 0 || d.transfers.length > 0);
  const total = departmentMoney(lines, transfers);
  const pending = perDepartment.flatMap((d) => awaitingConfirmation(d.transfers).map((t) => ({ ...t, dept: d.name })));
  const active = lines.filter((l) => l.active);
  const heads = {
    grade: active.filter((l) => l.kind === 'grade').length,
    special: active.filter((l) => l.kind === 'special').length,
  };
  const rates = await examFeeRates(batchId);
  const expected = expectedRemittance(heads, rates);
  const remittances = (await FeeRemittance.findAll({ where: { batchId }, order: [['id', 'ASC']] })).map((r) =>
    r.get({ plain: true }),
  );
  const paid = Object.fromEntries(
    [...PAYEES, 'finance'].map((p) => [
      p,
      remittances.filter((r) => r.payee === p).reduce((s, r) => s + r.amountFen, 0),
    ]),
  );
  const paidUpward = PAYEES.reduce((s, p) => s + paid[p], 0);
  return {
    lines,
    perDepartment,
    pending,
    total,
    byKindLevel: byKindLevel(lines, fees),
    heads,
    rates,
    expected,
    remittances,
    paid,
    financeDueFen: financeShare(total.confirmedFen, paidUpward),
  };
}
