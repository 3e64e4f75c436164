// Reading material packages: a department's grade candidates beside their current package, the
// reports of recent uploads, the office's per-department overview, and one package's files for
// an authorised viewer (never a static path).
import path from 'node:path';
import { forbidden, notFound } from '../../domain/errors.js';
import { reportCounts, type Registered } from '../../domain/package-rules.js';
import { maskIdNumber } from '../../domain/id-number.js';
import { itemLabel } from '../../domain/items.js';
import { CatalogItem, Package, PackageUpload, Registration, Student } from '../../models/index.js';
import type { Actor, ServiceContext } from '../context.js';
import type { ReportJson, ReportSummary } from './package-check.js';
import { activeDepartments } from '../accounts/departments.js';
import { PACKAGE_STATUS_NAMES } from '../../domain/labels.js';

type WithStudent = Registration & { student: Student; item: CatalogItem };

/** Every active grade registration of the department with its current package (or none). */
export async function departmentMaterials(batchId: number, departmentId: number) {
  const registrations = (await Registration.findAll({
    where: { batchId, departmentId, kind: 'grade', status: 'active' },
    include: [
      { model: Student, as: 'student' },
      { model: CatalogItem, as: 'item' },
    ],
    order: [['id', 'ASC']],
  })) as WithStudent[];
  const current = await Package.findAll({ where: { batchId, departmentId, currentMarker: 1 } });
  const byStudent = new Map(current.map((p) => [p.studentId, p]));
  const rows = registrations.map((r) => {
    const pkg = byStudent.get(r.studentId) ?? null;
    return {
      studentId: r.studentId,
      name: r.student.name,
      studentNo: r.student.studentNo,
      idMasked: maskIdNumber(r.student.idNumber),
      label: itemLabel(r.item.name, r.level),
      status: pkg?.status ?? 'missing',
      package: pkg
        ? { id: pkg.id, version: pkg.version, returnReason: pkg.returnReason, updatedAt: pkg.updatedAt }
        : null,
    };
  });
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return { rows, counts };
}

export async function recentUploads(batchId: number, departmentId: number, limit = 5) {
  const uploads = await PackageUpload.findAll({ where: { batchId, departmentId }, order: [['id', 'DESC']], limit });
  return uploads.map((u) => ({
    id: u.id,
    fileName: u.fileName,
    source: u.source,
    storedCount: u.storedCount,
    createdAt: u.createdAt,
  }));
}

async function visibleUpload(actor: Actor, uploadId: number): Promise<PackageUpload> {
  const upload = await PackageUpload.findByPk(uploadId);
  if (!upload) throw notFound('找不到这次上传的检查结果');
  if (actor.role !== 'office' && upload.departmentId !== actor.departmentId)
    throw forbidden('这次上传不属于你的二级学院');
  return upload;
}

/** One upload's report, for the department that made it or the office: exact counts, the first problems. */
export async function uploadReport(actor: Actor, uploadId: number) {
  const upload = await visibleUpload(actor, uploadId);
  const report = JSON.parse(upload.report) as Partial<ReportSummary> & ReportJson;
  // Rows written before reports went to files hold the whole report, every problem listed.
  const problems = report.problems ?? report.students.reduce((n, s) => n + s.errors.length, 0) + report.other.length;
  return {
    id: upload.id,
    fileName: upload.fileName,
    createdAt: upload.createdAt,
    storedCount: upload.storedCount,
    ...report,
    counts: report.counts ?? reportCounts(report.students),
    problems,
    listed: report.listed ?? problems,
  };
}

/** Every problem of one upload, in report order, as rows for the download: folder, code, message, path. */
export async function uploadProblems(ctx: ServiceContext, actor: Actor, uploadId: number) {
  const upload = await visibleUpload(actor, uploadId);
  const summary = JSON.parse(upload.report) as Partial<ReportSummary> & ReportJson;
  const report = summary.file
    ? (JSON.parse((await ctx.storage.read(summary.file)).toString('utf8')) as ReportJson)
    : summary;
  const rows = report.students.flatMap((s) => s.errors.map((e) => ({ folder: s.id, ...e })));
  return { fileName: upload.fileName, rows: [...rows, ...report.other.map((e) => ({ folder: '', ...e }))] };
}

export async function officeOverview(batchId: number) {
  const departments = await activeDepartments();
  return Promise.all(
    departments.map(async (d) => {
      const { counts, rows } = await departmentMaterials(batchId, d.id);
      return { id: d.id, name: d.name, registered: rows.length, counts };
    }),
  );
}

export type Which = 'id-card' | 'education';
const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.pdf': 'application/pdf' };

/** A package file for the office, the candidate's department, or the candidate. */
export async function packageFile(ctx: ServiceContext, actor: Actor, packageId: number, which: Which) {
  const pkg = await Package.findByPk(packageId, { include: [{ model: Student, as: 'student' }] });
  if (!pkg) throw notFound('找不到这份材料');
  const student = (pkg as Package & { student: Student }).student;
  const allowed =
    actor.role === 'office' ||
    (actor.role === 'teacher' && actor.departmentId === pkg.departmentId) ||
    (actor.role === 'student' && student.userId === actor.userId);
  if (!allowed) throw forbidden('你没有权限查看这份材料');
  const relative = which === 'id-card' ? pkg.idCardPath : pkg.educationPath;
  return {
    file: ctx.storage.resolve(relative),
    type: TYPES[path.extname(relative)] ?? 'application/octet-stream',
    name: path.basename(relative),
  };
}

/** The student's own current package in the batch, if any. */
export async function ownCurrentPackage(batchId: number, studentId: number) {
  const pkg = await Package.findOne({ where: { batchId, studentId, currentMarker: 1 } });
  return pkg
    ? {
        id: pkg.id,
        version: pkg.version,
        status: pkg.status,
        statusName: PACKAGE_STATUS_NAMES[pkg.status],
        returnReason: pkg.returnReason,
        updatedAt: pkg.updatedAt,
      }
    : null;
}

/**
 * The department's active grade registrations in the batch: who should hand in a folder, and
 * whether a current package (from any earlier upload or the student's own) is already on file.
 */
export async function registeredGradeCandidates(batchId: number, departmentId: number): Promise<Registered[]> {
  const rows = await Registration.findAll({
    where: { batchId, departmentId, kind: 'grade', status: 'active' },
    include: [{ model: Student, as: 'student', attributes: ['idNumber', 'name'] }],
    order: [['id', 'ASC']],
  });
  const onFile = new Set(
    (await Package.findAll({ where: { batchId, currentMarker: 1 }, attributes: ['studentId'] })).map(
      (p) => p.studentId,
    ),
  );
  return rows.map((r) => {
    const student = (r as Registration & { student: Student }).student;
    return { idNumber: student.idNumber, name: student.name, hasPackage: onFile.has(r.studentId) };
  });
}
