// The student's pages as plain data — 我的报考 and 选择报考项目 — with every button and total
// decided here by the domain's rules (domain/self-service.ts, domain/choice-availability.ts), the
// same ones the services apply when the button is pressed.
import { choiceAvailability } from '../../domain/choice-availability.js';
import { canAddItem, selfCancelRefusal } from '../../domain/self-service.js';
import type { Batch } from '../../models/index.js';
import { currentBatch } from '../season/batches.js';
import type { ServiceContext } from '../context.js';
import { listHeld } from './held-certificates.js';
import { activeChoicesOf, myRegistrations, registrationOffer } from './registration-queries.js';
import { batchWithFees } from './registrations.js';
import { selfWindow } from './self-registration.js';
import type { OwnStudent } from '../accounts/students.js';
import { studentTodos } from '../notifications/todos.js';

export async function studentHomePage(ctx: ServiceContext, student: OwnStudent) {
  const batch = await currentBatch();
  const window = batch ? await selfWindow(ctx, batch, student.departmentId) : null;
  const registrations = (batch ? await myRegistrations(batch, student, ctx.now()) : []).map((r) => ({
    ...r,
    canCancel: window !== null && selfCancelRefusal(r, window.state) === null,
  }));
  const active = registrations.filter((r) => r.status === 'active');
  return {
    batch,
    window,
    registrations,
    active,
    cancelled: registrations.filter((r) => r.status === 'cancelled'),
    todos: await studentTodos(student, ctx.now()),
    totalFen: active.reduce((sum, r) => sum + r.feeFen, 0),
    canAdd: canAddItem(window?.state ?? null, active.length),
  };
}

/** 选择报考项目: what is on offer to this student, beside what they already chose and hold. */
export async function registrationChoicesPage(ctx: ServiceContext, student: OwnStudent, batch: Batch) {
  const window = await selfWindow(ctx, batch, student.departmentId);
  const { fees } = await batchWithFees(batch.id);
  const held = await listHeld(student.id);
  const operationCodes = held.filter((h) => h.type === 'operation').map((h) => h.operationCode!);
  const offer = await registrationOffer(fees, 'campus', operationCodes);
  const registrations = await activeChoicesOf(batch.id, student.id);
  const availability = choiceAvailability(
    registrations.map((r) => ({ itemId: r.itemId, kind: r.kind, label: r.label })),
  );
  return { window, offer, registrations, held, availability };
}
