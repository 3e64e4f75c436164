// Importing a department's students from .xlsx. Nothing is written until the teacher confirms;
// then either every row goes in or none does, unless the teacher explicitly asks for the clean
// rows only. The check runs again inside the transaction, so what is written is what was checked.
import type { Transaction } from 'sequelize';
import { AppError, invalid } from '../../domain/errors.js';
import { checkStudentRows, type BadRow, type GoodRow } from '../../domain/student-import.js';
import { readFirstSheet } from '../../lib/excel.js';
import { Student } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { assertUnclaimed, insertStudent, saveStudentRecord } from './students.js';
import { teacherDepartment } from '../guards.js';

export const MAX_IMPORT_ROWS = 5000;

export const messages = {
  unreadable: '文件打不开：请上传用 Excel 或 WPS 保存的 .xlsx 文件（不支持 .xls 和 .csv）',
  hasBadRows: (n: number) => `有 ${n} 行有问题，整个文件未导入。请改正后重新上传，或选择“只导入无误的行”`,
  nothingToImport: '没有可以导入的行',
  noDepartment: '你的账号没有所属二级学院，请联系继续教育学院',
};

export type ImportPlan = { good: Array<GoodRow & { existingId: number | null }>; bad: BadRow[] };
export type ImportResult = { created: number; updated: number; skipped: number };

async function readRows(file: string) {
  try {
    return await readFirstSheet(file, MAX_IMPORT_ROWS + 1);
  } catch {
    throw invalid(messages.unreadable);
  }
}

/** Sorts each row into good (new or an update of this department's student) or bad, with reasons. */
async function plan(file: string, departmentId: number, t?: Transaction): Promise<ImportPlan> {
  let check;
  try {
    check = checkStudentRows(await readRows(file), MAX_IMPORT_ROWS);
  } catch (error) {
    if (error instanceof RangeError) throw invalid(error.message);
    throw error;
  }
  const result: ImportPlan = { good: [], bad: [...check.bad] };
  for (const row of check.good) {
    const mine = await Student.findOne({ where: { studentNo: row.record.studentNo, departmentId }, transaction: t });
    try {
      await assertUnclaimed(row.record, mine?.id ?? null, departmentId, t);
      result.good.push({ ...row, existingId: mine?.id ?? null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      result.bad.push({
        rowNumber: row.rowNumber,
        studentNo: row.record.studentNo,
        name: row.record.name,
        reasons: [error.message],
      });
    }
  }
  result.bad.sort((a, b) => a.rowNumber - b.rowNumber);
  return result;
}

export async function previewStudentImport(actor: Actor, file: string): Promise<ImportPlan> {
  return plan(file, teacherDepartment(actor, messages.noDepartment));
}

export async function importStudents(
  ctx: ServiceContext,
  actor: Actor,
  file: string,
  onlyCleanRows: boolean,
): Promise<ImportResult> {
  const departmentId = teacherDepartment(actor, messages.noDepartment);
  return transaction(ctx, async (t) => {
    const { good, bad } = await plan(file, departmentId, t);
    if (bad.length && !onlyCleanRows) throw invalid(messages.hasBadRows(bad.length));
    if (!good.length) throw invalid(messages.nothingToImport);
    let created = 0;
    for (const row of good) {
      if (row.existingId === null) {
        await insertStudent(row.record, departmentId, t);
        created++;
      } else {
        await saveStudentRecord((await Student.findByPk(row.existingId, { transaction: t }))!, row.record, t);
      }
    }
    const result = { created, updated: good.length - created, skipped: bad.length };
    await recordAudit(t, actor, {
      action: 'student.imported',
      entityType: 'student',
      after: { ...result, studentNos: good.map((r) => r.record.studentNo), skippedRows: bad.map((b) => b.rowNumber) },
    });
    return result;
  });
}
