// Registering and cancelling (报名). One function writes registrations, addRegistrations, and it
// runs inside a transaction that first locks the person's row: the rules are checked against
// what is committed, and the unique indexes of the registrations table are the last word.
import { UniqueConstraintError, type Transaction } from 'sequelize';
import { FORM_RULES, registrationProblems, SELF, type Choice, type Held, type Rule } from '../../domain/eligibility.js';
import { badRequest, conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { feeFor, type Attempt, type FeeSchedule } from '../../domain/fees.js';
import { itemLabel, type ItemRef } from '../../domain/items.js';
import { parseLevels, type Level } from '../../domain/levels.js';
import { Batch, CatalogItem, FeeEntry, Registration, Student } from '../../models/index.js';
import type { Channel } from '../../models/registration.js';
import { recordAudit } from '../audit.js';
import { batchById, feeScheduleOf, messages as batchMessages } from '../season/batches.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { registrationCancelled, registrationConfirmed } from '../notifications/notifications.js';
import { ATTEMPT_NAMES } from '../../domain/labels.js';

export const messages = {
  unknownItem: '所选项目不存在或已下架，请刷新页面后重新选择',
  noPrice: (label: string, attempt: string) =>
    `「${label}」本批次还没有${attempt}的收费标准，暂不能报名：请联系继续教育学院在批次的收费标准中设置`,
  race: '刚刚已有另一份报名提交成功（可能是重复点击或另一个窗口）：请刷新页面查看已报项目',
  missing: '找不到这条报名记录',
  alreadyCancelled: '这条报名已经取消了',
  heldNeeded: '报等级认定的考生须填写已获得的职业技能等级(职业资格)证书情况：没有请勾选“无”，有请先在“已获证书”中登记',
};

export type ChoiceInput = { itemId: number; level: number | null; attempt: Attempt };

export function toItemRef(item: CatalogItem): ItemRef {
  return {
    id: item.id,
    kind: item.kind,
    name: item.name,
    levels: item.levels ? parseLevels(item.levels) : [],
    admitsStudents: item.admitsStudents,
    admitsSocial: item.admitsSocial,
    active: item.active,
  };
}

/** Form ids → catalog items. An id that is not in the catalog was tampered with or is stale. */
export async function resolveChoices(inputs: ChoiceInput[], t?: Transaction): Promise<Choice[]> {
  const ids = [...new Set(inputs.map((i) => i.itemId))].filter(Number.isInteger);
  const items = new Map(
    (await CatalogItem.findAll({ where: { id: ids }, transaction: t })).map((i) => [i.id, toItemRef(i)]),
  );
  return inputs.map((input) => {
    const item = items.get(input.itemId);
    if (!item) throw badRequest(messages.unknownItem);
    return { item, level: input.level as Level | null, attempt: input.attempt };
  });
}

/** The person's active registrations in the batch, read with a lock so a racing writer waits. */
export async function heldRegistrations(batchId: number, studentId: number, t?: Transaction) {
  return Registration.findAll({
    where: { batchId, studentId, status: 'active' },
    include: [{ model: CatalogItem, as: 'item' }],
    order: [['id', 'ASC']],
    transaction: t,
    lock: t ? t.LOCK.UPDATE : undefined,
  });
}

export function asHeld(registrations: Registration[]): Held[] {
  return registrations.map((r) => {
    const item = (r as Registration & { item: CatalogItem }).item;
    return { itemId: r.catalogItemId, kind: r.kind, label: itemLabel(item.name, r.level) };
  });
}

// Which part of the registration form each refusal concerns, so the form shows it there.
const FIELD_OF_RULE: Partial<Record<Rule, string>> = {
  'two-grade': 'grade',
  'two-items': 'special',
  'same-item': 'special',
};

/** Every rule and every price, or the first refusal with all the others as details. */
export function priceChoices(
  held: Held[],
  wanted: Choice[],
  candidateType: Student['candidateType'],
  fees: FeeSchedule,
  heldNone: boolean | null,
  who = SELF,
) {
  const problems = registrationProblems(held, wanted, candidateType, who);
  const tampered = problems.find((p) => FORM_RULES.includes(p.rule));
  if (tampered) throw badRequest(tampered.message);
  if (problems.length)
    throw invalid(
      problems[0].message,
      problems.map((p) => p.message),
      FIELD_OF_RULE[problems[0].rule] ?? null,
    );
  // The 申报表 of a grade candidate lists the certificates held, or says 无 (seed 004 §二.5).
  if (wanted.some((c) => c.item.kind === 'grade') && heldNone === null)
    throw invalid(messages.heldNeeded, [], 'heldNone');
  return wanted.map((choice) => {
    const fee = feeFor(fees, choice.item.kind, choice.level, choice.attempt);
    const label = itemLabel(choice.item.name, choice.level);
    if (fee === null) throw invalid(messages.noPrice(label, ATTEMPT_NAMES[choice.attempt]));
    return { ...choice, label, feeFen: fee };
  });
}

export type AddRequest = {
  batch: Batch;
  fees: FeeSchedule;
  studentId: number;
  choices: ChoiceInput[];
  channel: Channel;
  heldNone: boolean | null;
};

/** A row per priced choice, each in a slot the person's active registrations leave free. */
async function createRegistrations(
  t: Transaction,
  actor: Actor,
  request: AddRequest,
  student: Student,
  held: Registration[],
  priced: ReturnType<typeof priceChoices>,
): Promise<Registration[]> {
  const freeSlots = [1, 2].filter((slot) => !held.some((r) => r.activeSlot === slot));
  const created: Registration[] = [];
  for (const [i, choice] of priced.entries()) {
    created.push(
      await Registration.create(
        {
          batchId: request.batch.id,
          studentId: student.id,
          departmentId: student.departmentId,
          catalogItemId: choice.item.id,
          kind: choice.item.kind,
          level: choice.level,
          attempt: choice.attempt,
          feeFen: choice.feeFen,
          status: 'active',
          channel: request.channel,
          activeSlot: freeSlots[i],
          activeGrade: choice.item.kind === 'grade' ? 1 : null,
          activeItem: 1,
          heldNone: choice.item.kind === 'grade' ? request.heldNone : null,
          createdBy: actor.userId,
        },
        { transaction: t },
      ),
    );
  }
  return created;
}

/** The one place registrations are written. Must run inside `t`; locks the person first. */
export async function addRegistrations(
  ctx: ServiceContext,
  t: Transaction,
  actor: Actor,
  request: AddRequest,
): Promise<Registration[]> {
  const student = await Student.findByPk(request.studentId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!student) throw notFound('找不到这名考生');
  const held = await heldRegistrations(request.batch.id, student.id, t);
  const who = request.channel === 'self' ? SELF : student.name; // staff read the candidate's name, not "你"
  const priced = priceChoices(
    asHeld(held),
    await resolveChoices(request.choices, t),
    student.candidateType,
    request.fees,
    request.heldNone,
    who,
  );
  const created = await createRegistrations(t, actor, request, student, held, priced);
  await recordAudit(t, actor, {
    action: 'registration.created',
    entityType: 'student',
    entityId: student.id,
    departmentId: student.departmentId,
    after: {
      batch: request.batch.name,
      channel: request.channel,
      items: priced.map((c) => `${c.label} ${ATTEMPT_NAMES[c.attempt]} ${c.feeFen / 100}元`),
    },
  });
  await registrationConfirmed(ctx, t, student, request.batch, created);
  return created;
}

/** Runs a registration write; a unique-index refusal (a race the lock did not catch) reads as one. */
export async function writeRegistrations<T>(ctx: ServiceContext, work: (t: Transaction) => Promise<T>): Promise<T> {
  try {
    return await transaction(ctx, work);
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw conflict(messages.race);
    throw error;
  }
}

export async function batchWithFees(batchId: number) {
  const [batch, fees] = await Promise.all([batchById(batchId), feeScheduleOf(batchId)]);
  if (!batch) throw notFound(batchMessages.missing);
  return { batch, fees };
}

/** Cancels: the markers are cleared so the slot, the grade slot and the item are free again. */
/** Cancels an active registration; returns what was collected for it, which the department now owes back. */
export async function markCancelled(
  ctx: ServiceContext,
  t: Transaction,
  actor: Actor,
  registration: Registration,
): Promise<{ refundDueFen: number }> {
  if (registration.status !== 'active') throw conflict(messages.alreadyCancelled);
  const item = await CatalogItem.findByPk(registration.catalogItemId, { transaction: t });
  await registration.update(
    {
      status: 'cancelled',
      activeSlot: null,
      activeGrade: null,
      activeItem: null,
      cancelledAt: ctx.now(),
      cancelledBy: actor.userId,
    },
    { transaction: t },
  );
  await recordAudit(t, actor, {
    action: 'registration.cancelled',
    entityType: 'registration',
    entityId: registration.id,
    departmentId: registration.departmentId,
    before: { item: itemLabel(item!.name, registration.level), feeFen: registration.feeFen },
  });
  await registrationCancelled(ctx, t, registration);
  const collected = await FeeEntry.sum('amountFen', { where: { registrationId: registration.id }, transaction: t });
  return { refundDueFen: Math.max(0, Number(collected) || 0) };
}

export async function lockedRegistration(id: number, t: Transaction) {
  const registration = await Registration.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!registration) throw notFound(messages.missing);
  return registration;
}

export function assertMayTouch(actor: Actor, registration: Registration, student: Student) {
  if (actor.role === 'office') return;
  if (actor.role === 'teacher' && registration.departmentId === actor.departmentId) return;
  if (actor.role === 'student' && student.userId === actor.userId) return;
  throw forbidden('这条报名不属于你（或你的二级学院），不能查看或修改');
}
