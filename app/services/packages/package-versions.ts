// Storing the candidates of a checked upload that passed and are registered: each as a new
// version (the previous one stays as history). Their files are renamed into place from the temp
// area, and files moved for a transaction that then fails are removed again. The full report is a
// file too (it can be 20 MB); the upload's row keeps its counts and first problems.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transaction } from 'sequelize';
import { EDUCATION_FOLDER, ID_CARD_FOLDER, type CandidateReport } from '../../domain/package-layout.js';
import { reportCounts } from '../../domain/package-rules.js';
import { Package, PackageUpload, type Batch, type Student } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { packageCheckFinished } from '../notifications/notifications.js';
import { summarise, toJson, type CheckResult } from './package-check.js';

export type Source = 'zip' | 'folder' | 'student';

/** The extension a stored file of each kind gets. */
export const EXT: Record<string, string> = { pdf: 'pdf', jpeg: 'jpg', png: 'png' };

/** Where a stored version's two files live, relative to the storage root: the exact folder layout. */
function versionPaths(batchId: number, studentId: number, version: number, id: string, educationKind: string) {
  const base = path.posix.join('packages', String(batchId), String(studentId), `v${version}`, id);
  return {
    idCard: path.posix.join(base, ID_CARD_FOLDER, `${id}.jpg`),
    education: path.posix.join(base, EDUCATION_FOLDER, `${id}.${EXT[educationKind]}`),
  };
}

export type Stageable = { candidate: CandidateReport; student: Student; idCardFrom: string; educationFrom: string };

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

/** One candidate's files moved into their version folder, and the version recorded as current. */
async function saveVersion(
  ctx: ServiceContext,
  t: Transaction,
  actor: Actor,
  batch: Batch,
  record: PackageUpload,
  item: Stageable,
  moved: string[],
) {
  const paths = await placeVersion(ctx, t, batch, item, moved);
  await Package.create(
    {
      batchId: batch.id,
      departmentId: record.departmentId,
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

/** Renames the staged files into their version folders, then records the versions in one transaction. */
export async function storeVersions(
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
      for (const item of items) await saveVersion(ctx, t, actor, batch, record, item, moved);
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
