// 我的报考, the student's home page, as plain data: every button and total decided here by the
// domain's rules (domain/self-service.ts), the same ones the services apply when it is pressed.
import { canAddItem, selfCancelRefusal } from '../domain/self-service.js';
import { currentBatch } from './batches.js';
import type { ServiceContext } from './context.js';
import { myRegistrations } from './registration-queries.js';
import { selfWindow } from './self-registration.js';
import type { OwnStudent } from './students.js';
import { studentTodos } from './todos.js';

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
