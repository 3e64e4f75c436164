// The audit log as a clerk reads it: Chinese action, object and field names, money in yuan,
// codes as words, times in Shanghai. A field without a name here is left out rather than shown
// as a raw key (test/unit/audit-names.test.ts checks that every field the code writes has one).
import { ACTION_NAMES, ENTITY_NAMES } from '../../domain/audit-names.js';
import { slotLabel, type Attempt } from '../../domain/fees.js';
import { PAYEE_NAMES } from '../../domain/ledger.js';
import { isLevel, parseLevels, type Level } from '../../domain/levels.js';
import { MAIL_TEMPLATES } from '../../domain/mail-templates.js';
import { formatYuan } from '../../domain/money.js';
import { operationCertificate } from '../../domain/mutual-recognition.js';
import { DEADLINES } from '../../domain/timeline.js';
import { formatShanghai } from '../../domain/time.js';
import { ENCODING_NAMES } from '../../services/outputs/bundle-jobs.js';
import { ROLE_NAMES } from './names.js';
import {
  ATTEMPT_NAMES,
  AUDIT_STATUS_WORDS,
  CANDIDATE_TYPE_NAMES,
  CHANNEL_NAMES,
  HELD_TYPE_NAMES,
  KIND_NAMES,
  LEVEL_NAMES,
} from '../../domain/labels.js';

export { ACTION_NAMES, ENTITY_NAMES };

export const FIELD_NAMES: Record<string, string> = {
  ...Object.fromEntries(DEADLINES),
  active: '启用',
  admitsSocial: '面向社会人员',
  admitsStudents: '面向校内考生',
  amountFen: '金额',
  batch: '评价批次',
  batchId: '评价批次编号',
  candidateType: '考生类别',
  catalogItemId: '评价项目编号',
  channel: '报名方式',
  className: '班级',
  contact: '联系人',
  contactPhone: '联系电话',
  count: '数量',
  created: '新增',
  day: '日期',
  deadline: '截止事项',
  displayName: '姓名',
  email: '邮箱',
  employer: '所在单位',
  encoding: '文件名编码',
  examOn: '考核日期',
  examTime: '考核时间',
  feeFen: '报名费',
  fees: '收费标准',
  fileName: '文件名',
  groupName: '分组',
  half: '上/下半年',
  headcount: '计划人数',
  idNumber: '身份证号',
  ids: '材料包编号',
  item: '评价项目',
  items: '报考项目',
  kind: '类别',
  level: '等级',
  levels: '等级',
  method: '考核方式',
  name: '名称',
  number: '证书编号',
  numbered: '生成准考证号人数',
  notReady: '暂不能编号的报名',
  ticketsReleasedAt: '提前发放时间',
  plansSkipped: '跳过评价计划环节',
  occupation: '职业（工种）',
  operationCode: '特种作业操作证',
  payee: '收款单位',
  people: '人数',
  phone: '手机号',
  photoPath: '准考证照片',
  place: '考核地点',
  reason: '原因',
  reference: '凭证号',
  registrations: '报名记录编号',
  role: '身份',
  rows: '计划行数',
  series: '准考证号段',
  skipped: '跳过',
  skippedRows: '跳过的行',
  sortOrder: '排序',
  source: '来源',
  status: '状态',
  stored: '已保存材料的考生',
  studentNo: '学号',
  studentNos: '学号',
  subject: '邮件主题',
  totalFen: '合计金额',
  transferredOn: '转账日期',
  type: '证书类型',
  until: '延长至',
  updated: '更新',
  username: '用户名',
  voucherNo: '凭证号',
  workday: '调休上班日',
  year: '年度',
  ...PAYEE_NAMES,
};

/** Bookkeeping columns of a row snapshot: true, but nothing a clerk acts on. */
export const HIDDEN_FIELDS = new Set(['id', 'userId', 'departmentId', 'createdAt', 'updatedAt']);

const SOURCE_WORDS: Record<string, string> = { zip: 'ZIP 压缩包', folder: '文件夹', student: '考生本人上传' };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return ISO.test(value) ? formatShanghai(new Date(value)) : value;
  if (Array.isArray(value))
    return value.length > 8 ? `${value.slice(0, 8).join('、')} 等 ${value.length} 项` : value.join('、') || '—';
  if (isRecord(value))
    return Object.entries(value)
      .map(([k, v]) => `${k}：${show(v)}`)
      .join('，');
  return String(value);
}

const yuan = (value: unknown) => (typeof value === 'number' ? `${formatYuan(value)} 元` : show(value));
const word = (names: Record<string, string>) => (value: unknown) =>
  (typeof value === 'string' && names[value]) || show(value);
const levelName = (value: unknown) => (isLevel(value) ? LEVEL_NAMES[value] : show(value));

/** "grade:4:initial" (a fee schedule slot key) → "等级认定 四级/中级工 · 初次评价". */
function slotName(key: string): string {
  const [kind, level, attempt] = key.split(':');
  if ((kind !== 'grade' && kind !== 'special') || !(attempt in ATTEMPT_NAMES)) return '其他收费项';
  return slotLabel({
    kind,
    level: kind === 'grade' ? (Number(level) as Level) : null,
    attempt: attempt as Exclude<Attempt, 'retake-both'>,
  });
}

// Keys inside an object-valued field: fee slots, or the kinds of an exam-fee rate.
const SUB_NAMES: Record<string, (key: string) => string> = {
  fees: slotName,
  ...Object.fromEntries(
    Object.keys(PAYEE_NAMES).map((payee) => [payee, (kind: string) => KIND_NAMES[kind as 'grade'] ?? '其他']) as Array<
      [string, (key: string) => string]
    >,
  ),
};

const FORMATS: Record<string, (value: unknown) => string> = {
  status: word(AUDIT_STATUS_WORDS),
  role: word(ROLE_NAMES),
  channel: word(CHANNEL_NAMES),
  source: word(SOURCE_WORDS),
  type: word(HELD_TYPE_NAMES),
  kind: word(KIND_NAMES),
  payee: word(PAYEE_NAMES),
  encoding: word(ENCODING_NAMES),
  candidateType: word(CANDIDATE_TYPE_NAMES),
  operationCode: (value) => (typeof value === 'string' && operationCertificate(value)?.name) || show(value),
  level: levelName,
  levels: (value) =>
    typeof value === 'string' && value
      ? parseLevels(value)
          .map((l) => LEVEL_NAMES[l])
          .join('、')
      : show(value),
  half: (value) => ({ 1: '上半年', 2: '下半年' })[value as 1 | 2] ?? show(value),
  photoPath: (value) => (value ? '已上传' : '无'),
};

/** One field's value as a clerk reads it; money (…Fen) in yuan. */
export function showField(key: string, value: unknown): string {
  if (key.endsWith('Fen')) return yuan(value);
  const sub = SUB_NAMES[key];
  if (sub && isRecord(value))
    return (
      Object.entries(value)
        .map(([k, v]) => `${sub(k)} ${yuan(v)}`)
        .join('；') || '—'
    );
  return (FORMATS[key] ?? show)(value);
}

const shown = (record: Record<string, unknown>) =>
  Object.entries(record).filter(([key]) => !HIDDEN_FIELDS.has(key) && key in FIELD_NAMES);

function changeLines(key: string, old: unknown, now: unknown): string[] {
  const sub = SUB_NAMES[key];
  if (sub && isRecord(old) && isRecord(now)) {
    // A fee schedule changes one price at a time: name only the prices that moved.
    return [...new Set([...Object.keys(old), ...Object.keys(now)])].flatMap((k) =>
      yuan(old[k]) === yuan(now[k]) ? [] : [`${FIELD_NAMES[key]} · ${sub(k)}：${yuan(old[k])} → ${yuan(now[k])}`],
    );
  }
  const [was, is] = [showField(key, old), showField(key, now)];
  return was === is ? [] : [`${FIELD_NAMES[key]}：${was} → ${is}`];
}

/**
 * One line per field: "名称：旧 → 新" for a change, "名称：值" for a creation. A before that shares
 * no field with its after says what was undone (a reversed amount), so it is listed as it stands.
 */
export function auditLines(summary: string): string[] {
  let parsed: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  try {
    parsed = JSON.parse(summary);
  } catch {
    return [];
  }
  const { before, after } = parsed;
  const plain = ([key, value]: [string, unknown]) => `${FIELD_NAMES[key]}：${showField(key, value)}`;
  if (!after) return before ? shown(before).map(plain) : [];
  if (!before || !Object.keys(after).some((key) => key in before))
    return [...(before ? shown(before) : []), ...shown(after)].map(plain);
  return shown(after).flatMap(([key, value]) =>
    key in before ? changeLines(key, before[key], value) : [plain([key, value])],
  );
}

export const actionName = (action: string) => (ACTION_NAMES as Record<string, string>)[action] ?? '其他操作';
const entityName = (entityType: string) => (ENTITY_NAMES as Record<string, string>)[entityType] ?? '其他';

/** "转账 #12"; a mail template is kept by its kind, so it is shown by its Chinese name. */
export function entityLabel(entityType: string, entityId: string | null): string {
  const name = entityName(entityType);
  if (!entityId) return name;
  if (/^\d+$/.test(entityId)) return `${name} #${entityId}`;
  const template = (MAIL_TEMPLATES as Record<string, { name: string }>)[entityId];
  return template ? `${name}「${template.name}」` : name;
}
export const ENTITY_OPTIONS: Array<[string, string]> = Object.entries(ENTITY_NAMES);
