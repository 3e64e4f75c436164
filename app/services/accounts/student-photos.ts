// The candidate's own ID photo for the admission ticket: optional, a JPEG by content under 200KB,
// kept under the storage root and shown only to the candidate, their department and the office.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { photoProblem } from '../../domain/admission-ticket.js';
import { invalid, notFound } from '../../domain/errors.js';
import { describeFile } from '../../lib/file-head.js';
import { Student } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { findStudentFor } from './students.js';

export const messages = {
  noStudent: '找不到你的考生信息，请联系本院指定老师',
  noPhoto: '这名考生还没有上传照片',
};

/** Checks the uploaded temp file, stores it as photos/<studentId>-<random>.jpg and points the student at it. */
export async function saveOwnPhoto(ctx: ServiceContext, actor: Actor, tempFile: string): Promise<void> {
  const problem = photoProblem(await describeFile(tempFile));
  if (problem) throw invalid(problem);
  const student = await Student.findOne({ where: { userId: actor.userId ?? -1 } });
  if (!student) throw notFound(messages.noStudent);
  const relative = path.posix.join('photos', `${student.id}-${randomBytes(8).toString('hex')}.jpg`);
  await ctx.storage.write(relative, await fs.readFile(tempFile));
  try {
    await transaction(ctx, async (t) => {
      const locked = await findStudentFor(actor, student.id, t);
      const before = locked.photoPath;
      await locked.update({ photoPath: relative }, { transaction: t });
      // The previous photo file stays on disk: records are kept, never hard-deleted.
      await recordAudit(t, actor, {
        action: 'student.photo-uploaded',
        entityType: 'student',
        entityId: locked.id,
        departmentId: locked.departmentId,
        before: { photoPath: before },
        after: { photoPath: relative },
      });
    });
  } catch (error) {
    await ctx.storage.remove(relative);
    throw error;
  }
}

/** The photo file, for the student themselves, their department's teacher, or the office. */
export async function photoFile(ctx: ServiceContext, actor: Actor, studentId: number) {
  const student = await findStudentFor(actor, studentId);
  if (!student.photoPath) throw notFound(messages.noPhoto);
  return { file: ctx.storage.resolve(student.photoPath), type: 'image/jpeg' };
}
