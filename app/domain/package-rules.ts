// Checks a package, a list of files from a ZIP, a folder upload or a disk folder, against the
// layout of package-layout.ts (seed 004 §二.4): each candidate folder on its own, then the package
// as a whole and against the department's registrations. Pure.
import { checkIdNumber } from './id-number.js';
import {
  EDUCATION_FOLDER,
  EDUCATION_TYPES,
  ID_CARD_FOLDER,
  ID_CARD_LIMIT,
  isJunk,
  looksLikeId,
  messages,
  nearMiss,
  type CandidateReport,
  type Issue,
  type PackageFile,
  type PackageReport,
} from './package-layout.js';

/** A file of a candidate folder, with its path inside that folder. */
type InFolder = PackageFile & { rel: string[] };

/** Splits the files into candidate folders: ID folders at the top, or under wrapper folders. */
function groupByCandidate(files: PackageFile[]) {
  const groups = new Map<string, { folder: string; files: InFolder[] }>();
  const other: Issue[] = [];
  // A wrapper such as 电子工程学院/ is skipped when the level below it holds the ID folders.
  const startOf = (segments: string[]) =>
    !looksLikeId(segments[0]) && segments.length > 2 && (looksLikeId(segments[1]) || !nearMiss(segments[1])) ? 1 : 0;
  const wrappers = new Set(
    files
      .map((f) => f.path.split('/'))
      .filter((s) => startOf(s) === 1)
      .map((s) => s[0]),
  );
  for (const file of files) {
    const segments = file.path.split('/');
    const start = startOf(segments);
    if (segments.length - start < 2 || (start === 0 && segments.length === 2 && wrappers.has(segments[0]))) {
      other.push(
        file.problem ?? {
          code: 'EXTRA_FILE',
          path: file.path,
          message: messages.extraFile(file.path, messages.extraTopLevel),
        },
      );
      continue;
    }
    const folder = segments.slice(0, start + 1).join('/');
    const group = groups.get(folder) ?? { folder, files: [] };
    group.files.push({ ...file, rel: segments.slice(start + 1) });
    groups.set(folder, group);
  }
  return { groups: [...groups.values()], other };
}

type Grouped = ReturnType<typeof groupByCandidate>['groups'][number];

/** The one expected file of a subfolder: right name, else the single file there as a misnamed one. */
function pickFile(files: InFolder[], isExpected: (name: string) => boolean, errors: Issue[], expectedName: string) {
  const exact = files.find((f) => isExpected(f.rel[1]));
  const chosen = exact ?? (files.length === 1 ? files[0] : null);
  if (chosen && !exact)
    errors.push({
      code: 'FILE_NAME_WRONG',
      path: chosen.path,
      message: messages.fileNameWrong(chosen.rel[1], expectedName),
    });
  for (const extra of files.filter((f) => f !== chosen)) {
    errors.push({
      code: 'EXTRA_FILE',
      path: extra.path,
      message: messages.extraFile(extra.path, messages.extraInFolder),
    });
  }
  return chosen;
}

function checkIdCard(files: InFolder[], id: string, folderPath: string, errors: Issue[]): PackageFile | null {
  const expected = `${id}.jpg`;
  if (!files.length) {
    errors.push({ code: 'FILE_MISSING', path: folderPath, message: messages.fileMissing(ID_CARD_FOLDER, expected) });
    return null;
  }
  const file = pickFile(files, (name) => name === expected, errors, expected);
  if (!file) return null;
  if (file.kind !== 'jpeg')
    errors.push({ code: 'FILE_NOT_JPG', path: file.path, message: messages.notJpg(file.rel[1]) });
  else if (file.size >= ID_CARD_LIMIT)
    errors.push({ code: 'FILE_TOO_LARGE', path: file.path, message: messages.tooLarge(file.rel[1], file.size) });
  return file;
}

function checkEducation(files: InFolder[], id: string, folderPath: string, errors: Issue[]): PackageFile | null {
  if (!files.length) {
    errors.push({
      code: 'FILE_MISSING',
      path: folderPath,
      message: messages.fileMissing(EDUCATION_FOLDER, `${id}.pdf（学籍在线验证报告）`),
    });
    return null;
  }
  const file = pickFile(
    files,
    (name) => name.startsWith(`${id}.`) && name.slice(id.length + 1) in EDUCATION_TYPES,
    errors,
    `${id}.pdf`,
  );
  if (!file) return null;
  const ext = Object.keys(EDUCATION_TYPES).find((e) => EDUCATION_TYPES[e] === file.kind);
  if (!ext) {
    errors.push({ code: 'FILE_TYPE_UNSUPPORTED', path: file.path, message: messages.typeUnsupported(file.rel[1]) });
  } else if (file.rel[1] !== `${id}.${ext}` && !errors.some((e) => e.path === file.path)) {
    errors.push({
      code: 'FILE_NAME_WRONG',
      path: file.path,
      message: messages.extWrong(file.rel[1], ext.toUpperCase(), `${id}.${ext}`),
    });
  }
  return file;
}

/** The candidate's files by subfolder; a file skipped unread, or not in a subfolder, is an error. */
function bySubfolder(group: Grouped, errors: Issue[]): Map<string, InFolder[]> {
  const bySub = new Map<string, InFolder[]>();
  for (const file of group.files) {
    if (file.problem) {
      errors.push(file.problem); // skipped unread: the candidate cannot pass with it in the folder
      continue;
    }
    if (file.rel.length !== 2) {
      errors.push({
        code: 'EXTRA_FILE',
        path: file.path,
        message: messages.extraFile(file.path, messages.extraInCandidate),
      });
      continue;
    }
    bySub.set(file.rel[0], [...(bySub.get(file.rel[0]) ?? []), file]);
  }
  return bySub;
}

/**
 * One expected subfolder, found by its exact name or else a near miss, and its file checked; the
 * subfolder is taken out of `bySub`, so what is left there afterwards is extra.
 */
function checkSubfolder(
  group: Grouped,
  id: string,
  expected: typeof ID_CARD_FOLDER | typeof EDUCATION_FOLDER,
  bySub: Map<string, InFolder[]>,
  errors: Issue[],
): PackageFile | null {
  const actual =
    [...bySub.keys()].find((k) => k === expected) ?? [...bySub.keys()].find((k) => nearMiss(k) === expected);
  const folderPath = `${group.folder}/${actual ?? expected}/`;
  if (actual === undefined) {
    errors.push({ code: 'FOLDER_MISSING', path: `${group.folder}/`, message: messages.folderMissing(id, expected) });
    return null;
  }
  if (actual !== expected)
    errors.push({ code: 'FOLDER_NAME_WRONG', path: folderPath, message: messages.folderNameWrong(actual, expected) });
  const files = bySub.get(actual)!;
  bySub.delete(actual);
  return expected === ID_CARD_FOLDER
    ? checkIdCard(files, id, folderPath, errors)
    : checkEducation(files, id, folderPath, errors);
}

function checkCandidate(group: Grouped): CandidateReport {
  const errors: Issue[] = [];
  const name = group.folder.split('/').pop()!;
  const id = checkIdNumber(name);
  if (!id.ok)
    errors.push({ code: 'ID_INVALID', path: `${group.folder}/`, message: messages.idInvalid(name, id.reason) });
  const bySub = bySubfolder(group, errors);
  const idCard = checkSubfolder(group, name, ID_CARD_FOLDER, bySub, errors);
  const education = checkSubfolder(group, name, EDUCATION_FOLDER, bySub, errors);
  for (const files of bySub.values()) {
    for (const file of files)
      errors.push({
        code: 'EXTRA_FILE',
        path: file.path,
        message: messages.extraFile(file.path, messages.extraInCandidate),
      });
  }
  return { id: name, folder: group.folder, ok: errors.length === 0, errors, idCard, education };
}

/** Checks every candidate folder among the files; junk is dropped first. */
export function checkPackage(files: PackageFile[]): PackageReport {
  const { groups, other } = groupByCandidate(files.filter((f) => !isJunk(f.path)));
  const candidates = groups.map(checkCandidate);
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const key = candidate.id.trim().toUpperCase();
    if (seen.has(key)) {
      candidate.errors.push({
        code: 'DUPLICATE_ID',
        path: `${candidate.folder}/`,
        message: messages.duplicate(candidate.id),
      });
      candidate.ok = false;
    }
    seen.add(key);
  }
  return { candidates, other };
}

/**
 * A registered grade candidate; `hasPackage` when a current package is already on file (an earlier
 * upload, the student's own or one the office accepted), so a re-upload of only some candidates
 * does not call the others missing.
 */
export type Registered = { idNumber: string; name: string; hasPackage?: boolean };

/** Against the department's grade registrations: folders nobody registered, registrations with no package at all. */
export function compareWithRegistrations(report: PackageReport, registered: Registered[]): PackageReport {
  const ids = new Set(registered.map((r) => r.idNumber));
  const candidates = report.candidates.map((c) => {
    if (!checkIdNumber(c.id).ok || ids.has(c.id)) return c;
    const errors = [
      ...c.errors,
      { code: 'NOT_REGISTERED' as const, path: `${c.folder}/`, message: messages.notRegistered(c.id) },
    ];
    return { ...c, ok: false, errors };
  });
  const present = new Set(report.candidates.map((c) => c.id));
  const missing: CandidateReport[] = registered
    .filter((r) => !present.has(r.idNumber) && !r.hasPackage)
    .map((r) => ({
      id: r.idNumber,
      folder: r.idNumber,
      ok: false,
      idCard: null,
      education: null,
      errors: [
        { code: 'MISSING_PACKAGE', path: `${r.idNumber}/`, message: messages.missingPackage(r.idNumber, r.name) },
      ],
    }));
  return { candidates: [...candidates, ...missing], other: report.other };
}

/** The counts a report, its page and its mail all give: passed and failed in the upload, and still missing. */
export function reportCounts(candidates: Array<{ ok: boolean; errors: Array<{ code: string }> }>) {
  const missing = candidates.filter((c) => c.errors.some((e) => e.code === 'MISSING_PACKAGE')).length;
  const passed = candidates.filter((c) => c.ok).length;
  return { passed, failed: candidates.length - passed - missing, missing };
}
