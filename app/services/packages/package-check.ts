// The package check engine shared by `skillcert check-package` and the web upload: read a ZIP or a
// folder, check every candidate folder, and (when a batch and department are given) compare with
// the department's grade registrations. It loads no database code, so the command starts fast.
import type { PackageReport } from '../../domain/package-layout.js';
import { compareWithRegistrations, checkPackage, reportCounts, type Registered } from '../../domain/package-rules.js';
import { readFolder } from '../../lib/folder-reader.js';
import {
  ArchiveRejected,
  DEFAULT_LIMITS,
  readZip,
  type ArchiveCode,
  type Sink,
  type ZipLimits,
} from '../../lib/zip-reader.js';

export type Fatal = { code: ArchiveCode; message: string };
export type CheckResult = { fatal: Fatal | null; report: PackageReport };

export type CheckInput = { zip?: string; folder?: string; files?: Parameters<typeof checkPackage>[0] };

/** Never throws for a bad archive: a refused archive comes back as `fatal`. */
export async function checkPackageSource(
  input: CheckInput,
  registered: Registered[] | null,
  sink: Sink | null = null,
  limits: ZipLimits = DEFAULT_LIMITS,
): Promise<CheckResult> {
  let files;
  try {
    files = input.zip
      ? await readZip(input.zip, sink, limits)
      : input.folder
        ? await readFolder(input.folder)
        : (input.files ?? []);
  } catch (error) {
    if (error instanceof ArchiveRejected)
      return { fatal: { code: error.code, message: error.message }, report: { candidates: [], other: [] } };
    throw error;
  }
  const report = checkPackage(files);
  return { fatal: null, report: registered ? compareWithRegistrations(report, registered) : report };
}

/** The command line's JSON shape (issue 4). */
export function toJson(result: CheckResult): ReportJson {
  const students = result.report.candidates.map((c) => ({
    id: c.id,
    ok: c.ok,
    errors: c.errors.map(({ code, path, message }) => ({ code, path, message })),
  }));
  return {
    ok: result.fatal === null && students.every((s) => s.ok) && result.report.other.length === 0,
    fatal: result.fatal,
    counts: reportCounts(students),
    students,
    other: result.report.other,
  };
}

type Problem = { code: string; path: string; message: string };
export type ReportJson = {
  ok: boolean;
  fatal: Fatal | null;
  counts: ReturnType<typeof reportCounts>;
  students: Array<{ id: string; ok: boolean; errors: Problem[] }>;
  other: Problem[];
};
/** What the database keeps: `problems` and the counts are exact; only the first `listed` problems are there. */
export type ReportSummary = ReportJson & { problems: number; listed: number; file: string | null };

export const LISTED_PROBLEMS = 500;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const clipped = (p: Problem): Problem => ({ code: p.code, path: clip(p.path, 1024), message: clip(p.message, 600) });

/**
 * A report of any size in a bounded row: a ZIP of 100,000 stray files makes a 20 MB report, over
 * MySQL's max_allowed_packet (4 MiB on older servers). The full report stays in `file`.
 */
export function summarise(json: ReportJson, file: string | null, limit = LISTED_PROBLEMS): ReportSummary {
  let room = limit;
  const students: ReportJson['students'] = [];
  for (const student of json.students) {
    if (student.ok || room === 0) continue;
    const errors = student.errors.slice(0, room).map(clipped);
    room -= errors.length;
    students.push({ id: clip(student.id, 300), ok: false, errors });
  }
  const other = json.other.slice(0, room).map(clipped);
  room -= other.length;
  const problems = json.students.reduce((n, s) => n + s.errors.length, 0) + json.other.length;
  return { ok: json.ok, fatal: json.fatal, counts: json.counts, students, other, problems, listed: limit - room, file };
}
