// Reading money: a department's fee sheet (by class), the office's reconciliation by department
// and by kind/level, and the remittance picture. Sums come from the ledger rows, never from a
// stored total, so the pages and the exports always add up to the database.
import { fn, col } from 'sequelize';
import { sortedByName } from '../domain/chinese-order.js';
import { awaitingConfirmation, departmentMoney, expectedRemittance, financeShare, linesOff, paymentState, PAYEES, PAYMENT_NAMES, type CandidateLine, type UpwardPayee } from '../domain/ledger.js';
import { feeFor, ATTEMPT_NAMES, type FeeSchedule } from '../domain/fees.js';
import { maskIdNumber } from '../domain/id-number.js';
import { itemLabel, LEVEL_SHORT } from '../domain/items.js';
import type { Level } from '../domain/levels.js';
import { CatalogItem, Department, ExamFeeRate, FeeEntry, FeeRemittance, FeeTransfer, Registration, Student } from '../models/index.js';
import { getBatch } from './batches.js';

type WithRefs = Registration & { student: Student; item: CatalogItem };

export type FeeLine = CandidateLine & {
  departmentId: number; studentId: number; name: string; studentNo: string | null; idNumber: string; idMasked: string;
  className: string; label: string; kind: string; level: number | null; attempt: string; state: string; stateName: string;
};

/** Every registration of the batch (of one department) with what was collected for it. */
export async function feeLines(batchId: number, departmentId?: number): Promise<FeeLine[]> {
  const where = departmentId ? { batchId, departmentId } : { batchId };
  const registrations = (await Registration.findAll({
    where,
    include: [{ model: Student, as: 'student' }, { model: CatalogItem, as: 'item' }],
    order: [['departmentId', 'ASC'], ['studentId', 'ASC'], ['id', 'ASC']],
  })) as WithRefs[];
  const sums = (await FeeEntry.findAll({ attributes: ['registrationId', [fn('SUM', col('amountFen')), 'fen']], where, group: ['registrationId'], raw: true })) as unknown as Array<{ registrationId: number; fen: string | number }>;
  const collected = new Map(sums.map((s) => [s.registrationId, Number(s.fen)]));
  return registrations
    .map((r) => {
      const line: CandidateLine = { registrationId: r.id, active: r.status === 'active', dueFen: r.feeFen, collectedFen: collected.get(r.id) ?? 0 };
      const state = paymentState(line);
      return {
        ...line, departmentId: r.departmentId, studentId: r.studentId, name: r.student.name, studentNo: r.student.studentNo, idNumber: r.student.idNumber,
        idMasked: maskIdNumber(r.student.idNumber), className: r.student.className ?? r.student.employer ?? '（社会人员）', label: itemLabel(r.item.name, r.level),
        kind: r.kind, level: r.level, attempt: r.attempt, state, stateName: PAYMENT_NAMES[state],
      };
    })
    .filter((l) => l.active || l.collectedFen !== 0);
}

export async function transfersOf(batchId: number, departmentId?: number) {
  const rows = await FeeTransfer.findAll({ where: departmentId ? { batchId, departmentId } : { batchId }, order: [['id', 'ASC']] });
  return rows.map((t) => ({ ...t.get({ plain: true }), confirmed: t.confirmedAt !== null }));
}

export async function departmentFeeSheet(batchId: number, departmentId: number) {
  const lines = await feeLines(batchId, departmentId);
  const transfers = await transfersOf(batchId, departmentId);
  const classes = [...new Set(lines.map((l) => l.className))].sort();
  const byClass = classes.map((className) => {
    const own = lines.filter((l) => l.className === className);
    return { className, lines: own, money: departmentMoney(own, []) };
  });
  const entries = await FeeEntry.findAll({ where: { batchId, departmentId }, order: [['id', 'DESC']], limit: 50 });
  const reversed = new Set(entries.map((e) => e.reversesId).filter((id): id is number => id !== null));
  return {
    byClass, transfers, money: departmentMoney(lines, transfers),
    entries: entries.map((e) => ({ ...e.get({ plain: true }), line: lines.find((l) => l.registrationId === e.registrationId), reversed: reversed.has(e.id) })),
  };
}

/** Counts × price per kind, level and attempt, beside what the registrations carry and what came in. */
function byKindLevel(lines: FeeLine[], fees: FeeSchedule) {
  const groups = new Map<string, FeeLine[]>();
  for (const line of lines.filter((l) => l.active)) {
    const key = `${line.kind}|${line.level ?? ''}|${line.attempt}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.entries()]
    .map(([key, own]) => {
      const [kind, level, attempt] = key.split('|');
      const priceFen = feeFor(fees, kind as 'grade' | 'special', level ? (Number(level) as Level) : null, attempt as keyof typeof ATTEMPT_NAMES);
      const registeredFen = own.reduce((s, l) => s + l.dueFen, 0);
      const collectedFen = own.reduce((s, l) => s + l.collectedFen, 0);
      const expectedFen = priceFen === null ? null : priceFen * own.length;
      const label = `${kind === 'grade' ? `等级认定 ${LEVEL_SHORT[Number(level) as Level]}` : '专项职业能力'} · ${ATTEMPT_NAMES[attempt as keyof typeof ATTEMPT_NAMES]}`;
      return { label, count: own.length, priceFen, expectedFen, registeredFen, collectedFen, ok: expectedFen === registeredFen && collectedFen === registeredFen };
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
}

export async function examFeeRates(batchId: number): Promise<Record<UpwardPayee, { grade: number | null; special: number | null }>> {
  const rows = await ExamFeeRate.findAll({ where: { batchId } });
  const rate = (payee: string, kind: string) => rows.find((r) => r.payee === payee && r.kind === kind)?.amountFen ?? null;
  return Object.fromEntries(PAYEES.map((p) => [p, { grade: rate(p, 'grade'), special: rate(p, 'special') }])) as Record<UpwardPayee, { grade: number | null; special: number | null }>;
}

export async function reconciliation(batchId: number) {
  const { fees } = await getBatch(batchId);
  const lines = await feeLines(batchId);
  const transfers = await transfersOf(batchId);
  const departments = sortedByName(await Department.findAll());
  const perDepartment = departments
    .map((d) => {
      const own = lines.filter((l) => l.departmentId === d.id);
      const ownTransfers = transfers.filter((t) => t.departmentId === d.id);
      return { id: d.id, name: d.name, registrations: own.filter((l) => l.active).length, money: departmentMoney(own, ownTransfers), off: linesOff(own), transfers: ownTransfers };
    })
    .filter((d) => d.registrations > 0 || d.money.collectedFen !== 0 || d.transfers.length > 0);
  const total = departmentMoney(lines, transfers);
  const pending = perDepartment.flatMap((d) => awaitingConfirmation(d.transfers).map((t) => ({ ...t, dept: d.name })));
  const active = lines.filter((l) => l.active);
  const heads = { grade: active.filter((l) => l.kind === 'grade').length, special: active.filter((l) => l.kind === 'special').length };
  const rates = await examFeeRates(batchId);
  const expected = expectedRemittance(heads, rates);
  const remittances = (await FeeRemittance.findAll({ where: { batchId }, order: [['id', 'ASC']] })).map((r) => r.get({ plain: true }));
  const paid = Object.fromEntries([...PAYEES, 'finance'].map((p) => [p, remittances.filter((r) => r.payee === p).reduce((s, r) => s + r.amountFen, 0)]));
  const paidUpward = PAYEES.reduce((s, p) => s + paid[p], 0);
  return {
    perDepartment, pending, total, byKindLevel: byKindLevel(lines, fees), heads, rates, expected, remittances, paid,
    financeDueFen: financeShare(total.confirmedFen, paidUpward),
  };
}
