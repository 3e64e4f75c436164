// Who gets a ticket number and when students hear of it (issue 12 item 9). Numbers go only to
// registrations that are ready (domain/ticket-release.ts); the "准考证已可以打印" mail goes out once
// per ticket when tickets become visible — at the batch's 准考证发放 time, or when the office
// releases them earlier — from the reminder scheduler that every process runs.
import { Op, type Transaction } from 'sequelize';
import { conflict, notFound } from '../../domain/errors.js';
import { maskIdNumber } from '../../domain/id-number.js';
import { itemLabel } from '../../domain/items.js';
import { ticketBlockers, ticketsVisible } from '../../domain/ticket-release.js';
import { Batch, CatalogItem, Department, ExamTicket, Package, Registration, Student } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { ticketsReady } from '../notifications/notifications.js';
import { collectedByRegistration } from '../registration/student-progress.js';

export const messages = {
  missingBatch: '找不到这个批次',
  alreadyVisible: '准考证已经发放，考生已经可以查看，无需提前发放',
};

/** For each registration, what still stands between it and a ticket number (empty = ready). */
export async function blockersOf(
  batchId: number,
  registrations: Registration[],
  t?: Transaction,
): Promise<Map<number, string[]>> {
  const students = [...new Set(registrations.map((r) => r.studentId))];
  const packages = students.length
    ? await Package.findAll({
        where: { batchId, studentId: students, currentMarker: 1 },
        attributes: ['studentId', 'status'],
        transaction: t,
      })
    : [];
  const packageOf = new Map(packages.map((p) => [p.studentId, p.status as string]));
  const collected = await collectedByRegistration(registrations.map((r) => r.id));
  return new Map(
    registrations.map((r) => [
      r.id,
      ticketBlockers({
        kind: r.kind,
        packageStatus: packageOf.get(r.studentId) ?? null,
        outstandingFen: Math.max(0, r.feeFen - (collected.get(r.id) ?? 0)),
      }),
    ]),
  );
}

type Waiting = Registration & { student: Student; item: CatalogItem; department: Department };

/** Active registrations without a number that are not ready yet, each with what is missing. */
export async function notYetNumberable(batchId: number, departmentId: number | null) {
  const registrations = (await Registration.findAll({
    where: { batchId, status: 'active', ...(departmentId ? { departmentId } : {}) },
    include: [
      { model: ExamTicket, as: 'ticket', required: false },
      { model: Student, as: 'student' },
      { model: CatalogItem, as: 'item' },
      { model: Department, as: 'department' },
    ],
    order: [
      ['departmentId', 'ASC'],
      ['studentId', 'ASC'],
      ['id', 'ASC'],
    ],
  })) as Array<Waiting & { ticket: ExamTicket | null }>;
  const open = registrations.filter((r) => !r.ticket);
  const blockers = await blockersOf(batchId, open);
  return open
    .filter((r) => blockers.get(r.id)!.length > 0)
    .map((r) => ({
      id: r.id,
      name: r.student.name,
      idMasked: maskIdNumber(r.student.idNumber),
      departmentName: r.department.name,
      className: r.student.className ?? r.student.employer ?? '',
      label: itemLabel(r.item.name, r.level),
      missing: blockers.get(r.id)!,
    }));
}

/** The office shows tickets to students before the timetable's release time, on purpose. */
export async function releaseTicketsNow(ctx: ServiceContext, actor: Actor, batchId: number): Promise<number> {
  const released = await transaction(ctx, async (t) => {
    const batch = await Batch.findByPk(batchId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!batch) throw notFound(messages.missingBatch);
    if (ticketsVisible(batch, ctx.now())) throw conflict(messages.alreadyVisible);
    await batch.update({ ticketsReleasedAt: ctx.now() }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'exam-ticket.released',
      entityType: 'batch',
      entityId: batchId,
      before: { ticketsAt: batch.ticketsAt },
      after: { ticketsReleasedAt: ctx.now() },
    });
    return batch;
  });
  return announceTickets(ctx, released);
}

/** Mails each student whose tickets are visible and not yet announced, once; returns tickets announced. */
export async function announceTickets(ctx: ServiceContext, batch: Batch): Promise<number> {
  if (!ticketsVisible(batch, ctx.now())) return 0;
  // Most minutes there is nothing new: look before taking the write lock.
  if ((await ExamTicket.count({ where: { batchId: batch.id, announcedAt: null } })) === 0) return 0;
  return transaction(ctx, async (t) => {
    // A locking read: a second process waits here, then finds these tickets already announced.
    const due = await ExamTicket.findAll({
      where: { batchId: batch.id, announcedAt: null },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (due.length === 0) return 0;
    await ExamTicket.update(
      { announcedAt: ctx.now() },
      { where: { id: due.map((x) => x.id), announcedAt: { [Op.is]: null } }, transaction: t },
    );
    await ticketsReady(
      ctx,
      t,
      batch,
      due.map((x) => ({ registrationId: x.registrationId, examNo: x.examNo })),
    );
    return due.length;
  });
}

/** Every open batch whose tickets are visible: announce what is new (run by the reminder scheduler). */
export async function announceDueTickets(ctx: ServiceContext, batches: Batch[]): Promise<number> {
  let announced = 0;
  for (const batch of batches) announced += await announceTickets(ctx, batch);
  return announced;
}
