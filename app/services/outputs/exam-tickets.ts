// Admission tickets (准考证, seed 004 时间进度表 5–6: printed by the office, handed out by the
// departments to their classes; candidates bring the ticket and their ID card). The office gives
// every active registration of a batch its number once (domain/exam-number.ts); the tickets are
// read per department for printing, and by each student for themselves.
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { arrangementFor, type PlannedExam } from '../../domain/admission-ticket.js';
import { byName } from '../../domain/chinese-order.js';
import { notFound } from '../../domain/errors.js';
import { assignNumbers, compareSeats, examNumberPrefix, type SeatKey } from '../../domain/exam-number.js';
import { genderOf } from '../../domain/id-number.js';
import { itemLabel, levelLongName } from '../../domain/items.js';
import type { Level } from '../../domain/levels.js';
import {
  Batch,
  CatalogItem,
  Department,
  ExamTicket,
  Plan,
  PlanRow,
  Registration,
  Student,
} from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { announceTickets, blockersOf } from './ticket-release.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { photoUrl, printScope } from './print-forms.js';
import { findOwnStudent } from '../accounts/students.js';

export const messages = {
  missingBatch: '找不到这个批次',
};

type Loaded = Registration & { student: Student; item: CatalogItem; department: Department; ticket: ExamTicket | null };

const withEverything = [
  { model: Student, as: 'student' },
  { model: CatalogItem, as: 'item' },
  { model: Department, as: 'department' },
  { model: ExamTicket, as: 'ticket', required: false },
];

const seatOf = (r: Loaded): SeatKey => ({
  departmentName: r.department.name,
  className: r.student.className,
  studentNo: r.student.studentNo,
  tieBreak: r.studentId,
});

/** The highest sequence already given under each prefix, across every batch (numbers are never reused). */
async function highestSequences(prefixes: string[], t: Transaction): Promise<Map<string, number>> {
  const highest = new Map<string, number>();
  for (const prefix of prefixes) {
    const max = await ExamTicket.max<number, ExamTicket>('sequence', {
      where: { examNo: { [Op.like]: `${prefix}%` } },
      transaction: t,
    });
    highest.set(prefix, Number(max) || 0);
  }
  return highest;
}

/** The batch, locked with every batch of its half. */
async function lockSeason(batchId: number, t: Transaction): Promise<Batch> {
  const batch = await Batch.findByPk(batchId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!batch) throw notFound(messages.missingBatch);
  // Batches of the same half share one number series: hold them all while numbering.
  await Batch.findAll({
    where: { year: batch.year, half: batch.half },
    order: [['id', 'ASC']],
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
  return batch;
}

/** The active registrations with no number yet: those ready for one, and how many are not. */
async function readyForNumbers(batchId: number, t: Transaction): Promise<{ waiting: Loaded[]; notReady: number }> {
  const registrations = (await Registration.findAll({
    where: { batchId, status: 'active' },
    include: withEverything,
    transaction: t,
  })) as Loaded[];
  const open = registrations.filter((r) => !r.ticket);
  const blockers = await blockersOf(batchId, open, t);
  const waiting = open.filter((r) => blockers.get(r.id)!.length === 0);
  return { waiting, notReady: open.length - waiting.length };
}

/** Numbers the waiting registrations after the highest of each series; the range given per prefix. */
async function saveNumbers(batch: Batch, waiting: Loaded[], t: Transaction) {
  const season = { year: batch.year, half: batch.half };
  const candidates = waiting.map((r) => ({
    ...seatOf(r),
    tieBreak: r.id,
    registrationId: r.id,
    itemId: r.catalogItemId,
    level: r.level,
    label: itemLabel(r.item.name, r.level),
  }));
  const prefixes = [
    ...new Set(candidates.map((c) => examNumberPrefix({ ...season, itemId: c.itemId, level: c.level }, c.label))),
  ];
  const assignments = assignNumbers(season, candidates, await highestSequences(prefixes, t));
  await ExamTicket.bulkCreate(
    assignments.map((a) => ({ batchId: batch.id, ...a })),
    { transaction: t },
  );
  const series = Object.fromEntries(
    prefixes.map((p) => {
      const mine = assignments.filter((a) => a.examNo.startsWith(p));
      return [p, `${mine[0].examNo}–${mine[mine.length - 1].examNo}`];
    }),
  );
  return { numbered: assignments.length, series };
}

/**
 * 生成准考证号: numbers every active registration of the batch that has none yet and is ready
 * (materials accepted for grade candidates, fee paid), in one transaction. Existing numbers are
 * never changed, so running it again only numbers newcomers; cancelled registrations get none (a
 * number given before cancelling stays on record). Students hear of it when tickets are released.
 */
export async function assignExamNumbers(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
): Promise<{ created: number; notReady: number }> {
  const result = await transaction(ctx, async (t) => {
    const batch = await lockSeason(batchId, t);
    const { waiting, notReady } = await readyForNumbers(batchId, t);
    if (!waiting.length) return { batch, created: 0, notReady };
    const { numbered, series } = await saveNumbers(batch, waiting, t);
    await recordAudit(t, actor, {
      action: 'exam-ticket.numbered',
      entityType: 'batch',
      entityId: batchId,
      after: { numbered, notReady, series },
    });
    return { batch, created: numbered, notReady };
  });
  await announceTickets(ctx, result.batch); // only once tickets are visible; the scheduler does it otherwise
  return { created: result.created, notReady: result.notReady };
}

/** The exams each department's accepted plan arranges, in the plan's order. */
async function plannedExams(batch: Batch, registrations: Loaded[]): Promise<Map<number, PlannedExam[]>> {
  const departmentIds = [...new Set(registrations.map((r) => r.departmentId))];
  const plans = departmentIds.length
    ? ((await Plan.findAll({
        where: { batchId: batch.id, status: 'accepted', departmentId: { [Op.in]: departmentIds } },
        include: [{ model: PlanRow, as: 'rows', where: { active: true }, required: false }],
      })) as Array<Plan & { rows: PlanRow[] }>)
    : [];
  return new Map<number, PlannedExam[]>(plans.map((p) => [p.departmentId, [...p.rows].sort((a, b) => a.id - b.id)]));
}

/** One candidate's sheet: who they are and each numbered registration with its exam's arrangement. */
function sheetOf(batch: Batch, own: Loaded[], planned: Map<number, PlannedExam[]>) {
  const { student: s, department } = own[0];
  return {
    studentId: s.id,
    seat: seatOf(own[0]),
    name: s.name,
    gender: genderOf(s.idNumber),
    idNumber: s.idNumber,
    departmentName: department.name,
    className: s.className ?? '',
    studentNo: s.studentNo ?? '',
    unit: s.candidateType === 'social' && s.employer ? s.employer : '',
    photoUrl: photoUrl(s),
    tickets: own
      .map((r) => ({
        examNo: r.ticket!.examNo,
        itemName: r.item.name,
        kind: r.kind,
        levelName: r.level ? levelLongName(r.level as Level) : '—',
        ...arrangementFor(planned.get(r.departmentId) ?? [], r.catalogItemId, r.level, batch.examAt),
      }))
      .sort((a, b) => (a.examNo < b.examNo ? -1 : 1)),
  };
}

/** The tickets of the registrations `where` selects, one sheet per candidate, in seat order. */
async function ticketSheetsWhere(batch: Batch, where: WhereOptions<Registration>) {
  const registrations = (await Registration.findAll({
    where: { batchId: batch.id, status: 'active', ...where },
    include: withEverything,
  })) as Loaded[];
  const planned = await plannedExams(batch, registrations);
  const byStudent = new Map<number, Loaded[]>();
  for (const r of registrations.filter((x) => x.ticket))
    byStudent.set(r.studentId, [...(byStudent.get(r.studentId) ?? []), r]);
  const sheets = [...byStudent.values()].map((own) => sheetOf(batch, own, planned));
  sheets.sort((a, b) => compareSeats(a.seat, b.seat));
  return { sheets, missing: registrations.filter((r) => !r.ticket).length };
}

/** 准考证 for printing: one page per candidate of the department (or of every department, for the office). */
export async function ticketSheets(actor: Actor, batch: Batch, requestedDepartment: number | undefined) {
  const scope = await printScope(actor, requestedDepartment);
  return { scope, ...(await ticketSheetsWhere(batch, scope.departmentId ? { departmentId: scope.departmentId } : {})) };
}

/** The signed-in student's own ticket, once numbered; `pending` counts registrations still waiting. */
export async function ownTicket(actor: Actor, batch: Batch) {
  const student = await findOwnStudent(actor);
  const { sheets, missing } = await ticketSheetsWhere(batch, { studentId: student.id });
  return {
    student: { id: student.id, name: student.name, photoUrl: photoUrl(student) },
    sheet: sheets[0] ?? null,
    pending: missing,
  };
}

/** Each department's counts for the print overview, in name order. */
function overviewRows(registrations: Array<Registration & { department: Department; ticket: ExamTicket | null }>) {
  type Row = {
    id: number;
    name: string;
    students: Set<number>;
    grade: number;
    registrations: number;
    numbered: number;
  };
  const rows = new Map<number, Row>();
  for (const r of registrations) {
    const row = rows.get(r.departmentId) ?? {
      id: r.departmentId,
      name: r.department.name,
      students: new Set(),
      grade: 0,
      registrations: 0,
      numbered: 0,
    };
    row.students.add(r.studentId);
    row.registrations += 1;
    if (r.kind === 'grade') row.grade += 1;
    if (r.ticket) row.numbered += 1;
    rows.set(r.departmentId, row);
  }
  return [...rows.values()]
    .sort(byName)
    .map(({ students, ...row }) => ({ ...row, candidates: students.size, missing: row.registrations - row.numbered }));
}

/** Per department: candidates, 申报表 to print, registrations numbered and still waiting for a number. */
export async function printOverview(actor: Actor, batchId: number) {
  const scope = await printScope(actor, undefined);
  const registrations = await Registration.findAll({
    where: { batchId, status: 'active', ...(scope.departmentId ? { departmentId: scope.departmentId } : {}) },
    attributes: ['id', 'studentId', 'departmentId', 'kind'],
    include: [
      { model: ExamTicket, as: 'ticket', attributes: ['id'], required: false },
      { model: Department, as: 'department', attributes: ['id', 'name'] },
    ],
  });
  const departments = overviewRows(
    registrations as Array<Registration & { department: Department; ticket: ExamTicket | null }>,
  );
  const sum = (key: 'candidates' | 'grade' | 'registrations' | 'numbered' | 'missing') =>
    departments.reduce((n, d) => n + d[key], 0);
  return {
    scope,
    departments,
    total: {
      candidates: sum('candidates'),
      grade: sum('grade'),
      registrations: sum('registrations'),
      numbered: sum('numbered'),
      missing: sum('missing'),
    },
  };
}
