// The ID-numbered folder of a grade candidate (seed 004 §二.4): "考生先建立一个以自己身份证号命名的
// 文件夹，此文件夹包含两个子文件夹：“证件复印件”、“学历证书”(文件夹名称必须正确，一个字都不能错)".
// The ID copy is a JPG under 200KB named by the ID number; the 学籍在线验证报告 is named by the ID
// number too. Pure: works on a list of files (from a ZIP, a folder upload or a disk folder).
import type { EntryCode, EntryProblem } from './entry-names.js';
import type { FileKind } from './file-kind.js';
import { checkIdNumber } from './id-number.js';

export const ID_CARD_FOLDER = '证件复印件';
export const EDUCATION_FOLDER = '学历证书';
export const ID_CARD_LIMIT = 204_800; // "大小 200KB 以下": strictly less than 200 × 1024 bytes
const EDUCATION_TYPES: Record<string, FileKind> = { pdf: 'pdf', jpg: 'jpeg', png: 'png' };

/** A file to check; `problem` when the reader skipped it because its name cannot be a file on disk. */
export type PackageFile = { path: string; size: number; kind: FileKind; problem?: EntryProblem };
export type IssueCode =
  | EntryCode
  | 'ID_INVALID'
  | 'FOLDER_MISSING'
  | 'FOLDER_NAME_WRONG'
  | 'FILE_MISSING'
  | 'FILE_NAME_WRONG'
  | 'FILE_NOT_JPG'
  | 'FILE_TOO_LARGE'
  | 'FILE_TYPE_UNSUPPORTED'
  | 'EXTRA_FILE'
  | 'DUPLICATE_ID'
  | 'NOT_REGISTERED'
  | 'MISSING_PACKAGE';
export type Issue = { code: IssueCode; path: string; message: string };
export type CandidateReport = {
  id: string;
  folder: string;
  ok: boolean;
  errors: Issue[];
  idCard: PackageFile | null;
  education: PackageFile | null;
};
export type PackageReport = { candidates: CandidateReport[]; other: Issue[] };

const KB = (bytes: number) => `${(bytes / 1024).toFixed(1)}KB`;
export const messages = {
  idInvalid: (folder: string, reason: string) =>
    `文件夹名“${folder}”不是有效的身份证号（${reason}）：文件夹必须以考生本人的 18 位身份证号命名`,
  folderMissing: (id: string, name: string) => `缺少“${name}”文件夹：请在“${id}”文件夹里新建名为“${name}”的文件夹`,
  folderNameWrong: (actual: string, expected: string) =>
    `文件夹名“${actual}”不对，应为“${expected}”（一个字都不能错）：请改名`,
  fileMissing: (folder: string, expected: string) => `“${folder}”文件夹里缺少 ${expected}`,
  fileNameWrong: (actual: string, expected: string) => `文件名“${actual}”不对，应为“${expected}”：请改名`,
  notJpg: (name: string) => `“${name}”不是 JPG 图片（可能只是改了扩展名）：请用相机或扫描软件另存为 JPG 格式`,
  tooLarge: (name: string, size: number) =>
    `“${name}”大小 ${KB(size)}，超过 200KB 的上限（须小于 ${ID_CARD_LIMIT} 字节）：请压缩图片后重新放入`,
  typeUnsupported: (name: string) => `“${name}”不是 PDF、JPG 或 PNG 文件：学籍在线验证报告请从学信网下载 PDF 版`,
  extWrong: (name: string, kind: string, expected: string) =>
    `“${name}”的内容是 ${kind}，扩展名却不对：请改名为“${expected}”`,
  extraFile: (path: string, where: string) => `多余的文件“${path}”：${where}`,
  extraInCandidate: '身份证号文件夹里只应有“证件复印件”和“学历证书”两个文件夹，请删除或移走',
  extraInFolder: '这个文件夹里只应有一个以身份证号命名的文件，请删除多余的',
  extraTopLevel: '压缩包里只应有以身份证号命名的文件夹，请删除或移走',
  duplicate: (id: string) => `身份证号 ${id} 的文件夹出现了不止一次：请只保留一份`,
  notRegistered: (id: string) => `身份证号 ${id} 在本批次没有本院的等级认定报名：请核对身份证号，或先为其报名`,
  missingPackage: (id: string, name: string) => `${name}（${id}）已报等级认定，但没有提交材料文件夹`,
};

const JUNK_FOLDERS = new Set(['__macosx']);
const JUNK_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);

/** OS clutter that zipping a folder drags along; dropped without a word. */
export function isJunk(path: string): boolean {
  const segments = path.split('/');
  if (segments.some((s) => JUNK_FOLDERS.has(s.toLowerCase()))) return true;
  const base = segments[segments.length - 1];
  return JUNK_FILES.has(base.toLowerCase()) || base.startsWith('._');
}

/** A folder someone meant as an ID folder: mostly digits (so "430105… " and lowercase x count). */
const looksLikeId = (segment: string) => /^\s*\d{6,}[\dXx]*\s*$/.test(segment);

function nearMiss(name: string): typeof ID_CARD_FOLDER | typeof EDUCATION_FOLDER | null {
  const n = name.replace(/\s+/g, '');
  if (n === ID_CARD_FOLDER || /证件|身份证|复印件/.test(n)) return ID_CARD_FOLDER;
  if (n === EDUCATION_FOLDER || /学历|学籍|证书|验证报告/.test(n)) return EDUCATION_FOLDER;
  return null;
}

/** Splits the files into candidate folders: ID folders at the top, or under wrapper folders. */
function groupByCandidate(files: PackageFile[]) {
  const groups = new Map<string, { folder: string; files: Array<PackageFile & { rel: string[] }> }>();
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
function pickFile(
  files: Array<PackageFile & { rel: string[] }>,
  isExpected: (name: string) => boolean,
  errors: Issue[],
  expectedName: string,
) {
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

function checkIdCard(
  files: Array<PackageFile & { rel: string[] }>,
  id: string,
  folderPath: string,
  errors: Issue[],
): PackageFile | null {
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

function checkEducation(
  files: Array<PackageFile & { rel: string[] }>,
  id: string,
  folderPath: string,
  errors: Issue[],
): PackageFile | null {
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

function checkCandidate(group: Grouped): CandidateReport {
  const errors: Issue[] = [];
  const name = group.folder.split('/').pop()!;
  const id = checkIdNumber(name);
  if (!id.ok)
    errors.push({ code: 'ID_INVALID', path: `${group.folder}/`, message: messages.idInvalid(name, id.reason) });
  const bySub = new Map<string, Array<PackageFile & { rel: string[] }>>();
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
  const found: Record<string, PackageFile | null> = { [ID_CARD_FOLDER]: null, [EDUCATION_FOLDER]: null };
  for (const expected of [ID_CARD_FOLDER, EDUCATION_FOLDER] as const) {
    const actual =
      [...bySub.keys()].find((k) => k === expected) ?? [...bySub.keys()].find((k) => nearMiss(k) === expected);
    const folderPath = `${group.folder}/${actual ?? expected}/`;
    if (actual === undefined) {
      errors.push({
        code: 'FOLDER_MISSING',
        path: `${group.folder}/`,
        message: messages.folderMissing(name, expected),
      });
      continue;
    }
    if (actual !== expected)
      errors.push({ code: 'FOLDER_NAME_WRONG', path: folderPath, message: messages.folderNameWrong(actual, expected) });
    const files = bySub.get(actual)!;
    bySub.delete(actual);
    found[expected] =
      expected === ID_CARD_FOLDER
        ? checkIdCard(files, name, folderPath, errors)
        : checkEducation(files, name, folderPath, errors);
  }
  for (const files of bySub.values()) {
    for (const file of files)
      errors.push({
        code: 'EXTRA_FILE',
        path: file.path,
        message: messages.extraFile(file.path, messages.extraInCandidate),
      });
  }
  return {
    id: name,
    folder: group.folder,
    ok: errors.length === 0,
    errors,
    idCard: found[ID_CARD_FOLDER],
    education: found[EDUCATION_FOLDER],
  };
}

/**
 * Whether a file could be one a passing candidate keeps: …/<ID>/证件复印件/<ID>.jpg or
 * …/<ID>/学历证书/<ID>.pdf|jpg|png, the only names checkCandidate lets pass. The upload stages
 * only these, so a ZIP of 100,000 stray files costs no 100,000 writes.
 */
export function mayBeKept(path: string): boolean {
  const [id, folder, name] = path.split('/').slice(-3);
  if (name === undefined) return false;
  if (folder === ID_CARD_FOLDER) return name === `${id}.jpg`;
  return folder === EDUCATION_FOLDER && name.startsWith(`${id}.`) && name.slice(id.length + 1) in EDUCATION_TYPES;
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

/** A short Chinese tag for each problem, shown beside its message (the code stays in the CLI's JSON). */
export const ISSUE_TAGS: Record<IssueCode, string> = {
  NAME_INVALID: '文件名无效',
  NAME_TOO_LONG: '名字过长',
  PATH_CONFLICT: '文件与文件夹同名',
  ID_INVALID: '身份证号无效',
  FOLDER_MISSING: '缺少文件夹',
  FOLDER_NAME_WRONG: '文件夹名不对',
  FILE_MISSING: '缺少文件',
  FILE_NAME_WRONG: '文件名不对',
  FILE_NOT_JPG: '不是 JPG',
  FILE_TOO_LARGE: '超过 200KB',
  FILE_TYPE_UNSUPPORTED: '文件类型不对',
  EXTRA_FILE: '多余文件',
  DUPLICATE_ID: '重复',
  NOT_REGISTERED: '未报名',
  MISSING_PACKAGE: '未提交材料',
};
