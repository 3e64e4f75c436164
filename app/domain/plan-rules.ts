// What a department's evaluation plan (评价计划) holds and when it may change. Seed 001 Art. 17(一):
// "认定计划内容应包括职业（工种）、技能等级、评价人数、评价时间、评价地点、评价方式", reaching the
// platform "提前7个工作日"; seed 004 §一(三): each department sends its plan by the plan deadline.
import { type ItemRef } from './items.js';
import type { Level } from './levels.js';
import { addWorkingDays, isCalendarDay, shanghaiDay, workingDaysAfter, type WorkCalendar } from './working-days.js';
import { LEVEL_SHORT } from './labels.js';

/** 评价方式: the ways the college's items are examined (the plan summary table's 方式 column). */
export const EXAM_METHODS = ['理论机考', '实操', '机考+实操', '笔试+实操', '上机操作'] as const;
export type ExamMethod = (typeof EXAM_METHODS)[number];

/** The 类别 column of the plan summary table (seed 004 §一: the two kinds of item). */
export const MAX_HEADCOUNT = 2000;
export const MAX_PLACE = 100;
export const MAX_TIME = 20;
export const MAX_CONTACT = 40;
export const MAX_PHONE = 20;
/** seed 001 Art. 17(一): the plan reaches the platform 7 working days before the evaluation. */
export const PLAN_LEAD_WORKING_DAYS = 7;

export type PlanStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
/** The teacher may change the plan only before the office has it (draft) or after it came back. */
export const isEditable = (status: PlanStatus) => status === 'draft' || status === 'returned';

export const messages = {
  item: '请选择评价项目（职业工种或专项项目）',
  inactive: (name: string) => `“${name}”在目录中已停用，不能列入计划；请选择启用的项目，或请继续教育学院启用它`,
  levelNeeded: (name: string) => `“${name}”是等级认定项目，请选择级别`,
  levelNotOffered: (name: string, offered: string) => `“${name}”只开放 ${offered}，请在这些级别中选择`,
  levelOnSpecial: (name: string) => `“${name}”是专项职业能力项目，没有级别之分`,
  headcount: `计划人数应为 1 到 ${MAX_HEADCOUNT} 之间的整数`,
  examOn: '评价日期应为真实的日期，格式如 2024-11-09',
  examTime: `时间最多 ${MAX_TIME} 个字，例如 09:00-11:00（可不填）`,
  place: `请填写评价地点（不超过 ${MAX_PLACE} 个字），例如“实训楼 A301 机房”`,
  method: `请选择评价方式：${EXAM_METHODS.join('、')}`,
  contact: `请填写本院联系人姓名（不超过 ${MAX_CONTACT} 个字）`,
  phone: '请填写联系人电话（7 到 20 位数字，可含“-”），继续教育学院据此联系',
  leadShort: (plannedOn: string, days: number, earliest: string | null, submitted: boolean) =>
    `评价日期距${submitted ? '计划提交日' : '今天（计划尚未提交）'} ${plannedOn} 仅 ${days} 个工作日，不足 ${PLAN_LEAD_WORKING_DAYS} 个工作日` +
    (earliest ? `；最早可安排在 ${earliest}` : ''),
};

export type PlanRowInput = {
  itemId: number;
  level: number | null;
  headcount: number;
  examOn: string;
  examTime: string;
  place: string;
  method: string;
};
export type PlanRowValues = {
  catalogItemId: number;
  level: Level | null;
  headcount: number;
  examOn: string;
  examTime: string;
  place: string;
  method: ExamMethod;
};

function itemProblem(item: ItemRef | null, level: number | null): string | null {
  if (!item) return messages.item;
  if (!item.active) return messages.inactive(item.name);
  if (item.kind === 'special') return level === null ? null : messages.levelOnSpecial(item.name);
  if (level === null) return messages.levelNeeded(item.name);
  if (!(item.levels as number[]).includes(level))
    return messages.levelNotOffered(item.name, item.levels.map((l) => LEVEL_SHORT[l]).join('、'));
  return null;
}

/** Every problem with one row (all of them, so a teacher fixes the row in one go), or its clean values. */
export function checkPlanRow(
  input: PlanRowInput,
  item: ItemRef | null,
): { values: PlanRowValues | null; problems: string[] } {
  const place = input.place.trim();
  const examTime = input.examTime.trim();
  const problems = [
    itemProblem(item, input.level),
    Number.isInteger(input.headcount) && input.headcount >= 1 && input.headcount <= MAX_HEADCOUNT
      ? null
      : messages.headcount,
    isCalendarDay(input.examOn) ? null : messages.examOn,
    examTime.length <= MAX_TIME ? null : messages.examTime,
    place && place.length <= MAX_PLACE ? null : messages.place,
    (EXAM_METHODS as readonly string[]).includes(input.method) ? null : messages.method,
  ].filter((p): p is string => p !== null);
  if (problems.length) return { values: null, problems };
  const values = {
    catalogItemId: item!.id,
    level: input.level as Level | null,
    headcount: input.headcount,
    examOn: input.examOn,
    examTime,
    place,
    method: input.method as ExamMethod,
  };
  return { values, problems };
}

/** The plan's contact person and phone, required before it is submitted. */
export function checkContact(contact: string, phone: string): string[] {
  return [
    contact.trim() && contact.trim().length <= MAX_CONTACT ? null : messages.contact,
    /^[0-9][0-9 -]{5,18}[0-9]$/.test(phone.trim()) ? null : messages.phone,
  ].filter((p): p is string => p !== null);
}

export type LeadTimeShortfall = { workingDays: number; earliest: string | null };

/** When the exam comes fewer than 7 working days after the plan's day (seed 001 Art. 17(一)): how many, and the earliest fitting day. */
export function leadTimeShortfall(plannedOn: string, examOn: string, calendar: WorkCalendar): LeadTimeShortfall | null {
  const workingDays = workingDaysAfter(plannedOn, examOn, calendar);
  if (workingDays === null || workingDays >= PLAN_LEAD_WORKING_DAYS) return null;
  return { workingDays, earliest: addWorkingDays(plannedOn, PLAN_LEAD_WORKING_DAYS, calendar) };
}

/**
 * The warning beside an exam day: counted from the day the office got the plan, or from today while
 * the plan is still with the department (a draft, or returned and yet to be resubmitted).
 */
export function leadTimeWarning(
  plan: { status: PlanStatus; submittedAt: Date | null },
  examOn: string,
  calendar: WorkCalendar,
  now: Date,
): string | null {
  const withOffice = (plan.status === 'submitted' || plan.status === 'accepted') && plan.submittedAt !== null;
  const plannedOn = shanghaiDay(withOffice ? plan.submittedAt! : now);
  const short = leadTimeShortfall(plannedOn, examOn, calendar);
  return short ? messages.leadShort(plannedOn, short.workingDays, short.earliest, withOffice) : null;
}
