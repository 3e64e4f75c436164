// Batches whose registration window sits where a test needs it, relative to the real clock.
import { noticeSchedule, type FeeSchedule } from '../../app/domain/fees.js';
import type { Timeline } from '../../app/domain/timeline.js';
import { Batch, CatalogItem, FeeEntry, Package, Registration, type Student } from '../../app/models/index.js';
import { storedPackage } from './packages.js';
import { createBatch } from '../../app/services/season/batches.js';
import { systemActor } from '../../app/services/context.js';
import { h } from '../setup/hooks.js';
import { uid } from './index.js';

const HOUR = 3600 * 1000;

export function timelineAround(opensInHours: number, closesInHours: number): Timeline {
  const at = (hours: number) => new Date(Date.now() + hours * HOUR);
  return {
    plansDueAt: at(opensInHours - 24),
    registrationOpensAt: at(opensInHours),
    registrationClosesAt: at(closesInHours),
    materialsDueAt: at(closesInHours + 24),
    confirmationDueAt: at(closesInHours + 48),
    feesDueAt: at(closesInHours + 48),
    ticketsAt: at(closesInHours + 240),
    examAt: at(closesInHours + 480),
    certificatesAt: at(closesInHours + 1900),
  };
}

/** A batch open for registration now (by default), priced as the notice says. */
export async function makeBatch(
  options: { opensInHours?: number; closesInHours?: number; fees?: FeeSchedule } = {},
): Promise<Batch> {
  const timeline = timelineAround(options.opensInHours ?? -24, options.closesInHours ?? 120);
  // Test batches often start already open, so their past dates are saved on purpose.
  return createBatch(h().app.ctx, systemActor, {
    name: `批次${uid()}`,
    year: 2026,
    half: 2,
    timeline,
    fees: options.fees ?? noticeSchedule(),
    confirmPast: true,
  });
}

/** Batches that would otherwise become "current" for later tests are archived when done. */
export async function archive(batch: Batch) {
  await Batch.update({ archived: true }, { where: { id: batch.id } });
}

export async function item(name: string): Promise<CatalogItem> {
  const found = await CatalogItem.findOne({ where: { name } });
  if (!found) throw new Error(`catalog has no ${name}`);
  return found;
}

/** An active registration for any catalog item (grade with a level, special without). */
export async function registerFor(
  batch: Batch,
  student: Student,
  itemOrName: string | CatalogItem,
  level: number | null,
  slot = 1,
) {
  const catalogItem = typeof itemOrName === 'string' ? await item(itemOrName) : itemOrName;
  const grade = catalogItem.kind === 'grade';
  return Registration.create({
    batchId: batch.id,
    studentId: student.id,
    departmentId: student.departmentId,
    catalogItemId: catalogItem.id,
    kind: catalogItem.kind,
    level: grade ? (level as 4) : null,
    attempt: 'initial',
    feeFen: grade ? 32000 : 20000,
    status: 'active',
    channel: 'teacher',
    activeSlot: slot,
    activeGrade: grade ? 1 : null,
    activeItem: 1,
    heldNone: grade ? true : null,
    createdBy: null,
  });
}

/** An active 电工 四级 registration written straight to the table (for tests about what comes after). */
export function gradeRegistration(batch: Batch, student: Student) {
  return registerFor(batch, student, '电工', 4);
}

/**
 * Makes a registration ready for its ticket number (issue 12 item 9): the fee paid in full and,
 * for a grade candidate, materials the office accepted.
 */
export async function readyForTicket(batch: Batch, student: Student, registration: Registration) {
  await FeeEntry.create({
    batchId: batch.id,
    departmentId: registration.departmentId,
    registrationId: registration.id,
    kind: 'collected',
    amountFen: registration.feeFen,
    reason: null,
    reversesId: null,
    idempotencyKey: uid(),
    createdBy: null,
  });
  const onFile = await Package.findOne({ where: { batchId: batch.id, studentId: student.id, currentMarker: 1 } });
  if (registration.kind === 'grade' && !onFile) await storedPackage(batch, student, 'accepted');
  return registration;
}

/** A 电工 四级 registration ready for its ticket number. */
export async function readyGradeRegistration(batch: Batch, student: Student) {
  return readyForTicket(batch, student, await gradeRegistration(batch, student));
}
