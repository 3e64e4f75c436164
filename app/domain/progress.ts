// The steps a registration goes through (seed 004 时间进度表), for the student's status page:
// 报名 → 材料 → 确认 → 缴费 → 准考证 → 考试 → 成绩/证书. Materials and confirmation are for
// grade candidates only ("报考专项职业能力项目的考生只需在系统内报名，不需要交其它资料").
import type { ItemKind } from './fees.js';
import type { Timeline } from './timeline.js';

export type Step = { name: string; due: Date | null; done: boolean; next: boolean };

export function progressSteps(kind: ItemKind, timeline: Timeline, registeredAt: Date, now: Date): Step[] {
  const steps: Array<Omit<Step, 'next'>> = [
    { name: '报名', due: registeredAt, done: true },
    ...(kind === 'grade'
      ? [
          { name: '提交材料', due: timeline.materialsDueAt, done: false },
          { name: '报名确认', due: timeline.confirmationDueAt, done: false },
        ]
      : []),
    { name: '缴费', due: timeline.feesDueAt, done: false },
    { name: '准考证', due: timeline.ticketsAt, done: false },
    { name: '考试', due: timeline.examAt, done: false },
    { name: '成绩/证书', due: timeline.certificatesAt, done: false },
  ];
  const nextIndex = steps.findIndex((s) => !s.done && s.due !== null && s.due.getTime() >= now.getTime());
  return steps.map((s, i) => ({ ...s, next: i === nextIndex }));
}
