// Taking in material packages (seed 004 §二.4): a department's ZIP or folder, or one student's two
// files. Everything is checked first; only candidates that pass and are registered are stored,
// each as a new version (the previous one stays as history). Files go to a temp area while the
// archive is read and are renamed into place only for stored candidates; the temp area is removed
// whatever happens, and files moved for a transaction that then fails are removed again. The full
// report is a file too (it can be 20 MB); the upload's row keeps its counts and first problems.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transaction } from 'sequelize';
import {
  EDUCATION_FOLDER,
  ID_CARD_FOLDER,
  mayBeKept,
  type CandidateReport,
  type PackageFile,
} from '../domain/package-layout.js';
import { checkPackage, compareWithRegistrations, reportCounts } from '../domain/package-rules.js';
import { forbidden, invalid } from '../domain/errors.js';
import { formatShanghai } from '../domain/time.js';
import { Batch, Package, PackageUpload, Registration, Student } from '../models/index.js';
import { recordAudit } from './audit.js';
import { transaction, type Actor, type ServiceContext } from './context.js';
import { effectiveDeadlineFor } from './extensions.js';
import { packageCheckFinished } from './notifications.js';
import { describeFile } from '../lib/file-head.js';
import { DEFAULT_LIMITS } from '../lib/zip-reader.js';
import { checkPackageSource, summarise, toJson, type CheckResult } from './package-check.js';
import { registeredGradeCandidates } from './package-queries.js';

export const messages = {
  deadline: (at: Date) => `材料提交已于 ${formatShanghai(at)} 截止；如确需补交，请联系继续教育学院延长本院截止时间`,
  teacherOnly: '只有二级学院的指定老师可以上传本院材料',
  noBatch: '找不到这个批次',
  notGrade: '你在本批次没有报等级认定项目，不需要提交材料（专项职业能力只需报名）',
  studentFiles: '请同时选择身份证复印件（JPG）和学籍在线验证报告（PDF）两个文件',
};

type Source = 'zip' | 'folder' | 'student';
export type FolderFile = { path: string; tempFile: string };

export async function assertMaterialsOpen(ctx: ServiceContext, actor: Actor, batch: Batch, departmentId: number) {
  if (actor.role === 'office') return;
  const due = await effectiveDeadlineFor(batch, departmentId, 'materialsDueAt');
  if (ctx.now().getTime() > due.getTime()) throw invalid(messages.deadline(due));
}

async function loadBatch(batchId: number): Promise<Batch> {
  const batch = await Batch.findByPk(batchId);
  if (!batch) throw invalid(messages.noBatch);
  return batch;
}

const EXT: Record<string, string> = { pdf: 'pdf', jpeg: 'jpg', png: 'png' };

/** Where a stored version's two files live, relative to the storage root: the exact folder layout. */
function versionPaths(batchId: number, studentId: number, version: number, id: string, educationKind: string) {
  const base = path.posix.join('packages', String(batchId), String(studentId), `v${version}`, id);
  return {
    idCard: path.posix.join(base, ID_CARD_FOLDER, `${id}.jpg`),
    education: path.posix.join(base, EDUCATION_FOLDER, `${id}.${EXT[educationKind]}`),
  };
}

type Stageable = { candidate: CandidateReport; student: Student; idCardFrom: string; educationFrom: string };

/** The full report as a file (it can be 20 MB); the row keeps exact counts and the first problems. */
async function keepReport(
  ctx: ServiceContext,
  batchId: number,
  result: CheckResult,
): Promise<{ file: string; report: string }> {
  const json = toJson(result);
  const file = path.posix.join('reports', 'packages', String(batchId), `${randomBytes(8).toString('hex')}.json`);
  await ctx.storage.write(file, Buffer.from(JSON.stringify(json)));
  return { file, report: JSON.stringify(summarise(json, file)) };
}

/** Renames the staged files into their version folders, then records the versions in one transaction. */
async function storeVersions(
  ctx: ServiceContext,
  actor: Actor,
  batch: Batch,
  departmentId: number,
  upload: { source: Source; fileName: string },
  result: CheckResult,
  items: Stageable[],
) {
  const moved: string[] = [];
  const { file, report } = await keepReport(ctx, batch.id, result);
  try {
    return await transaction(ctx, async (t) => {
      const record = await PackageUpload.create(
        { batchId: batch.id, departmentId, uploadedBy: actor.userId, ...upload, report, storedCount: items.length },
        { transaction: t },
      );
      for (const item of items) {
        const paths = await placeVersion(ctx, t, batch, item, moved);
        await Package.create(
          {
            batchId: batch.id,
            departmentId,
            studentId: item.student.id,
            uploadId: record.id,
            version: paths.version,
            currentMarker: 1,
            status: 'uploaded',
            idCardPath: paths.idCard,
            idCardBytes: item.candidate.idCard!.size,
            idCardSha256: paths.idCardSha256,
            educationPath: paths.education,
            educationBytes: item.candidate.education!.size,
            educationSha256: paths.educationSha256,
            uploadedBy: actor.userId,
          },
          { transaction: t },
        );
      }
      await recordAudit(t, actor, {
        action: 'package.uploaded',
        entityType: 'package_upload',
        entityId: record.id,
        departmentId,
        after: { source: upload.source, fileName: upload.fileName, stored: items.map((i) => i.candidate.id) },
      });
      // A student sees their own check on the page; a department's upload is also mailed.
      if (upload.source !== 'student')
        await packageCheckFinished(ctx, t, record, reportCounts(result.report.candidates));
      return record;
    });
  } catch (error) {
    await Promise.all([...moved, ctx.storage.resolve(file)].map((f) => fs.rm(f, { force: true })));
    throw error;
  }
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

/** The next version of one candidate: the old current one becomes history; its files move into place. */
async function placeVersion(ctx: ServiceContext, t: Transaction, batch: Batch, item: Stageable, moved: string[]) {
  const previous = await Package.findAll({
    where: { batchId: batch.id, studentId: item.student.id },
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
  const version = previous.reduce((max, p) => Math.max(max, p.version), 0) + 1;
  await Package.update(
    { currentMarker: null },
    { where: { batchId: batch.id, studentId: item.student.id }, transaction: t },
  );
  const paths = versionPaths(batch.id, item.student.id, version, item.candidate.id, item.candidate.education!.kind);
  const idCardSha256 = await sha256Of(item.idCardFrom);
  const educationSha256 = await sha256Of(item.educationFrom);
  moved.push(await ctx.storage.adopt(item.idCardFrom, paths.idCard));
  moved.push(await ctx.storage.adopt(item.educationFrom, paths.education));
  return { ...paths, version, idCardSha256, educationSha256 };
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

/** A teacher's upload of the department's folders, as a ZIP on disk or as a browser folder upload. */
export async function ingestDepartmentUpload(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  input: { fileName: string; zip?: string; folder?: FolderFile[] },
): Promise<Ingested> {
  if (actor.role !== 'teacher' || actor.departmentId === null) throw forbidden(messages.teacherOnly);
  const departmentId = actor.departmentId;
  const batch = await loadBatch(batchId);
  await assertMaterialsOpen(ctx, actor, batch, departmentId);
  const registered = await registeredGradeCandidates(batch.id, departmentId);
  const staging = ctx.storage.resolve(path.join('tmp', 'uploads', randomBytes(8).toString('hex')));
  try {
    let result: CheckResult;
    let locate: (file: PackageFile) => string;
    if (input.zip) {
      const limits = { ...DEFAULT_LIMITS, maxTotalBytes: ctx.config.archiveMaxTotalBytes };
      result = await checkPackageSource(
        { zip: input.zip },
        registered,
        (file, data) => stage(ctx, staging, file.path, data),
        limits,
      );
      locate = (file) => path.join(staging, file.path);
    } else {
      const byPath = new Map(input.folder!.map((f) => [f.path, f.tempFile]));
      result = await checkPackageSource({ files: await describeFolderFiles(input.folder!) }, registered);
      locate = (file) => byPath.get(file.path)!;
    }
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
  const id = student.idNumber;
  const [card, report] = await describeFolderFiles([
    { path: '', tempFile: idCard },
    { path: '', tempFile: education },
  ]);
  const files: PackageFile[] = [
    { ...card, path: `${id}/${ID_CARD_FOLDER}/${id}.jpg` },
    { ...report, path: `${id}/${EDUCATION_FOLDER}/${id}.${EXT[report.kind] ?? 'pdf'}` },
  ];
  const result: CheckResult = {
    fatal: null,
    report: compareWithRegistrations(checkPackage(files), [{ idNumber: id, name: student.name }]),
  };
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
