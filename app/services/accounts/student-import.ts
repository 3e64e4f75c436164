// Importing a department's students from .xlsx. Nothing is written until the teacher confirms;
// then either every row goes in or none does, unless the teacher explicitly asks for the clean
// rows only. The check runs again inside the transaction, so what is written is what was checked.
import type { Transaction } from 'sequelize';
import { checkStudentRows, type BadRow, type GoodRow } from '../../domain/student-import.js';
import { assertWritable, byRow, parsedRows, readImportSheet, sortRows } from '../xlsx-import.js';
import { Student } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { assertUnclaimed, insertStudent, saveStudentRecord } from './students.js';
import { teacherDepartment } from '../guards.js';

export const MAX_IMPORT_ROWS = 5000;

export const messages = {
  unreadable: '文件打不开：请上传用 Excel 或 WPS 保存的 .xlsx 文件（不支持 .xls 和 .csv）',
  nothingToImport: '没有可以导入的行',
  noDepartment: '你的账号没有所属二级学院，请联系继续教育学院',
};

export type ImportPlan = { good: Array<GoodRow & { existingId: number | null }>; bad: BadRow[] };
export type ImportResult = { created: number; updated: number; skipped: number };

/** Sorts each row into good (new or an update of this department's student) or bad, with reasons. */
async function plan(file: string, departmentId: number, t?: Transaction): Promise<ImportPlan> {
  const sheet = await readImportSheet(file, MAX_IMPORT_ROWS, messages.unreadable);
  const check = parsedRows(() => checkStudentRows(sheet, MAX_IMPORT_ROWS));
  const sorted = await sortRows(
    check.good,
    async (row) => {
      const mine = await Student.findOne({ where: { studentNo: row.record.studentNo, departmentId }, transaction: t });
      await assertUnclaimed(row.record, mine?.id ?? null, departmentId, t);
      return { ...row, existingId: mine?.id ?? null };
    },
    (row, reason): BadRow[] => [
      { rowNumber: row.rowNumber, studentNo: row.record.studentNo, name: row.record.name, reasons: [reason] },
    ],
  );
  return { good: sorted.good, bad: byRow([...check.bad, ...sorted.bad]) };
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
    assertWritable(good.length, bad.length, onlyCleanRows, messages.nothingToImport);
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
