// The package check engine shared by `skillcert check-package` and the web upload: read a ZIP or a
// folder, check every candidate folder, and (when a batch and department are given) compare with
// the department's grade registrations. It loads no database code, so the command starts fast.
import { compareWithRegistrations, checkPackage, reportCounts, type PackageReport, type Registered } from '../domain/package-rules.js';
import { readFolder } from '../lib/folder-reader.js';
import { ArchiveRejected, DEFAULT_LIMITS, readZip, type ArchiveCode, type Sink, type ZipLimits } from '../lib/zip-reader.js';

export type Fatal = { code: ArchiveCode; message: string };
export type CheckResult = { fatal: Fatal | null; report: PackageReport };

export type CheckInput = { zip?: string; folder?: string; files?: Parameters<typeof checkPackage>[0] };

/** Never throws for a bad archive: a refused archive comes back as `fatal`. */
export async function checkPackageSource(input: CheckInput, registered: Registered[] | null, sink: Sink | null = null, limits: ZipLimits = DEFAULT_LIMITS): Promise<CheckResult> {
  let files;
  try {
    files = input.zip ? await readZip(input.zip, sink, limits) : input.folder ? await readFolder(input.folder) : input.files ?? [];
  } catch (error) {
    if (error instanceof ArchiveRejected) return { fatal: { code: error.code, message: error.message }, report: { candidates: [], other: [] } };
    throw error;
  }
  const report = checkPackage(files);
  return { fatal: null, report: registered ? compareWithRegistrations(report, registered) : report };
}

/** The command line's JSON shape (issue 4). */
export function toJson(result: CheckResult) {
  const students = result.report.candidates.map((c) => ({ id: c.id, ok: c.ok, errors: c.errors.map(({ code, path, message }) => ({ code, path, message })) }));
  return {
    ok: result.fatal === null && students.every((s) => s.ok) && result.report.other.length === 0,
    fatal: result.fatal,
    counts: reportCounts(students),
    students,
    other: result.report.other,
  };
}

