// Fee lines straight from the database: one line per registration with what its ledger entries
// add up to. Totals come back already added up (GROUP BY), lists a page at a time, the workbook's
// lines a thousand at a time, so no page and no export holds a season's 20,000 registrations.
// Plain SQL with unquoted camelCase identifiers, the same on SQLite and MySQL (as the roster).
import { QueryTypes } from 'sequelize';
import type { Attempt, ItemKind } from '../../domain/fees.js';
import type { SlotTally } from '../../domain/fee-reconciliation.js';
import { maskIdNumber } from '../../domain/id-number.js';
import { itemLabel } from '../../domain/items.js';
import {
  paymentState,
  PAYMENT_NAMES,
  tickable,
  type CandidateLine,
  type LineFilterKey,
  type LineTally,
} from '../../domain/ledger.js';
import type { Level } from '../../domain/levels.js';
import { Registration } from '../../models/index.js';

export type FeeLine = CandidateLine & {
  departmentId: number;
  studentId: number;
  name: string;
  studentNo: string | null;
  idNumber: string;
  idMasked: string;
  className: string;
  label: string;
  kind: ItemKind;
  level: Level | null;
  attempt: Attempt;
  state: string;
  stateName: string;
  tickable: boolean;
};

/** Which lines: a batch, maybe one department; within it, maybe one class and one of LINE_FILTERS. */
export type LineScope = { batchId: number; departmentId?: number; className?: string; filter?: LineFilterKey };

const SOCIAL = '（社会人员）'; // where a social candidate's line sits when no employer was given

// What each registration's entries add up to, for a statement that filters or groups on it: a
// derived table read once (a correlated sum would probe the index once for every one of 20,000
// registrations), over no more entries than the statement can use: the batch's, or the
// department's (as feeLines read them).
function collected(scope: LineScope): string {
  const entries =
    scope.departmentId !== undefined ? 'batchId = :batchId AND departmentId = :departmentId' : 'batchId = :batchId';
  return `LEFT JOIN (SELECT registrationId, SUM(amountFen) AS fen FROM fee_entries WHERE ${entries} GROUP BY registrationId) c ON c.registrationId = r.id`;
}
// ...and for a statement that names its registrations (a batch of the workbook): a sum per row,
// which keeps the planner on the primary key (with the derived table SQLite scanned the batch).
const COLLECTED_PER_ROW = '(SELECT COALESCE(SUM(f.amountFen), 0) FROM fee_entries f WHERE f.registrationId = r.id)';
const FEN = 'COALESCE(c.fen, 0)';
const ACTIVE = `r.status = 'active'`;
const CLASS = `COALESCE(s.className, s.employer, :social)`;

// The conditions of LINE_FILTERS and isOff (domain/ledger.ts), as SQL; fee-lines.test.ts holds them together.
const FILTER_SQL: Record<LineFilterKey, string> = {
  owing: `${ACTIVE} AND ${FEN} < r.feeFen`,
  paid: `${ACTIVE} AND ${FEN} = r.feeFen`,
  over: `${ACTIVE} AND ${FEN} > r.feeFen`,
  'refund-due': `NOT (${ACTIVE}) AND ${FEN} > 0`,
  off: `((${ACTIVE} AND ${FEN} <> r.feeFen) OR (NOT (${ACTIVE}) AND ${FEN} <> 0))`,
};
// A cancelled registration stays a line while money is left on it (feeLines did the same).
const VISIBLE = `(${ACTIVE} OR ${FEN} <> 0)`;
const OFF_COUNT = `SUM(CASE WHEN ${FILTER_SQL.off} THEN 1 ELSE 0 END)`;
const ORDER = `ORDER BY ${CLASS}, s.studentNo, r.studentId, r.id`;

// Students are joined only to pick a class: on MariaDB the join alone doubles the cost of a season's totals.
const students = (scope: LineScope) => (scope.className !== undefined ? 'JOIN students s ON s.id = r.studentId' : '');

function where(scope: LineScope): string {
  return [
    'r.batchId = :batchId',
    VISIBLE,
    scope.departmentId !== undefined ? 'r.departmentId = :departmentId' : '',
    scope.className !== undefined ? `${CLASS} = :className` : '',
    scope.filter ? FILTER_SQL[scope.filter] : '',
  ]
    .filter(Boolean)
    .join(' AND ');
}

function select<T extends object>(sql: string, replacements: Record<string, unknown>): Promise<T[]> {
  // The models' own connection: these readers serve routes, to-dos and reminders alike.
  return Registration.sequelize!.query<T>(sql, {
    replacements: { social: SOCIAL, ...replacements },
    type: QueryTypes.SELECT,
  });
}

type TallyRow = {
  isActive: number | string;
  n: number | string;
  dueFen: number | string | null;
  collectedFen: number | string | null;
  offCount: number | string | null;
};

const tally = (r: TallyRow): LineTally => ({
  active: Number(r.isActive) === 1,
  count: Number(r.n),
  dueFen: Number(r.dueFen ?? 0),
  collectedFen: Number(r.collectedFen ?? 0),
  offCount: Number(r.offCount ?? 0),
});

const TALLY_COLUMNS = `CASE WHEN ${ACTIVE} THEN 1 ELSE 0 END AS isActive, COUNT(*) AS n, SUM(r.feeFen) AS dueFen, SUM(${FEN}) AS collectedFen, ${OFF_COUNT} AS offCount`;

/** Lines added up per department, kind, level, attempt and active or not: every total the office needs. */
export async function slotTallies(scope: LineScope): Promise<Array<SlotTally & { departmentId: number }>> {
  const rows = await select<
    TallyRow & { departmentId: number; kind: ItemKind; level: number | null; attempt: Attempt }
  >(
    `SELECT r.departmentId, r.kind, r.level, r.attempt, ${TALLY_COLUMNS}
       FROM registrations r ${students(scope)} ${collected(scope)}
      WHERE ${where(scope)}
      GROUP BY r.departmentId, r.kind, r.level, r.attempt, r.status`,
    { ...scope },
  );
  return rows.map((r) => ({
    ...tally(r),
    departmentId: Number(r.departmentId),
    kind: r.kind,
    level: r.level === null ? null : (Number(r.level) as Level),
    attempt: r.attempt,
  }));
}

/** Lines added up per class (班级, else 所在单位) of one department. */
export async function classTallies(
  scope: LineScope & { departmentId: number },
): Promise<Array<LineTally & { className: string }>> {
  const rows = await select<TallyRow & { className: string }>(
    `SELECT ${CLASS} AS className, ${TALLY_COLUMNS}
       FROM registrations r JOIN students s ON s.id = r.studentId ${collected(scope)}
      WHERE ${where(scope)}
      GROUP BY ${CLASS}, CASE WHEN ${ACTIVE} THEN 1 ELSE 0 END`,
    { ...scope },
  );
  return rows.map((r) => ({ ...tally(r), className: r.className }));
}

type LineRow = {
  id: number;
  departmentId: number;
  studentId: number;
  kind: ItemKind;
  level: number | null;
  attempt: Attempt;
  feeFen: number;
  status: string;
  name: string;
  studentNo: string | null;
  idNumber: string;
  className: string;
  itemName: string;
  collectedFen: number | string;
};

const lineColumns = (fen: string) => `r.id, r.departmentId, r.studentId, r.kind, r.level, r.attempt, r.feeFen, r.status,
  s.name, s.studentNo, s.idNumber, ${CLASS} AS className, i.name AS itemName, ${fen} AS collectedFen`;
const LINE_JOINS =
  'FROM registrations r JOIN students s ON s.id = r.studentId JOIN catalog_items i ON i.id = r.catalogItemId';

// Every property written out rather than spread from `line`: with the spread V8 built these
// 20-property objects sixteen times slower (measured: 66 ms against 4 ms for 2,500 lines).
function toLine(r: LineRow): FeeLine {
  const active = r.status === 'active';
  const dueFen = Number(r.feeFen);
  const collectedFen = Number(r.collectedFen);
  const line: CandidateLine = { registrationId: Number(r.id), active, dueFen, collectedFen };
  const state = paymentState(line);
  const level = r.level === null ? null : (Number(r.level) as Level);
  return {
    registrationId: line.registrationId,
    active,
    dueFen,
    collectedFen,
    departmentId: Number(r.departmentId),
    studentId: Number(r.studentId),
    name: r.name,
    studentNo: r.studentNo,
    idNumber: r.idNumber,
    idMasked: maskIdNumber(r.idNumber),
    className: r.className,
    label: itemLabel(r.itemName, level),
    kind: r.kind,
    level,
    attempt: r.attempt,
    state,
    stateName: PAYMENT_NAMES[state],
    tickable: tickable(line),
  };
}

/** One page of lines in list order: class, student number, student, registration. */
export async function linePage(scope: LineScope, limit: number, offset: number): Promise<FeeLine[]> {
  const rows = await select<LineRow>(
    `SELECT ${lineColumns(FEN)} ${LINE_JOINS} ${collected(scope)} WHERE ${where(scope)} ${ORDER} LIMIT :limit OFFSET :offset`,
    { ...scope, limit, offset },
  );
  return rows.map(toLine);
}

/** How many lines (and students) the scope holds, what they are due and what came in for them. */
export async function lineSums(
  scope: LineScope,
): Promise<{ count: number; students: number; dueFen: number; collectedFen: number }> {
  const [row] = await select<{
    n: number | string;
    students: number | string;
    dueFen: number | string | null;
    collectedFen: number | string | null;
  }>(
    `SELECT COUNT(*) AS n, COUNT(DISTINCT r.studentId) AS students, SUM(r.feeFen) AS dueFen, SUM(${FEN}) AS collectedFen
       FROM registrations r JOIN students s ON s.id = r.studentId ${collected(scope)} WHERE ${where(scope)}`,
    { ...scope },
  );
  return {
    count: Number(row.n),
    students: Number(row.students),
    dueFen: Number(row.dueFen ?? 0),
    collectedFen: Number(row.collectedFen ?? 0),
  };
}

/** The lines of given registrations (the recent entries of a fee sheet name theirs). */
export async function linesOf(batchId: number, registrationIds: number[]): Promise<FeeLine[]> {
  if (registrationIds.length === 0) return [];
  const rows = await select<LineRow>(
    `SELECT ${lineColumns(COLLECTED_PER_ROW)} ${LINE_JOINS} WHERE r.id IN (:ids) AND r.batchId = :batchId`,
    { batchId, ids: registrationIds },
  );
  return rows.map(toLine);
}

const BATCH = 1000;

/** A read that is awaited later: it never becomes an unhandled rejection if the writer stops first. */
function quietly<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

function orderedIds(scope: LineScope): Promise<number[]> {
  return select<{ id: number }>(
    `SELECT r.id FROM registrations r JOIN students s ON s.id = r.studentId ${collected(scope)} WHERE ${where(scope)} ${ORDER}`,
    { ...scope },
  ).then((rows) => rows.map((r) => Number(r.id)));
}

type Batch = { scope: number; ids: number[]; lines: Promise<FeeLine[]> };

/** The batches of all scopes in reading order; the next one is already being read when one is handed out. */
async function* batchesInTurn(scopes: LineScope[]): AsyncGenerator<Batch> {
  const idLists = scopes.map((scope) => quietly(orderedIds(scope))); // small: asked for all at once
  let ready: Batch | null = null;
  for (const [scope, list] of idLists.entries()) {
    const ids = await list;
    for (let start = 0; start < ids.length; start += BATCH) {
      const batchIds = ids.slice(start, start + BATCH);
      const next: Batch = { scope, ids: batchIds, lines: quietly(linesOf(scopes[scope].batchId, batchIds)) };
      if (ready) yield ready;
      ready = next;
    }
  }
  if (ready) yield ready;
}

/**
 * The lines of several scopes (a workbook's sheets), each in list order, for reading one scope
 * after the other: the ordered ids first, then a thousand lines at a time with the next thousand
 * on their way, across scopes too, so no sheet waits for its first lines.
 */
export function linesInTurn(scopes: LineScope[]): Array<AsyncIterable<FeeLine>> {
  const source = batchesInTurn(scopes);
  let held: Batch | null = null; // a later scope's batch, met at the end of the one before
  async function* linesOfScope(scope: number): AsyncGenerator<FeeLine> {
    for (;;) {
      const batch: Batch | null = held ?? ((await source.next()).value || null);
      held = null;
      if (!batch) return;
      if (batch.scope !== scope) {
        held = batch;
        return;
      }
      const lines = new Map((await batch.lines).map((l) => [l.registrationId, l]));
      for (const id of batch.ids) {
        const line = lines.get(id);
        if (line) yield line;
      }
    }
  }
  return scopes.map((_, scope) => linesOfScope(scope));
}
