// What views use to show values: dates in Shanghai time, money in yuan, labels in Chinese.
import { actionName, auditLines, entityLabel, ENTITY_OPTIONS } from './audit.js';
import { ROLE_NAMES } from './names.js';
import { maskIdNumber, maskIdNumbersIn } from '../../domain/id-number.js';
import { parseLevels } from '../../domain/levels.js';
import { formatYuan } from '../../domain/money.js';
import { ISSUE_TAGS } from '../../domain/package-layout.js';
import { ARCHIVE_TAGS } from '../../lib/zip-reader.js';
import { formatShanghai, toInputValue } from '../../domain/time.js';
import { ATTEMPT_NAMES, KIND_NAMES, LEVEL_NAMES } from '../../domain/labels.js';

export { ROLE_NAMES };
export const format = {
  dateTime: (d: Date | string | null | undefined) => (d ? formatShanghai(new Date(d)) : ''),
  inputDateTime: (d: Date | string | null | undefined) => (d ? toInputValue(new Date(d)) : ''),
  yuan: (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatYuan(fen)),
  role: (role: string) => ROLE_NAMES[role] ?? role,
  kind: (kind: string) => (KIND_NAMES as Record<string, string>)[kind] ?? kind, // a view may pass any text
  levels: (levels: string) =>
    levels
      ? parseLevels(levels)
          .map((l) => LEVEL_NAMES[l])
          .join('、')
      : '—',
  attempt: (attempt: keyof typeof ATTEMPT_NAMES) => ATTEMPT_NAMES[attempt],
  megabytes: (bytes: number | null | undefined) =>
    bytes === null || bytes === undefined ? '' : `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  maskId: maskIdNumber,
  maskIdsIn: maskIdNumbersIn, // file names such as 材料_<ID>.zip
  count: (n: number) => n.toLocaleString('en-US'),
  issueTag: (code: string) =>
    (ISSUE_TAGS as Record<string, string>)[code] ?? (ARCHIVE_TAGS as Record<string, string>)[code] ?? '问题',
  action: actionName,
  entity: entityLabel,
  entityOptions: ENTITY_OPTIONS,
  auditLines,
  admits: (item: { admitsStudents: boolean; admitsSocial: boolean }) =>
    [item.admitsStudents ? '校内考生' : '', item.admitsSocial ? '社会人员' : ''].filter(Boolean).join('、'),
};
