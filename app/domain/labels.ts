// Every name the pages, exports, refusals and the audit log give the domain's values, in one place
// and typed on their unions, so a new value without a name does not compile and no table is
// copied. Where two readers see the same value differently (a student's progress card and a
// clerk's list, the audit log's short words), each wording is here under its own name.
import type { Attempt, ItemKind } from './fees.js';
import type { CandidateType } from './items.js';
import type { Level } from './levels.js';
import type { OutboxStatus } from './mail-retry.js';
import type { HeldType } from './mutual-recognition.js';
import type { PackageStatus } from './package-layout.js';
import type { PlanStatus } from './plan-rules.js';
import type { Channel } from './self-service.js';

/** The level as the certificate data table names it (seed 001 Art. 6). */
export const LEVEL_NAMES: Record<Level, string> = {
  5: '五级/初级工',
  4: '四级/中级工',
  3: '三级/高级工',
  2: '二级/技师',
  1: '一级/高级技师',
};

/** The level in a label, a folder name or a refusal: "电工 四级". */
export const LEVEL_SHORT: Record<Level, string> = { 5: '五级', 4: '四级', 3: '三级', 2: '二级', 1: '一级' };

export const KIND_NAMES: Record<ItemKind, string> = { grade: '职业技能等级认定', special: '专项职业能力考核' };

export const ATTEMPT_NAMES: Record<Attempt, string> = {
  initial: '初次评价',
  retake: '补考',
  'retake-theory': '理论补考',
  'retake-practical': '实操补考',
  'retake-both': '两科补考',
};

/** 校内考生 or 社会人员 (seed 004 认定对象). */
export const CANDIDATE_TYPE_NAMES: Record<CandidateType, string> = { campus: '校内考生', social: '社会人员' };

export const CHANNEL_NAMES: Record<Channel, string> = {
  self: '本人报名',
  teacher: '指定老师代报',
  office: '继续教育学院代报',
  import: '批量导入',
};

export const PLAN_STATUS_NAMES: Record<PlanStatus, string> = {
  draft: '草稿（未提交）',
  submitted: '已提交，待审核',
  returned: '已退回，待修改',
  accepted: '已接收',
};

/** A package's state in the teacher's and the office's lists; `missing` when none was handed in. */
export const PACKAGE_STATUS_NAMES: Record<PackageStatus | 'missing', string> = {
  missing: '未提交',
  uploaded: '已上传，待初审',
  'pre-approved': '初审通过，待提交',
  submitted: '已提交继续教育学院',
  returned: '被退回',
  accepted: '已接收',
};

/** The same on the student's progress card, which says a returned package in a step of its own. */
export const PACKAGE_STATUS_FOR_STUDENT: Record<Exclude<PackageStatus, 'returned'>, string> = {
  uploaded: '待初审',
  'pre-approved': '初审通过，待本院提交',
  submitted: '已提交继续教育学院',
  accepted: '已接收',
};

/** Plan and package states in the audit log's before/after columns, as short as a cell allows. */
export const AUDIT_STATUS_WORDS: Record<PlanStatus | PackageStatus | 'missing', string> = {
  draft: '草稿',
  missing: '未提交',
  uploaded: '已上传，待初审',
  'pre-approved': '初审通过',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已接收',
};

export const MAIL_STATUS_NAMES: Record<OutboxStatus, string> = {
  queued: '等待发送',
  sending: '正在发送',
  sent: '已发送',
  failed: '发送失败',
};

export const HELD_TYPE_NAMES: Record<HeldType, string> = { skill: '职业技能等级证书', operation: '特种作业操作证' };
