// The 报名花名册 as .xlsx, streamed: registration ids are read first in roster order (small), then
// the rows a page at a time with their payments and package status, each page written and
// forgotten. A 20,000-row roster never sits in memory, neither as rows nor as a workbook.
import type { Writable } from 'node:stream';
import { col, QueryTypes, type Sequelize } from 'sequelize';
import type { Attempt, ItemKind } from '../../domain/fees.js';
import { paymentState } from '../../domain/ledger.js';
import { ROSTER_COLUMNS, rosterRow, type RosterRecord } from '../../domain/roster.js';
import type { Level } from '../../domain/levels.js';
import { streamWorkbook, type StreamCell } from '../../lib/excel-stream.js';
import { Registration, Student } from '../../models/index.js';
import type { Actor, ServiceContext } from '../context.js';
import { whereFor, type RegistrationFilter } from '../registration/registration-queries.js';
import { PACKAGE_STATUS_NAMES } from '../../domain/labels.js';
import type { PackageStatus } from '../../domain/package-layout.js';

const PAGE = 1000;

/** Registration ids in roster order: department, item, level (high number first), class, student number. */
export async function rosterIds(actor: Actor, batchId: number, filter: RegistrationFilter): Promise<number[]> {
  const rows = await Registration.findAll({
    attributes: ['id'],
    where: whereFor(actor, batchId, filter),
    include: [{ model: Student, as: 'student', attributes: [] }],
    order: [
      ['departmentId', 'ASC'],
      ['catalogItemId', 'ASC'],
      ['level', 'DESC'],
      [col('student.className'), 'ASC'],
      [col('student.studentNo'), 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
  });
  return rows.map((r) => r.id);
}

// One statement per page, rows as plain objects: Sequelize model instances with three includes
// cost three times as much for 20,000 rows (bench:outputs). Unquoted camelCase identifiers read the
// same on SQLite and MySQL.
const PAGE_SQL = `
SELECT r.id, r.kind, r.level, r.attempt, r.feeFen, r.status,
       s.name, s.idNumber, s.studentNo, s.className, s.employer, s.phone,
       i.name AS itemName, d.name AS departmentName,
       (SELECT SUM(f.amountFen) FROM fee_entries f WHERE f.registrationId = r.id) AS collectedFen,
       (SELECT p.status FROM packages p WHERE p.batchId = r.batchId AND p.studentId = r.studentId AND p.currentMarker = 1) AS packageStatus
  FROM registrations r
  JOIN students s ON s.id = r.studentId
  JOIN catalog_items i ON i.id = r.catalogItemId
  JOIN departments d ON d.id = r.departmentId
 WHERE r.id IN (:ids)`;

type PageRow = {
  id: number;
  kind: ItemKind;
  level: number | null;
  attempt: Attempt;
  feeFen: number;
  status: string;
  name: string;
  idNumber: string;
  studentNo: string | null;
  className: string | null;
  employer: string | null;
  phone: string;
  itemName: string;
  departmentName: string;
  collectedFen: number | string | null;
  packageStatus: PackageStatus | null;
};

/** One page of roster records, in the order of `ids`. */
export async function rosterPage(sequelize: Sequelize, ids: number[]): Promise<RosterRecord[]> {
  if (ids.length === 0) return [];
  const rows = await sequelize.query<PageRow>(PAGE_SQL, { replacements: { ids }, type: QueryTypes.SELECT });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is PageRow => r !== undefined)
    .map((r) => ({
      name: r.name,
      idNumber: r.idNumber,
      studentNo: r.studentNo,
      departmentName: r.departmentName,
      className: r.className,
      employer: r.employer,
      phone: r.phone,
      itemName: r.itemName,
      kind: r.kind,
      level: r.level as Level | null,
      attempt: r.attempt,
      feeFen: r.feeFen,
      payment: paymentState({
        active: r.status === 'active',
        dueFen: r.feeFen,
        collectedFen: Number(r.collectedFen ?? 0),
      }),
      materials: r.packageStatus ? PACKAGE_STATUS_NAMES[r.packageStatus] : null,
    }));
}

/** Roster rows for any list of ids, a page at a time; the next page is read while this one is written. */
export async function* rosterRows(sequelize: Sequelize, ids: number[]): AsyncGenerator<StreamCell[]> {
  let serial = 0;
  const fetch = (start: number) => {
    const page = rosterPage(sequelize, ids.slice(start, start + PAGE));
    page.catch(() => undefined); // awaited below; never an unhandled rejection if writing stops first
    return page;
  };
  let next = ids.length ? fetch(0) : null;
  for (let start = 0; next; start += PAGE) {
    const records = await next;
    next = start + PAGE < ids.length ? fetch(start + PAGE) : null;
    for (const record of records) yield rosterRow(record, ++serial);
  }
}

export function writeRoster(ctx: Pick<ServiceContext, 'sequelize'>, output: Writable, ids: number[]): Promise<number> {
  return streamWorkbook(output, '报名花名册', [...ROSTER_COLUMNS], rosterRows(ctx.sequelize, ids));
}
