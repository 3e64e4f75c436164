// Where a batch stands on its timeline (seed 004 时间进度表), as the office sees it on the batch
// list: 筹备中 → 报名中 → 材料与缴费 → 待考试 → 已结束. One rule, read from the batch's own dates.
import { formatShanghai, parseShanghai } from './time.js';
import type { Timeline } from './timeline.js';

export type BatchState = 'preparing' | 'registering' | 'paperwork' | 'awaiting-exam' | 'ended';

export const BATCH_STATE_NAMES: Record<BatchState, string> = {
  preparing: '筹备中',
  registering: '报名中',
  paperwork: '材料与缴费',
  'awaiting-exam': '待考试',
  ended: '已结束',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight (Shanghai) after the given instant's day: the exam takes its whole day. */
function endOfShanghaiDay(at: Date): Date {
  return new Date(parseShanghai(`${formatShanghai(at).slice(0, 10)} 00:00`)!.getTime() + DAY_MS);
}

/**
 * Registration runs from its opening to its close; materials, confirmation and fees run until the
 * last of their three deadlines; then the batch waits for the exam until the end of the exam day.
 * An archived batch is over whatever its dates say: the office closed it.
 */
export function batchState(batch: Timeline & { archived?: boolean }, now: Date): BatchState {
  const t = now.getTime();
  if (batch.archived) return 'ended';
  if (t < batch.registrationOpensAt.getTime()) return 'preparing';
  if (t <= batch.registrationClosesAt.getTime()) return 'registering';
  if (t <= Math.max(batch.materialsDueAt.getTime(), batch.confirmationDueAt.getTime(), batch.feesDueAt.getTime()))
    return 'paperwork';
  if (t < endOfShanghaiDay(batch.examAt).getTime()) return 'awaiting-exam';
  return 'ended';
}

export type PlanStep = 'skipped' | 'over' | 'open';

/** The plan step (评价计划) of a batch: skipped by the office, over (deadline passed), or still open. */
export function planStep(batch: { plansSkipped: boolean; plansDueAt: Date }, now: Date): PlanStep {
  if (batch.plansSkipped) return 'skipped';
  return now.getTime() > batch.plansDueAt.getTime() ? 'over' : 'open';
}

/** What the batch list and the save notice say about a plan step that is not open. */
export const PLAN_STEP_NOTES: Record<Exclude<PlanStep, 'open'>, string> = {
  skipped: '评价计划环节已跳过：本批次不收各学院的评价计划',
  over: '评价计划环节已结束：截止时间已过，各学院不能再提交或修改评价计划（个别学院可延长）',
};

export const planStepNote = (step: PlanStep): string | null => (step === 'open' ? null : PLAN_STEP_NOTES[step]);

/**
 * What the batch's card and its save notice say about the plan step, only while it matters: a
 * skipped step always, an ended one while the batch is still before or in registration (later,
 * every batch's plan step is over and saying so is noise).
 */
export function planStepNotice(
  batch: Timeline & { plansSkipped: boolean; archived?: boolean },
  now: Date,
): string | null {
  const step = planStep(batch, now);
  const early = ['preparing', 'registering'].includes(batchState(batch, now));
  return step === 'over' && !early ? null : planStepNote(step);
}
