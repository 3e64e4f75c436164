// Certificates a candidate already holds: the 申报表 lists them (or 无), and seed 002's
// special-operation certificates open a higher 电工/焊工 level.
import { invalid } from '../../domain/errors.js';
import { isLevel } from '../../domain/levels.js';
import { operationCertificate } from '../../domain/mutual-recognition.js';
import { HeldCertificate } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { findStudentFor } from '../accounts/students.js';
import { requiredText } from '../../domain/required-text.js';

export const messages = {
  number: '请填写证书编号（不超过 60 个字符）',
  occupation: '请填写证书上的职业（工种）名称',
  level: '请选择证书的等级',
  operation: '请选择特种作业操作证的类别',
};

export type HeldInput =
  | { type: 'skill'; occupation: string; level: number; number: string }
  | { type: 'operation'; operationCode: string; number: string };

function values(input: HeldInput) {
  const number = requiredText(input.number, 60, messages.number);
  if (input.type === 'operation') {
    if (!operationCertificate(input.operationCode)) throw invalid(messages.operation);
    return { type: 'operation' as const, operationCode: input.operationCode, occupation: null, level: null, number };
  }
  const occupation = requiredText(input.occupation, 80, messages.occupation);
  if (!isLevel(input.level)) throw invalid(messages.level);
  return { type: 'skill' as const, occupation, level: input.level, operationCode: null, number };
}

export async function listHeld(studentId: number) {
  const rows = await HeldCertificate.findAll({ where: { studentId, withdrawn: false }, order: [['id', 'ASC']] });
  return rows.map((r) => r.get({ plain: true }));
}

export async function addHeld(ctx: ServiceContext, actor: Actor, studentId: number, input: HeldInput) {
  const row = values(input);
  await transaction(ctx, async (t) => {
    const student = await findStudentFor(actor, studentId, t);
    const created = await HeldCertificate.create(
      { ...row, studentId: student.id, createdBy: actor.userId },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action: 'held-certificate.added',
      entityType: 'student',
      entityId: student.id,
      departmentId: student.departmentId,
      after: { ...row, id: created.id },
    });
  });
}

export async function withdrawHeld(ctx: ServiceContext, actor: Actor, certificateId: number) {
  await transaction(ctx, async (t) => {
    const row = await HeldCertificate.findByPk(certificateId, { transaction: t });
    if (!row) throw invalid('找不到这张证书记录');
    const student = await findStudentFor(actor, row.studentId, t);
    await row.update({ withdrawn: true }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'held-certificate.withdrawn',
      entityType: 'student',
      entityId: student.id,
      departmentId: student.departmentId,
      before: { number: row.number },
    });
  });
}

/** The 申报表 answer: ticked "无" → true; certificates on file → false; neither → null (not answered). */
export async function declaredHeldNone(studentId: number, tickedNone: boolean): Promise<boolean | null> {
  if (tickedNone) return true;
  return (await HeldCertificate.count({ where: { studentId, withdrawn: false } })) > 0 ? false : null;
}
