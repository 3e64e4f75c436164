// Teachers and the office register on a candidate's behalf: retakes (补考考生"到各院指定老师处
// 报名", choosing what is retaken) and social candidates (社会人员). A teacher works within their
// department and until the department's registration deadline; the office at any time.
import type { Transaction } from 'sequelize';
import { messages as deadlineMessages } from '../../domain/deadlines.js';
import { conflict, forbidden, invalid } from '../../domain/errors.js';
import type { Attempt } from '../../domain/fees.js';
import { checkIdNumber } from '../../domain/id-number.js';
import { Batch, Department, Student } from '../../models/index.js';
import type { Channel } from '../../models/registration.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import {
  addRegistrations,
  assertMayTouch,
  batchWithFees,
  lockedRegistration,
  markCancelled,
  writeRegistrations,
} from './registrations.js';
import { findStudentFor, ID_ELSEWHERE } from '../accounts/students.js';
import { assertBeforeDeadline } from '../guards.js';

export const ATTEMPTS: Attempt[] = ['initial', 'retake', 'retake-theory', 'retake-practical', 'retake-both'];

export const messages = {
  attempt: '请选择初次评价或补考类型',
  staffOnly: '只有指定老师或继续教育学院可以代为报名',
  name: '请填写姓名（不超过 30 个字）',
  phone: '手机号应为 11 位数字，以 1 开头',
  employer: '请填写所在单位（不超过 80 个字）',
  department: '请选择考生所属的二级学院',
  idTaken: (dept: string) => `这个身份证号已登记在“${dept}”，请让该学院的指定老师为其报名`,
  notSocial: '这个身份证号属于一名校内学生，请在“本院学生”中找到他为其报名',
};

export async function assertStaffWindow(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  departmentId: number,
  t: Transaction,
) {
  if (actor.role === 'office') return;
  if (actor.role !== 'teacher') throw forbidden(messages.staffOnly);
  await assertBeforeDeadline(
    ctx,
    batch,
    departmentId,
    'registrationClosesAt',
    deadlineMessages.staffRegistrationClosed,
    {
      t,
    },
  );
}

export type StaffRegistration = {
  batchId: number;
  studentId: number;
  itemId: number;
  level: number | null;
  attempt: string;
  heldNone: boolean | null;
};

export async function registerByStaff(ctx: ServiceContext, actor: Actor, input: StaffRegistration) {
  if (!ATTEMPTS.includes(input.attempt as Attempt)) throw invalid(messages.attempt);
  const { batch, fees } = await batchWithFees(input.batchId);
  const channel: Channel = actor.role === 'office' ? 'office' : 'teacher';
  return writeRegistrations(ctx, async (t) => {
    const student = await findStudentFor(actor, input.studentId, t);
    await assertStaffWindow(ctx, actor, batch, student.departmentId, t);
    const choices = [{ itemId: input.itemId, level: input.level, attempt: input.attempt as Attempt }];
    return addRegistrations(ctx, t, actor, {
      batch,
      fees,
      studentId: student.id,
      choices,
      channel,
      heldNone: input.heldNone,
    });
  });
}

export async function cancelByStaff(ctx: ServiceContext, actor: Actor, registrationId: number) {
  await writeRegistrations(ctx, async (t) => {
    const registration = await lockedRegistration(registrationId, t);
    const student = (await Student.findByPk(registration.studentId, { transaction: t }))!;
    assertMayTouch(actor, registration, student);
    const batch = (await Batch.findByPk(registration.batchId, { transaction: t }))!;
    await assertStaffWindow(ctx, actor, batch, registration.departmentId, t);
    await markCancelled(ctx, t, actor, registration);
  });
}

export type SocialCandidateInput = {
  name: string;
  idNumber: string;
  phone: string;
  employer: string;
  departmentId: number | null;
};

/** The form's fields checked together, every problem listed; the name trimmed, the department known. */
function checkedSocialCandidate(input: SocialCandidateInput, departmentId: number | null) {
  const name = input.name.trim();
  const problems: string[] = [];
  if (!name || name.length > 30) problems.push(messages.name);
  const id = checkIdNumber(input.idNumber.trim());
  if (!id.ok) problems.push(id.reason);
  if (!/^1\d{10}$/.test(input.phone.trim())) problems.push(messages.phone);
  if (!input.employer.trim() || input.employer.trim().length > 80) problems.push(messages.employer);
  if (!departmentId) problems.push(messages.department);
  if (problems.length) throw invalid(problems[0], problems);
  return { name, departmentId: departmentId! };
}

/** The person already recorded under the ID number, if any: usable only as this department's 社会人员. */
async function existingSocialCandidate(
  actor: Actor,
  idNumber: string,
  departmentId: number,
  t: Transaction,
): Promise<Student | null> {
  const existing = await Student.findOne({
    where: { idNumber },
    include: [{ model: Department, as: 'department' }],
    transaction: t,
  });
  if (!existing) return null;
  // A teacher hears only that the number is not theirs to use; the office may know whose it is.
  if (actor.role !== 'office' && existing.departmentId !== departmentId) throw conflict(ID_ELSEWHERE);
  if (existing.candidateType !== 'social') throw conflict(messages.notSocial);
  if (existing.departmentId !== departmentId)
    throw conflict(messages.idTaken((existing as Student & { department: Department }).department.name));
  return existing;
}

/** A new 社会人员 of the department, which must exist and be active. */
async function createSocialCandidate(
  t: Transaction,
  actor: Actor,
  input: SocialCandidateInput,
  { name, departmentId }: { name: string; departmentId: number },
): Promise<Student> {
  const department = await Department.findByPk(departmentId, { transaction: t });
  if (!department || !department.active) throw invalid(messages.department);
  const created = await Student.create(
    {
      candidateType: 'social',
      studentNo: null,
      className: null,
      userId: null,
      name,
      idNumber: input.idNumber.trim(),
      phone: input.phone.trim(),
      employer: input.employer.trim(),
      email: null,
      departmentId: department.id,
    },
    { transaction: t },
  );
  await recordAudit(t, actor, {
    action: 'social-candidate.created',
    entityType: 'student',
    entityId: created.id,
    departmentId: department.id,
    after: { name, idNumber: created.idNumber, employer: created.employer },
  });
  return created;
}

/** A 社会人员 record (no login). The same ID number registered again returns the same person. */
export async function findOrCreateSocialCandidate(
  ctx: ServiceContext,
  actor: Actor,
  input: SocialCandidateInput,
): Promise<Student> {
  const checked = checkedSocialCandidate(input, actor.role === 'teacher' ? actor.departmentId : input.departmentId);
  return transaction(ctx, async (t) => {
    const existing = await existingSocialCandidate(actor, input.idNumber.trim(), checked.departmentId, t);
    return existing ?? createSocialCandidate(t, actor, input, checked);
  });
}
