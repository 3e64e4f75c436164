// Reading registrations: what a batch offers, one person's registrations with their progress, and
// the filtered lists with counts by item and level for teachers (own department) and the office.
import { fn, col, type WhereOptions } from 'sequelize';
import { cachedRead } from '../../db/read-cache.js';
import { feeFor, type FeeSchedule } from '../../domain/fees.js';
import { maskIdNumber } from '../../domain/id-number.js';
import { itemLabel, type CandidateType } from '../../domain/items.js';
import type { Level } from '../../domain/levels.js';
import { recognitionFor } from '../../domain/mutual-recognition.js';
import { progressSteps } from '../../domain/progress.js';
import { collectedByRegistration, progressFacts } from './student-progress.js';
import { Batch, CatalogItem, Department, Registration, Student } from '../../models/index.js';
import type { Actor } from '../context.js';
import { toItemRef } from './registrations.js';
import { LEVEL_SHORT } from '../../domain/labels.js';

export type OfferedLevel = { level: Level; label: string; feeFen: number | null };
export type OfferedItem = {
  id: number;
  kind: 'grade' | 'special';
  name: string;
  groupName: string | null;
  admits: string;
  feeFen: number | null;
  levels: OfferedLevel[];
  recognition: string | null;
};

/** Every catalogue item, in the order pages list them (cached: see db/read-cache.ts). */
export function catalogInOrder(): Promise<CatalogItem[]> {
  return cachedRead('catalog', () =>
    CatalogItem.findAll({
      order: [
        ['kind', 'ASC'],
        ['sortOrder', 'ASC'],
        ['id', 'ASC'],
      ],
    }),
  );
}

/** The catalog as a candidate of this type sees it in this batch, with first-attempt fees. */
export async function registrationOffer(
  fees: FeeSchedule,
  candidateType: CandidateType,
  heldOperationCodes: string[],
): Promise<OfferedItem[]> {
  const items = (await catalogInOrder()).filter((i) => i.active);
  return items
    .map(toItemRef)
    .filter((item) => (candidateType === 'campus' ? item.admitsStudents : item.admitsSocial))
    .map((item) => {
      const recognition = item.kind === 'grade' ? recognitionFor(item.name, heldOperationCodes) : null;
      const source = items.find((i) => i.id === item.id)!;
      return {
        id: item.id,
        kind: item.kind,
        name: item.name,
        groupName: source.groupName,
        admits: [source.admitsStudents ? '校内考生' : '', source.admitsSocial ? '社会人员' : '']
          .filter(Boolean)
          .join('、'),
        feeFen: item.kind === 'special' ? feeFor(fees, 'special', null, 'initial') : null,
        levels: item.levels.map((level) => ({
          level,
          label: LEVEL_SHORT[level],
          feeFen: feeFor(fees, 'grade', level, 'initial'),
        })),
        recognition: recognition
          ? `你持有的${recognition.because}视同${LEVEL_SHORT[recognition.countsAs]}，可报${LEVEL_SHORT[recognition.mayApplyFor]}`
          : null,
      };
    });
}

type WithRefs = Registration & { item: CatalogItem; student: Student; department: Department };

function presentRow(r: WithRefs) {
  return {
    id: r.id,
    label: itemLabel(r.item.name, r.level),
    itemId: r.catalogItemId,
    itemName: r.item.name,
    kind: r.kind,
    level: r.level,
    attempt: r.attempt,
    feeFen: r.feeFen,
    status: r.status,
    channel: r.channel,
    createdAt: r.createdAt,
    studentId: r.studentId,
    studentName: r.student.name,
    studentNo: r.student.studentNo,
    candidateType: r.student.candidateType,
    className: r.student.className ?? r.student.employer ?? '',
    idMasked: maskIdNumber(r.student.idNumber),
    departmentName: r.department.name,
  };
}

/**
 * The student's registrations in the batch: active ones with their progress from the data,
 * cancelled ones with what was collected for them and not yet refunded.
 */
/** A student's active registrations in a batch, as the choosing page names them: one statement. */
export async function activeChoicesOf(batchId: number, studentId: number) {
  const [rows, catalog] = await Promise.all([
    Registration.findAll({
      where: { batchId, studentId, status: 'active' },
      attributes: ['id', 'catalogItemId', 'kind', 'level'],
      order: [['id', 'ASC']],
    }),
    catalogInOrder(),
  ]);
  const names = new Map(catalog.map((i) => [i.id, i.name]));
  return rows.map((r) => ({
    id: r.id,
    itemId: r.catalogItemId,
    kind: r.kind,
    label: itemLabel(names.get(r.catalogItemId) ?? '', r.level),
  }));
}

export async function myRegistrations(batch: Batch, student: { id: number; departmentId: number }, now: Date) {
  const rows = (await Registration.findAll({
    where: { batchId: batch.id, studentId: student.id },
    include: [
      { model: CatalogItem, as: 'item' },
      { model: Student, as: 'student' },
      { model: Department, as: 'department' },
    ],
    order: [
      ['status', 'ASC'],
      ['id', 'ASC'],
    ],
  })) as WithRefs[];
  const facts = await progressFacts(batch, student);
  const collected = await collectedByRegistration(rows.filter((r) => r.status === 'cancelled').map((r) => r.id));
  return rows.map((r) => {
    const own = facts.get(r.id);
    return {
      ...presentRow(r),
      steps: own ? progressSteps(own, now) : [],
      paidFen: own?.collectedFen ?? 0,
      refundDueFen: r.status === 'cancelled' ? Math.max(0, collected.get(r.id) ?? 0) : 0,
    };
  });
}

export type RegistrationFilter = {
  departmentId?: number;
  itemId?: number;
  level?: number;
  kind?: 'grade' | 'special';
  attempt?: 'initial' | 'retake';
  status?: 'active' | 'cancelled';
};

/** The rows a list or an export shows: a teacher's own department only, whatever the filter says. */
export function whereFor(actor: Actor, batchId: number, filter: RegistrationFilter): WhereOptions<Registration> {
  const where: Record<string, unknown> = { batchId, status: filter.status ?? 'active' };
  // A teacher's department comes from the session, never from the form.
  if (actor.role === 'teacher') where.departmentId = actor.departmentId ?? -1;
  else if (filter.departmentId) where.departmentId = filter.departmentId;
  if (filter.itemId) where.catalogItemId = filter.itemId;
  if (filter.level) where.level = filter.level;
  if (filter.kind) where.kind = filter.kind;
  if (filter.attempt === 'initial') where.attempt = 'initial';
  if (filter.attempt === 'retake') where.attempt = ['retake', 'retake-theory', 'retake-practical', 'retake-both'];
  return where as WhereOptions<Registration>;
}

export const LIST_LIMIT = 500;

export async function listRegistrations(actor: Actor, batchId: number, filter: RegistrationFilter, page: number) {
  const where = whereFor(actor, batchId, filter);
  const { rows, count } = await Registration.findAndCountAll({
    where,
    include: [
      { model: CatalogItem, as: 'item' },
      { model: Student, as: 'student' },
      { model: Department, as: 'department' },
    ],
    order: [
      ['departmentId', 'ASC'],
      ['catalogItemId', 'ASC'],
      ['level', 'DESC'],
      ['id', 'ASC'],
    ],
    limit: LIST_LIMIT,
    offset: (page - 1) * LIST_LIMIT,
  });
  const grouped = (await Registration.findAll({
    attributes: ['catalogItemId', 'level', [fn('COUNT', col('id')), 'n'], [fn('SUM', col('feeFen')), 'fen']],
    where,
    group: ['catalogItemId', 'level'],
    raw: true,
  })) as unknown as Array<{ catalogItemId: number; level: number | null; n: number | string; fen: number | string }>;
  const names = new Map((await CatalogItem.findAll()).map((i) => [i.id, i]));
  const counts = grouped
    .map((g) => ({
      label: itemLabel(names.get(g.catalogItemId)!.name, g.level as Level | null),
      kind: names.get(g.catalogItemId)!.kind,
      count: Number(g.n),
      feeFen: Number(g.fen),
    }))
    .sort((a, b) => (a.kind === b.kind ? a.label.localeCompare(b.label, 'zh') : a.kind === 'grade' ? -1 : 1));
  return {
    count,
    rows: (rows as WithRefs[]).map(presentRow),
    counts,
    totalFen: counts.reduce((sum, c) => sum + c.feeFen, 0),
  };
}
