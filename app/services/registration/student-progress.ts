// The facts behind a student's progress card and to-do list (issue 12 item 2): per registration,
// the current package, what was collected, the ticket and the student's own deadlines. Read once
// and handed to the pure rules in domain/progress.ts, which the card and the list both use.
import { col, fn } from 'sequelize';
import type { ProgressFacts } from '../../domain/progress.js';
import { ticketsVisibleFrom } from '../../domain/ticket-release.js';
import { Batch, ExamTicket, FeeEntry, Package, Registration } from '../../models/index.js';
import { effectiveDeadlineFor } from '../season/extensions.js';

/** What was collected per registration, refunds and reversals included. */
export async function collectedByRegistration(registrationIds: number[]): Promise<Map<number, number>> {
  if (registrationIds.length === 0) return new Map();
  const sums = (await FeeEntry.findAll({
    attributes: ['registrationId', [fn('SUM', col('amountFen')), 'fen']],
    where: { registrationId: registrationIds },
    group: ['registrationId'],
    raw: true,
  })) as unknown as Array<{ registrationId: number; fen: string | number }>;
  return new Map(sums.map((s) => [s.registrationId, Number(s.fen)]));
}

/** The batch's dates as they apply to the student: their department's extensions counted. */
async function ownDeadlines(batch: Batch, departmentId: number) {
  const [materialsDueAt, confirmationDueAt, feesDueAt] = await Promise.all([
    effectiveDeadlineFor(batch, departmentId, 'materialsDueAt'),
    effectiveDeadlineFor(batch, departmentId, 'confirmationDueAt'),
    effectiveDeadlineFor(batch, departmentId, 'feesDueAt'),
  ]);
  return {
    materialsDueAt,
    confirmationDueAt,
    feesDueAt,
    examAt: batch.examAt,
    certificatesAt: batch.certificatesAt,
    ticketsVisibleFrom: ticketsVisibleFrom(batch),
  };
}

/** Facts for each of the student's active registrations in the batch, keyed by registration id. */
export async function progressFacts(
  batch: Batch,
  student: { id: number; departmentId: number },
): Promise<Map<number, ProgressFacts>> {
  const registrations = await Registration.findAll({
    where: { batchId: batch.id, studentId: student.id, status: 'active' },
    order: [['id', 'ASC']],
  });
  if (registrations.length === 0) return new Map();
  const ids = registrations.map((r) => r.id);
  const [pkg, collected, tickets, deadlines] = await Promise.all([
    Package.findOne({ where: { batchId: batch.id, studentId: student.id, currentMarker: 1 } }),
    collectedByRegistration(ids),
    ExamTicket.findAll({ where: { registrationId: ids } }),
    ownDeadlines(batch, student.departmentId),
  ]);
  const examNo = new Map(tickets.map((t) => [t.registrationId, t.examNo]));
  return new Map(
    registrations.map((r) => [
      r.id,
      {
        kind: r.kind,
        registeredAt: r.createdAt,
        ...deadlines,
        package: r.kind === 'grade' && pkg ? { status: pkg.status, returnReason: pkg.returnReason } : null,
        dueFen: r.feeFen,
        collectedFen: collected.get(r.id) ?? 0,
        examNo: examNo.get(r.id) ?? null,
      },
    ]),
  );
}
