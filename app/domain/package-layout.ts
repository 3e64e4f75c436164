// The ID-numbered folder of a grade candidate (seed 004 §二.4): "考生先建立一个以自己身份证号命名的
// 文件夹，此文件夹包含两个子文件夹：“证件复印件”、“学历证书”(文件夹名称必须正确，一个字都不能错)".
// The ID copy is a JPG under 200KB named by the ID number; the 学籍在线验证报告 is named by the ID
// number too. This module holds the layout and naming rules, the problems and their wording;
// package-rules.ts checks a package against them. Pure.
import type { EntryCode, EntryProblem } from './entry-names.js';
import type { FileKind } from './file-kind.js';

/** Where a candidate's package stands: checked by the teacher, handed to the office, accepted. */
export type PackageStatus = 'uploaded' | 'pre-approved' | 'submitted' | 'returned' | 'accepted';

export const ID_CARD_FOLDER = '证件复印件';
export const EDUCATION_FOLDER = '学历证书';
export const ID_CARD_LIMIT = 204_800; // "大小 200KB 以下": strictly less than 200 × 1024 bytes
export const EDUCATION_TYPES: Record<string, FileKind> = { pdf: 'pdf', jpg: 'jpeg', png: 'png' };

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
export const looksLikeId = (segment: string) => /^\s*\d{6,}[\dXx]*\s*$/.test(segment);

export function nearMiss(name: string): typeof ID_CARD_FOLDER | typeof EDUCATION_FOLDER | null {
  const n = name.replace(/\s+/g, '');
  if (n === ID_CARD_FOLDER || /证件|身份证|复印件/.test(n)) return ID_CARD_FOLDER;
  if (n === EDUCATION_FOLDER || /学历|学籍|证书|验证报告/.test(n)) return EDUCATION_FOLDER;
  return null;
}

/**
 * Whether a file could be one a passing candidate keeps: …/<ID>/证件复印件/<ID>.jpg or
 * …/<ID>/学历证书/<ID>.pdf|jpg|png, the only names package-rules.ts lets pass. The upload stages
 * only these, so a ZIP of 100,000 stray files costs no 100,000 writes.
 */
export function mayBeKept(path: string): boolean {
  const [id, folder, name] = path.split('/').slice(-3);
  if (name === undefined) return false;
  if (folder === ID_CARD_FOLDER) return name === `${id}.jpg`;
  return folder === EDUCATION_FOLDER && name.startsWith(`${id}.`) && name.slice(id.length + 1) in EDUCATION_TYPES;
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
