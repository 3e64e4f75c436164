// A student registers themself (seed 004 报考工作须知 §二.1–3): only inside the batch's window
// (extended per department by the office), only first attempts ("补考考生不需要登录系统报名，
// 到各院指定老师处报名"), one or two items, a summary with the total before confirming.
import { windowState, registrationWindowMessage, type WindowState } from '../../domain/deadlines.js';
import { forbidden, invalid } from '../../domain/errors.js';
import { selfCancelRefusal } from '../../domain/self-service.js';
import { Batch, Student } from '../../models/index.js';
import type { Actor, ServiceContext } from '../context.js';
import { effectiveDeadlineFor } from '../season/extensions.js';
import {
  addRegistrations,
  asHeld,
  batchWithFees,
  heldRegistrations,
  lockedRegistration,
  markCancelled,
  priceChoices,
  resolveChoices,
  writeRegistrations,
  type ChoiceInput,
} from './registrations.js';

export const messages = {
  notStudent: '只有校内考生可以自己报名；社会人员请到二级学院指定老师处报名',
  onlyOwn: '这条报名是指定老师代为登记的（如补考），如需取消请联系本院指定老师',
  notYours: '这条报名不是你的，不能取消',
};

async function ownStudent(actor: Actor): Promise<Student> {
  const student = await Student.findOne({ where: { userId: actor.userId ?? -1 } });
  if (!student || student.candidateType !== 'campus') throw forbidden(messages.notStudent);
  return student;
}

export type SelfWindow = { state: WindowState; opensAt: Date; closesAt: Date; message: string | null };

export async function selfWindow(ctx: ServiceContext, batch: Batch, departmentId: number): Promise<SelfWindow> {
  const closesAt = await effectiveDeadlineFor(batch, departmentId, 'registrationClosesAt');
  const state = windowState(batch.registrationOpensAt, closesAt, ctx.now());
  return {
    state,
    opensAt: batch.registrationOpensAt,
    closesAt,
    message: registrationWindowMessage(state, batch.registrationOpensAt, closesAt),
  };
}

async function assertWindowOpen(ctx: ServiceContext, batch: Batch, student: Student) {
  const window = await selfWindow(ctx, batch, student.departmentId);
  if (window.message) throw invalid(window.message);
}

/** Initial attempts only: whatever the form claims, a student cannot register a retake. */
const asInitial = (inputs: ChoiceInput[]): ChoiceInput[] => inputs.map((i) => ({ ...i, attempt: 'initial' }));

export async function previewSelf(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  inputs: ChoiceInput[],
  heldNone: boolean | null,
) {
  const student = await ownStudent(actor);
  const { batch, fees } = await batchWithFees(batchId);
  await assertWindowOpen(ctx, batch, student);
  const held = await heldRegistrations(batch.id, student.id);
  const lines = priceChoices(
    asHeld(held),
    await resolveChoices(asInitial(inputs)),
    student.candidateType,
    fees,
    heldNone,
  );
  return { lines, totalFen: lines.reduce((sum, l) => sum + l.feeFen, 0) };
}

export async function registerSelf(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  inputs: ChoiceInput[],
  heldNone: boolean | null,
) {
  const student = await ownStudent(actor);
  const { batch, fees } = await batchWithFees(batchId);
  await assertWindowOpen(ctx, batch, student);
  return writeRegistrations(ctx, (t) =>
    addRegistrations(ctx, t, actor, {
      batch,
      fees,
      studentId: student.id,
      choices: asInitial(inputs),
      channel: 'self',
      heldNone,
    }),
  );
}

export async function cancelSelf(
  ctx: ServiceContext,
  actor: Actor,
  registrationId: number,
): Promise<{ refundDueFen: number }> {
  const student = await ownStudent(actor);
  return writeRegistrations(ctx, async (t) => {
    const registration = await lockedRegistration(registrationId, t);
    if (registration.studentId !== student.id) throw forbidden(messages.notYours);
    const batch = (await Batch.findByPk(registration.batchId, { transaction: t }))!;
    const window = await selfWindow(ctx, batch, student.departmentId);
    const refusal = selfCancelRefusal(registration, window.state);
    if (refusal === 'not-self') throw forbidden(messages.onlyOwn);
    if (refusal === 'window') throw invalid(window.message!);
    return markCancelled(ctx, t, actor, registration); // refuses one already cancelled, in its words
  });
}
