// The provincial bundle's layout (issue 6; folders per seed 004 §二.4): one top folder per
// occupation and level ("电工_四级/"), inside it each accepted candidate's folder exactly as the
// province expects, and the group's roster; at the top, 缺件清单.txt (who is missing and why) and
// SHA256SUMS.txt (a checksum per file, in the format `sha256sum -c` reads). Pure.
import path from 'node:path';
import { EDUCATION_FOLDER, ID_CARD_FOLDER } from './package-layout.js';
import type { Level } from './levels.js';
import { LEVEL_SHORT } from './labels.js';

export const MISSING_LIST = '缺件清单.txt';
export const MANIFEST = 'SHA256SUMS.txt';

// Characters Windows refuses in a file name, and the path separators, become "_".
// eslint-disable-next-line no-control-regex -- control characters are among them: no file name may hold one
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]/g;

export function groupFolder(itemName: string, level: Level | null): string {
  const name = itemName.trim().replace(UNSAFE, '_').replace(/^\.+/, '_') || '未命名项目';
  return level === null ? name : `${name}_${LEVEL_SHORT[level]}`;
}

export const groupRosterName = (group: string) => `${group}/${group}_花名册.xlsx`;

/** The two files of one candidate inside a group: `<group>/<ID>/证件复印件/<ID>.jpg` and `…/学历证书/<ID>.<ext>`. */
export function candidateEntries(group: string, idNumber: string, educationStoredAs: string) {
  const ext = path.extname(educationStoredAs).toLowerCase() || '.pdf';
  return {
    idCard: `${group}/${idNumber}/${ID_CARD_FOLDER}/${idNumber}.jpg`,
    education: `${group}/${idNumber}/${EDUCATION_FOLDER}/${idNumber}${ext}`,
  };
}

export type MissingCandidate = {
  departmentName: string;
  className: string;
  name: string;
  idMasked: string;
  label: string;
  reason: string;
};

/** 缺件清单.txt: CRLF and a BOM, so Notepad on any Windows shows the Chinese. */
export function missingListText(batchName: string, missing: MissingCandidate[], generatedAt: string): string {
  const lines = [
    `${batchName} 等级认定考生缺件清单（生成于 ${generatedAt}）`,
    `共 ${missing.length} 人未纳入本材料包。`,
    '',
  ];
  if (missing.length === 0) lines.push('无：所有有效的等级认定考生材料均已接收并纳入本包。');
  missing.forEach((m, i) =>
    lines.push(`${i + 1}. ${m.departmentName}  ${m.className}  ${m.name}  ${m.idMasked}  ${m.label}  —— ${m.reason}`),
  );
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** SHA256SUMS.txt lines: `<hex>  <path>`, one per file, in bundle order. */
export function manifestText(entries: Array<{ name: string; sha256: string }>): string {
  return entries.map((e) => `${e.sha256}  ${e.name}`).join('\n') + '\n';
}
