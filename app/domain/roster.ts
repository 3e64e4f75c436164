// The 报名花名册 (issue 6): one row per registration, in the columns the office hands out and the
// province asks for. 性别 and 出生日期 come from the ID number (GB 11643), so they cannot disagree
// with it. Pure: the service reads the records, this decides what each cell says.
import { type Attempt, type ItemKind } from './fees.js';
import { birthDateOf, genderOf } from './id-number.js';
import type { Level } from './levels.js';
import { PAYMENT_NAMES, type PaymentState } from './ledger.js';
import { ATTEMPT_NAMES, LEVEL_SHORT } from './labels.js';

export const ROSTER_COLUMNS = [
  { header: '序号', width: 7, kind: 'number' },
  { header: '姓名', width: 10, kind: 'text' },
  { header: '性别', width: 6, kind: 'text' },
  { header: '出生日期', width: 12, kind: 'text' },
  { header: '身份证号', width: 21, kind: 'text' },
  { header: '学号', width: 14, kind: 'text' },
  { header: '二级学院', width: 16, kind: 'text' },
  { header: '班级', width: 14, kind: 'text' },
  { header: '手机', width: 13, kind: 'text' },
  { header: '报考项目', width: 28, kind: 'text' },
  { header: '级别', width: 7, kind: 'text' },
  { header: '初考/补考', width: 10, kind: 'text' },
  { header: '费用（元）', width: 10, kind: 'money' },
  { header: '缴费状态', width: 10, kind: 'text' },
  { header: '材料状态', width: 16, kind: 'text' },
] as const;

export type RosterRecord = {
  name: string;
  idNumber: string;
  studentNo: string | null;
  departmentName: string;
  className: string | null;
  employer: string | null;
  phone: string;
  itemName: string;
  kind: ItemKind;
  level: Level | null;
  attempt: Attempt;
  feeFen: number;
  payment: PaymentState;
  materials: string | null; // the package status name; null when a grade candidate has none yet
};

function attemptText(attempt: Attempt): string {
  if (attempt === 'initial') return '初考';
  return attempt === 'retake' ? '补考' : `补考（${ATTEMPT_NAMES[attempt]}）`; // special items retake their one subject
}

function materialsText(record: RosterRecord): string {
  if (record.kind === 'special') return '无需材料';
  return record.materials ?? '未提交';
}

export function rosterRow(record: RosterRecord, serial: number): Array<string | number | null> {
  return [
    serial,
    record.name,
    genderOf(record.idNumber),
    birthDateOf(record.idNumber),
    record.idNumber,
    record.studentNo ?? '',
    record.departmentName,
    record.className ?? record.employer ?? '社会人员',
    record.phone,
    record.itemName,
    record.level === null ? '' : LEVEL_SHORT[record.level],
    attemptText(record.attempt),
    record.feeFen,
    PAYMENT_NAMES[record.payment],
    materialsText(record),
  ];
}
