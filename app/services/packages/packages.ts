// Taking in material packages (seed 004 §二.4): a department's ZIP or folder, or one student's two
// files. Everything is checked first; only candidates that pass and are registered are stored,
// each as a new version (package-versions.ts). Files go to a temp area while the archive is read
// and are renamed into place only for stored candidates; the temp area is removed whatever happens.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  EDUCATION_FOLDER,
  ID_CARD_FOLDER,
  mayBeKept,
  type CandidateReport,
  type PackageFile,
} from '../../domain/package-layout.js';
import { checkPackage, compareWithRegistrations, type Registered } from '../../domain/package-rules.js';
import { forbidden, invalid } from '../../domain/errors.js';
import { formatShanghai } from '../../domain/time.js';
import { Batch, Registration, Student } from '../../models/index.js';
import type { Actor, ServiceContext } from '../context.js';
import { describeFile } from '../../lib/file-head.js';
import { DEFAULT_LIMITS } from '../../lib/zip-reader.js';
import { checkPackageSource, type CheckResult } from './package-check.js';
import { registeredGradeCandidates } from './package-queries.js';
import { EXT, storeVersions, type Stageable } from './package-versions.js';
import { assertBeforeDeadline, teacherDepartment } from '../guards.js';

export const messages = {
  deadline: (at: Date) => `材料提交已于 ${formatShanghai(at)} 截止；如确需补交，请联系继续教育学院延长本院截止时间`,
  teacherOnly: '只有二级学院的指定老师可以上传本院材料',
  noBatch: '找不到这个批次',
  notGrade: '你在本批次没有报等级认定项目，不需要提交材料（专项职业能力只需报名）',
  studentFiles: '请同时选择身份证复印件（JPG）和学籍在线验证报告（PDF）两个文件',
};

export type FolderFile = { path: string; tempFile: string };

export async function assertMaterialsOpen(ctx: ServiceContext, actor: Actor, batch: Batch, departmentId: number) {
  await assertBeforeDeadline(ctx, batch, departmentId, 'materialsDueAt', messages.deadline, { exempt: actor });
}

async function loadBatch(batchId: number): Promise<Batch> {
  const batch = await Batch.findByPk(batchId);
  if (!batch) throw invalid(messages.noBatch);
  return batch;
}

/** Candidates that passed and belong to a registered student of the department (one query per 1,000). */
async function stageable(
  result: CheckResult,
  departmentId: number,
  locate: (file: PackageFile) => string,
): Promise<Stageable[]> {
  const passed = result.report.candidates.filter((c) => c.ok && c.idCard && c.education);
  const students = new Map<string, Student>();
  for (let i = 0; i < passed.length; i += 1000) {
    const ids = passed.slice(i, i + 1000).map((c) => c.id);
    for (const s of await Student.findAll({ where: { idNumber: ids, departmentId } })) students.set(s.idNumber, s);
  }
  return passed
    .filter((c) => students.has(c.id))
    .map((candidate) => ({
      candidate,
      student: students.get(candidate.id)!,
      idCardFrom: locate(candidate.idCard!),
      educationFrom: locate(candidate.education!),
    }));
}

/** Writes one archive file into the staging folder, if a passing candidate could keep it. */
async function stage(ctx: ServiceContext, staging: string, relative: string, data: Buffer) {
  if (!mayBeKept(relative)) return;
  const target = path.join(staging, relative);
  if (!target.startsWith(staging + path.sep)) throw new Error(`entry escapes staging: ${relative}`); // the reader already refused it
  await ctx.storage.write(path.relative(ctx.storage.root, target), data);
}

export type Ingested = { uploadId: number; result: CheckResult };

type DepartmentUpload = { fileName: string; zip?: string; folder?: FolderFile[] };

/**
 * The upload checked against the registrations; `locate` says where a file of it is on disk: a
 * ZIP's files that a passing candidate could keep are written to `staging` while it is read.
 */
async function checkUpload(
  ctx: ServiceContext,
  input: DepartmentUpload,
  registered: Registered[],
  staging: string,
): Promise<{ result: CheckResult; locate: (file: PackageFile) => string }> {
  if (input.zip) {
    const limits = { ...DEFAULT_LIMITS, maxTotalBytes: ctx.config.archiveMaxTotalBytes };
    const result = await checkPackageSource(
      { zip: input.zip },
      registered,
      (file, data) => stage(ctx, staging, file.path, data),
      limits,
    );
    return { result, locate: (file) => path.join(staging, file.path) };
  }
  const byPath = new Map(input.folder!.map((f) => [f.path, f.tempFile]));
  const result = await checkPackageSource({ files: await describeFolderFiles(input.folder!) }, registered);
  return { result, locate: (file) => byPath.get(file.path)! };
}

/** A teacher's upload of the department's folders, as a ZIP on disk or as a browser folder upload. */
export async function ingestDepartmentUpload(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  input: DepartmentUpload,
): Promise<Ingested> {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const batch = await loadBatch(batchId);
  await assertMaterialsOpen(ctx, actor, batch, departmentId);
  const registered = await registeredGradeCandidates(batch.id, departmentId);
  const staging = ctx.storage.resolve(path.join('tmp', 'uploads', randomBytes(8).toString('hex')));
  try {
    const { result, locate } = await checkUpload(ctx, input, registered, staging);
    const items = result.fatal ? [] : await stageable(result, departmentId, locate);
    const record = await storeVersions(
      ctx,
      actor,
      batch,
      departmentId,
      { source: input.zip ? 'zip' : 'folder', fileName: input.fileName },
      result,
      items,
    );
    return { uploadId: record.id, result };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

async function describeFolderFiles(files: FolderFile[]): Promise<PackageFile[]> {
  return Promise.all(files.map(async (f) => ({ path: f.path, ...(await describeFile(f.tempFile)) })));
}

/** The two files checked under the names the server gives them, as if they were the student's folder. */
async function checkStudentFiles(student: Student, idCard: string, education: string): Promise<CheckResult> {
  const id = student.idNumber;
  const [card, report] = await describeFolderFiles([
    { path: '', tempFile: idCard },
    { path: '', tempFile: education },
  ]);
  const files: PackageFile[] = [
    { ...card, path: `${id}/${ID_CARD_FOLDER}/${id}.jpg` },
    { ...report, path: `${id}/${EDUCATION_FOLDER}/${id}.${EXT[report.kind] ?? 'pdf'}` },
  ];
  return {
    fatal: null,
    report: compareWithRegistrations(checkPackage(files), [{ idNumber: id, name: student.name }]),
  };
}

/**
 * A student's own two files: the server names them (<ID>/证件复印件/<ID>.jpg, <ID>/学历证书/<ID>.pdf),
 * so the student never has to. The same rules then decide, e.g. a photo still over 200KB.
 */
export async function ingestStudentFiles(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  idCard: string | null,
  education: string | null,
): Promise<CandidateReport> {
  if (!idCard || !education) throw invalid(messages.studentFiles);
  const student = await Student.findOne({ where: { userId: actor.userId ?? -1 } });
  if (!student) throw forbidden(messages.notGrade);
  const batch = await loadBatch(batchId);
  const grade = await Registration.findOne({
    where: { batchId: batch.id, studentId: student.id, kind: 'grade', status: 'active' },
  });
  if (!grade) throw invalid(messages.notGrade);
  await assertMaterialsOpen(ctx, actor, batch, student.departmentId);
  const result = await checkStudentFiles(student, idCard, education);
  const candidate = result.report.candidates[0];
  if (!candidate.ok)
    throw invalid(
      candidate.errors[0].message,
      candidate.errors.map((e) => e.message),
    );
  const item: Stageable = { candidate, student, idCardFrom: idCard, educationFrom: education };
  await storeVersions(ctx, actor, batch, student.departmentId, { source: 'student', fileName: '本人上传' }, result, [
    item,
  ]);
  return candidate;
}
