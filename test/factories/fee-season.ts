// A season of money as the ledger really holds it, written with bulk inserts (20,000 registrations
// in seconds): both kinds, every priced level and attempt, social candidates, cancelled
// registrations (refunded, waiting for a refund, or never paid), partial and over payments with a
// reason, reversed collections (some collected again), a refund undone, a few registered at a price
// the batch no longer charges; per department transfers confirmed, waiting and reversed; exam-fee
// rates and remittances, one of them reversed. The same builder feeds the reconciliation test
// (a few hundred rows) and bench:outputs (20,000), so the benchmark measures what the test checks.
// Imports only models and domain rules: the bench loads it without the test harness.
import { checkDigitOf } from '../../app/domain/id-number.js';
import { feeFor, type Attempt, type FeeSchedule, type ItemKind } from '../../app/domain/fees.js';
import { parseLevels, type Level } from '../../app/domain/levels.js';
import {
  CatalogItem,
  ExamFeeRate,
  FeeEntry,
  FeeRemittance,
  FeeTransfer,
  Registration,
  Student,
  type Department,
} from '../../app/models/index.js';
import { prng } from './package-files.js';

export type SeasonOptions = {
  registrations: number;
  departments: Department[];
  fees: FeeSchedule;
  /** Makes student numbers, ID numbers and form keys unique in a database other runs also use. */
  prefix: string;
  seed?: number;
};

export type SeasonSummary = {
  students: number;
  registrations: number;
  entries: number;
  transfers: number;
  remittances: number;
};

const CHUNK = 500;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const CLASS_PREFIXES = ['电子', '机电', '计算机', '汽修', '会计', '建工', '物流', '艺术'];
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

/** The same seed gives the same season on both databases: a number in [0, 1). */
function random(seed: number): () => number {
  const next = prng(seed);
  return () => next() / 4294967296;
}

type Slot = { itemId: number; kind: ItemKind; level: Level | null; attempt: Attempt; priceFen: number };
type Person = {
  studentNo: string | null;
  idNumber: string;
  departmentId: number;
  className: string | null;
  employer: string | null;
  name: string;
};
type Planned = { person: number; slot: Slot; feeFen: number; active: boolean; activeSlot: number };

/** Every priced (item, level, attempt) of the catalog, as a registration could carry it. */
async function pricedSlots(fees: FeeSchedule): Promise<{ grade: Slot[]; special: Slot[] }> {
  const items = await CatalogItem.findAll({ where: { active: true }, order: [['id', 'ASC']] });
  const slots: Slot[] = [];
  for (const item of items) {
    const levels: Array<Level | null> = item.kind === 'grade' ? parseLevels(item.levels) : [null];
    const attempts: Attempt[] =
      item.kind === 'grade' ? ['initial', 'retake-theory', 'retake-practical', 'retake-both'] : ['initial', 'retake'];
    for (const level of levels) {
      for (const attempt of attempts) {
        const priceFen = feeFor(fees, item.kind, level, attempt);
        if (priceFen !== null) slots.push({ itemId: item.id, kind: item.kind, level, attempt, priceFen });
      }
    }
  }
  return { grade: slots.filter((s) => s.kind === 'grade'), special: slots.filter((s) => s.kind === 'special') };
}

/** Initial attempts far more often than retakes, as in a real season. */
function pick(slots: Slot[], rnd: () => number): Slot {
  const initial = slots.filter((s) => s.attempt === 'initial');
  const pool = rnd() < 0.88 || initial.length === slots.length ? initial : slots.filter((s) => s.attempt !== 'initial');
  return pool[Math.floor(rnd() * pool.length)];
}

/**
 * A valid GB 11643 number for the n-th student this builder ever wrote into the database (n counts
 * on from the highest student id), under a region code of its own: never one another call or the
 * other builders (430105) made.
 */
function idNumberFor(n: number): string {
  const birth = new Date(Date.UTC(1996, 0, 1) + (n % 3650) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `439901${birth}${String(Math.floor(n / 3650) % 1000).padStart(3, '0')}`;
  return first17 + checkDigitOf(first17);
}

/** People and what each registered for: about 43% hold two items (a grade and a special, or two specials). */
function plan(options: SeasonOptions, slots: { grade: Slot[]; special: Slot[] }, rnd: () => number, firstId: number) {
  const people: Person[] = [];
  const planned: Planned[] = [];
  while (planned.length < options.registrations) {
    const i = people.length;
    const k = i % options.departments.length;
    const round = Math.floor(i / options.departments.length);
    const social = rnd() < 0.03;
    people.push({
      studentNo: social ? null : `${options.prefix}${String(i).padStart(6, '0')}`.slice(0, 20),
      idNumber: idNumberFor(firstId + i),
      departmentId: options.departments[k].id,
      className: social
        ? null
        : `${CLASS_PREFIXES[k % CLASS_PREFIXES.length]}${23 + (round % 2)}${String((Math.floor(round / 2) % 12) + 1).padStart(2, '0')}`,
      employer: social ? `长沙${SURNAMES[i % 20]}记有限公司` : null,
      name: SURNAMES[i % 20] + GIVEN[(i * 7) % 20] + (i % 3 ? GIVEN[(i * 13) % 20] : ''),
    });
    const first = rnd() < 0.4 ? pick(slots.grade, rnd) : pick(slots.special, rnd);
    const choices = [first];
    if (rnd() < 0.43 && planned.length + 1 < options.registrations) {
      const others = slots.special.filter((s) => s.itemId !== first.itemId);
      choices.push(pick(others, rnd));
    }
    choices.forEach((slot, k) => {
      // A few carry the price of the day they registered, which the batch has since changed.
      const feeFen = rnd() < 0.01 ? slot.priceFen - 2000 : slot.priceFen;
      planned.push({ person: i, slot, feeFen, active: rnd() >= 0.04, activeSlot: k + 1 });
    });
  }
  return { people, planned };
}

async function insertChunks<T extends object>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let at = 0; at < rows.length; at += CHUNK) await write(rows.slice(at, at + CHUNK));
}

async function insertStudents(people: Person[]): Promise<number[]> {
  await insertChunks(people, (chunk) =>
    Student.bulkCreate(
      chunk.map((p, k) => ({
        userId: null,
        departmentId: p.departmentId,
        candidateType: p.studentNo ? ('campus' as const) : ('social' as const),
        studentNo: p.studentNo,
        name: p.name,
        idNumber: p.idNumber,
        className: p.className,
        employer: p.employer,
        phone: `139${String(k).padStart(8, '0')}`,
        email: null,
      })),
    ),
  );
  const ids = new Map<string, number>();
  for (let at = 0; at < people.length; at += CHUNK) {
    const rows = await Student.findAll({
      attributes: ['id', 'idNumber'],
      where: { idNumber: people.slice(at, at + CHUNK).map((p) => p.idNumber) },
      raw: true,
    });
    for (const r of rows) ids.set(r.idNumber, r.id);
  }
  return people.map((p) => ids.get(p.idNumber)!);
}

async function insertRegistrations(
  batchId: number,
  planned: Planned[],
  people: Person[],
  studentIds: number[],
): Promise<number[]> {
  await insertChunks(planned, (chunk) =>
    Registration.bulkCreate(
      chunk.map((r) => ({
        batchId,
        studentId: studentIds[r.person],
        departmentId: people[r.person].departmentId,
        catalogItemId: r.slot.itemId,
        kind: r.slot.kind,
        level: r.slot.level,
        attempt: r.slot.attempt,
        feeFen: r.feeFen,
        status: r.active ? ('active' as const) : ('cancelled' as const),
        channel: 'teacher' as const,
        activeSlot: r.active ? r.activeSlot : null,
        activeGrade: r.active && r.slot.kind === 'grade' ? 1 : null,
        activeItem: r.active ? 1 : null,
        heldNone: r.slot.kind === 'grade' ? true : null,
        createdBy: null,
        cancelledAt: r.active ? null : new Date(),
      })),
    ),
  );
  const rows = await Registration.findAll({
    attributes: ['id', 'studentId', 'catalogItemId'],
    where: { batchId },
    raw: true,
  });
  const ids = new Map(rows.map((r) => [`${r.studentId}:${r.catalogItemId}`, r.id]));
  return planned.map((r) => ids.get(`${studentIds[r.person]}:${r.slot.itemId}`)!);
}

type Entry = {
  registrationId: number;
  departmentId: number;
  kind: 'collected' | 'refunded' | 'reversal';
  amountFen: number;
  reason: string | null;
  reverses?: string;
  key: string;
};

/** What each registration's ledger holds: the story of how its money came and went. */
function ledger(
  planned: Planned[],
  people: Person[],
  registrationIds: number[],
  prefix: string,
  rnd: () => number,
): Entry[][] {
  let n = 0;
  const entry = (
    i: number,
    kind: Entry['kind'],
    amountFen: number,
    reason: string | null,
    reverses?: string,
  ): Entry => ({
    registrationId: registrationIds[i],
    departmentId: people[planned[i].person].departmentId,
    kind,
    amountFen,
    reason,
    reverses,
    key: `${prefix}-e${n++}`,
  });
  const first: Entry[] = [];
  const second: Entry[] = [];
  const third: Entry[] = [];
  planned.forEach((r, i) => {
    const roll = rnd();
    if (!r.active) {
      if (roll < 0.35) return; // cancelled before paying
      const paid = entry(i, 'collected', r.feeFen, null);
      first.push(paid);
      if (roll < 0.7) second.push(entry(i, 'refunded', -r.feeFen, '取消报名，退还费用'));
      return; // else: cancelled, money still to hand back
    }
    if (roll < 0.2) return; // not paid yet
    if (roll < 0.26) {
      first.push(entry(i, 'collected', Math.floor(r.feeFen / 2), '分两次缴费'));
      return;
    }
    if (roll < 0.275) {
      first.push(entry(i, 'collected', r.feeFen + 1000, '多交了 10 元，待退'));
      return;
    }
    const paid = entry(i, 'collected', r.feeFen, null);
    first.push(paid);
    if (roll < 0.3) {
      second.push(entry(i, 'reversal', -paid.amountFen, '记错了人', paid.key));
      if (roll < 0.29) third.push(entry(i, 'collected', r.feeFen, null)); // then recorded on the right one
    } else if (roll < 0.302) {
      // Refunded, then the refund undone: collected again with no new payment
      const refund = entry(i, 'refunded', -r.feeFen, '误退');
      second.push(refund);
      third.push(entry(i, 'reversal', r.feeFen, '退费记错', refund.key));
    } else if (roll < 0.303) {
      // Refunded, and then the collection itself reversed as well: the ledger now owes the student
      second.push(entry(i, 'refunded', -r.feeFen, '退费'));
      third.push(entry(i, 'reversal', -r.feeFen, '收费记错', paid.key));
    }
  });
  return [first, second, third];
}

/** Each round of entries may reverse one of the previous rounds: their ids are read back first. */
async function insertEntries(batchId: number, rounds: Entry[][]) {
  const ids = new Map<string, number>();
  let count = 0;
  for (const round of rounds) {
    await insertChunks(round, (chunk) =>
      FeeEntry.bulkCreate(
        chunk.map((e) => ({
          batchId,
          departmentId: e.departmentId,
          registrationId: e.registrationId,
          kind: e.kind,
          amountFen: e.amountFen,
          reason: e.reason,
          reversesId: e.reverses ? ids.get(e.reverses)! : null,
          idempotencyKey: e.key,
          createdBy: null,
        })),
      ),
    );
    const reversible = round.filter((e) => rounds.some((later) => later.some((x) => x.reverses === e.key)));
    for (let at = 0; at < reversible.length; at += CHUNK) {
      const rows = await FeeEntry.findAll({
        attributes: ['id', 'idempotencyKey'],
        where: { idempotencyKey: reversible.slice(at, at + CHUNK).map((e) => e.key) },
        raw: true,
      });
      for (const r of rows) ids.set(r.idempotencyKey, r.id);
    }
    count += round.length;
  }
  return count;
}

/** Per department: most of what was collected passed up (confirmed), a transfer waiting, one reversed. */
async function insertTransfers(
  batchId: number,
  departments: Department[],
  collectedBy: Map<number, number>,
  prefix: string,
): Promise<number> {
  let count = 0;
  for (const [k, d] of departments.entries()) {
    const collected = collectedBy.get(d.id) ?? 0;
    const confirmed = Math.floor(collected * 0.6);
    const waiting = k % 3 === 0 ? collected - confirmed : Math.floor(collected * 0.3);
    const row = (amountFen: number, voucher: string, confirmedAt: Date | null, reversesId: number | null = null) => ({
      batchId,
      departmentId: d.id,
      amountFen,
      transferredOn: '2026-10-12',
      voucherNo: voucher,
      receiptPath: null,
      confirmedAt,
      confirmedBy: null,
      reversesId,
      idempotencyKey: `${prefix}-t${count++}`,
      createdBy: null,
    });
    await FeeTransfer.create(row(confirmed, `HX${d.id}0001`, new Date()));
    if (waiting > 0) await FeeTransfer.create(row(waiting, `HX${d.id}0002`, null));
    const wrong = await FeeTransfer.create(row(12345, `HX${d.id}0003`, null));
    if (k % 2 === 0) await FeeTransfer.create(row(-12345, `冲正:HX${d.id}0003`, null, wrong.id));
  }
  return count;
}

async function insertRemittances(batchId: number, prefix: string): Promise<number> {
  for (const [payee, kind, amountFen] of [
    ['province', 'grade', 4000],
    ['province', 'special', 2500],
    ['city', 'grade', 1500],
    ['ata', 'special', 800],
  ] as const) {
    await ExamFeeRate.create({ batchId, payee, kind, amountFen });
  }
  const row = (
    payee: 'province' | 'city' | 'ata' | 'finance',
    amountFen: number,
    reference: string,
    reversesId: number | null = null,
  ) => ({
    batchId,
    payee,
    amountFen,
    paidOn: '2026-11-20',
    reference,
    reversesId,
    idempotencyKey: `${prefix}-m${reference}`,
    createdBy: null,
  });
  await FeeRemittance.create(row('province', 1_000_000, 'SZ-1'));
  const twice = await FeeRemittance.create(row('city', 200_000, 'SZ-2'));
  await FeeRemittance.create(row('city', -200_000, 'SZ-2-R', twice.id));
  await FeeRemittance.create(row('finance', 500_000, 'CW-1'));
  return 4;
}

/** Writes the season into `batchId`; registrations are spread over `departments` round robin. */
export async function seedFeeSeason(batchId: number, options: SeasonOptions): Promise<SeasonSummary> {
  const rnd = random(options.seed ?? 20261012);
  const firstId = ((await Student.max<number, Student>('id')) ?? 0) + 1;
  const { people, planned } = plan(options, await pricedSlots(options.fees), rnd, firstId);
  const studentIds = await insertStudents(people);
  const registrationIds = await insertRegistrations(batchId, planned, people, studentIds);
  const rounds = ledger(planned, people, registrationIds, options.prefix, rnd);
  const entries = await insertEntries(batchId, rounds);
  const collectedBy = new Map<number, number>();
  for (const e of rounds.flat()) collectedBy.set(e.departmentId, (collectedBy.get(e.departmentId) ?? 0) + e.amountFen);
  const transfers = await insertTransfers(batchId, options.departments, collectedBy, options.prefix);
  const remittances = await insertRemittances(batchId, options.prefix);
  return { students: people.length, registrations: planned.length, entries, transfers, remittances };
}
