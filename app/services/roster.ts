// The 报名花名册 as .xlsx, streamed: registration ids are read first in roster order (small), then
// the rows a page at a time with their payments and package status, each page written and
// forgotten. A 20,000-row roster never sits in memory, neither as rows nor as a workbook.
import type { Writable } from 'node:stream';
import { fn, col, Op } from 'sequelize';
import { paymentState } from '../domain/ledger.js';
import { ROSTER_COLUMNS, rosterRow, type RosterRecord } from '../domain/roster.js';
import type { Level } from '../domain/levels.js';
import { streamWorkbook, type StreamCell } from '../lib/excel-stream.js';
import { CatalogItem, Department, FeeEntry, Package, Registration, Student } from '../models/index.js';
import type { Actor } from './context.js';
import { STATUS_NAMES } from './package-queries.js';
import { whereFor, type RegistrationFilter } from './registration-queries.js';

const PAGE = 1000;

type Loaded = Registration & { student: Student; item: CatalogItem; department: Department };

/** Registration ids in roster order: department, item, level (high number first), class, student number. */
export async function rosterIds(actor: Actor, batchId: number, filter: RegistrationFilter): Promise<number[]> {
  const rows = await Registration.findAll({
    attributes: ['id'],
    where: whereFor(actor, batchId, filter),
    include: [{ model: Student, as: 'student', attributes: [] }],
    order: [['departmentId', 'ASC'], ['catalogItemId', 'ASC'], ['level', 'DESC'], [col('student.className'), 'ASC'], [col('student.studentNo'), 'ASC'], ['id', 'ASC']],
    raw: true,
  });
  return rows.map((r) => r.id);
}

async function collectedFor(ids: number[]): Promise<Map<number, number>> {
  const sums = (await FeeEntry.findAll({
    attributes: ['registrationId', [fn('SUM', col('amountFen')), 'fen']],
    where: { registrationId: { [Op.in]: ids } },
    group: ['registrationId'],
    raw: true,
  })) as unknown as Array<{ registrationId: number; fen: string | number }>;
  return new Map(sums.map((s) => [s.registrationId, Number(s.fen)]));
}

async function packageStatusFor(batchId: number, studentIds: number[]): Promise<Map<number, string>> {
  const current = await Package.findAll({ attributes: ['studentId', 'status'], where: { batchId, studentId: { [Op.in]: studentIds }, currentMarker: 1 }, raw: true });
  return new Map(current.map((p) => [p.studentId, STATUS_NAMES[p.status]]));
}

/** One page of roster records, in the order of `ids`. */
export async function rosterPage(batchId: number, ids: number[]): Promise<RosterRecord[]> {
  const rows = (await Registration.findAll({
    where: { id: { [Op.in]: ids } },
    include: [
      { model: Student, as: 'student', attributes: ['name', 'idNumber', 'studentNo', 'className', 'employer', 'phone'] },
      { model: CatalogItem, as: 'item', attributes: ['name'] },
      { model: Department, as: 'department', attributes: ['name'] },
    ],
  })) as Loaded[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const collected = await collectedFor(ids);
  const packages = await packageStatusFor(batchId, [...new Set(rows.map((r) => r.studentId))]);
  return ids.map((id) => byId.get(id)!).filter(Boolean).map((r) => ({
    name: r.student.name, idNumber: r.student.idNumber, studentNo: r.student.studentNo, departmentName: r.department.name,
    className: r.student.className, employer: r.student.employer, phone: r.student.phone, itemName: r.item.name,
    kind: r.kind, level: r.level as Level | null, attempt: r.attempt, feeFen: r.feeFen,
    payment: paymentState({ active: r.status === 'active', dueFen: r.feeFen, collectedFen: collected.get(r.id) ?? 0 }),
    materials: packages.get(r.studentId) ?? null,
  }));
}

/** Roster rows for any list of ids, a page at a time. */
export async function* rosterRows(batchId: number, ids: number[]): AsyncGenerator<StreamCell[]> {
  let serial = 0;
  for (let start = 0; start < ids.length; start += PAGE) {
    for (const record of await rosterPage(batchId, ids.slice(start, start + PAGE))) yield rosterRow(record, ++serial);
  }
}

export function writeRoster(output: Writable, batchId: number, ids: number[]): Promise<number> {
  return streamWorkbook(output, '报名花名册', [...ROSTER_COLUMNS], rosterRows(batchId, ids));
}
