// Who may call a service, checked in one place for every service (ARCHITECTURE.md § The layers: a
// route that forgets a guard still cannot act). Each caller passes its own refusal, because the
// sentence names what was refused: "只有继续教育学院可以确认收款和记录上缴".
import type { Transaction } from 'sequelize';
import { forbidden, invalid } from '../domain/errors.js';
import type { DeadlineKey } from '../domain/timeline.js';
import type { Batch } from '../models/index.js';
import type { Actor, ServiceContext } from './context.js';
import { effectiveDeadlineFor } from './season/extensions.js';

/** The department of the teacher acting; anyone else is refused in the caller's words. */
export function teacherDepartment(actor: Actor, refusal: string): number {
  if (actor.role !== 'teacher' || actor.departmentId === null) throw forbidden(refusal);
  return actor.departmentId;
}

/** Only the continuing-education office may go on. */
export function officeOnly(actor: Actor, refusal: string): void {
  if (actor.role !== 'office') throw forbidden(refusal);
}

/**
 * Refuses once the department's deadline, with any extension the office gave it, has passed. The
 * office is exempt where the notice lets it act late (materials, registering for a student): those
 * callers pass the actor as `exempt`.
 */
export async function assertBeforeDeadline(
  ctx: ServiceContext,
  batch: Batch,
  departmentId: number,
  deadline: DeadlineKey,
  refusal: (due: Date) => string,
  options: { exempt?: Actor; t?: Transaction } = {},
): Promise<void> {
  if (options.exempt?.role === 'office') return;
  const due = await effectiveDeadlineFor(batch, departmentId, deadline, options.t);
  if (ctx.now().getTime() > due.getTime()) throw invalid(refusal(due));
}
