// The steps a registration goes through (seed 004 时间进度表), for the student's status page:
// 报名 → 材料 → 确认 → 缴费 → 准考证 → 考试 → 成绩/证书. Materials and confirmation are for
// grade candidates only ("报考专项职业能力项目的考生只需在系统内报名，不需要交其它资料").
// Each step's state comes from the data (package, ledger, ticket); the student's to-do list is
// built from the same facts (studentTodosFrom), so the card and the list never disagree.
import type { ItemKind } from './fees.js';
import { formatYuanPlain } from './money.js';
import { formatShortShanghai } from './time.js';
import { PACKAGE_STATUS_FOR_STUDENT } from './labels.js';
import type { PackageStatus } from './package-layout.js';

export type ProgressFacts = {
  kind: ItemKind;
  registeredAt: Date;
  package: { status: PackageStatus; returnReason: string | null } | null; // the current package (grade only)
  dueFen: number;
  collectedFen: number;
  examNo: string | null;
  ticketsVisibleFrom: Date;
  // The student's own deadlines (the department's extensions included).
  materialsDueAt: Date;
  confirmationDueAt: Date;
  feesDueAt: Date;
  examAt: Date;
  certificatesAt: Date;
};

export type Action = { label: string; href: string };
// `dueLabel` says what the date is: a deadline, or when something happens.
export type Step = {
  key: string;
  name: string;
  status: string;
  due: Date | null;
  dueLabel: string;
  done: boolean;
  next: boolean;
  action: Action | null;
};
type Draft = Omit<Step, 'next' | 'dueLabel'> & { dueLabel?: string };

export const MATERIALS_LINK = '/student/materials';
export const TICKET_LINK = '/student/ticket';

/** Whether the student can (re)submit materials now: nothing on file or returned, before the deadline. */
export function materialsToDo(f: ProgressFacts, now: Date): 'submit' | 'resubmit' | null {
  if (f.kind !== 'grade' || now.getTime() > f.materialsDueAt.getTime()) return null;
  if (!f.package) return 'submit';
  return f.package.status === 'returned' ? 'resubmit' : null;
}

export const owingFen = (f: ProgressFacts) => Math.max(0, f.dueFen - f.collectedFen);

export const ticketReady = (f: ProgressFacts, now: Date) =>
  f.examNo !== null && f.ticketsVisibleFrom.getTime() <= now.getTime();

function materialsStep(f: ProgressFacts, now: Date): Draft {
  const todo = materialsToDo(f, now);
  const status = !f.package
    ? todo
      ? '未提交'
      : '未提交（已截止，请联系本院指定老师）'
    : f.package.status === 'returned'
      ? `被退回：${f.package.returnReason ?? ''}`
      : PACKAGE_STATUS_FOR_STUDENT[f.package.status];
  const action =
    todo === 'submit'
      ? { label: '提交材料', href: MATERIALS_LINK }
      : todo === 'resubmit'
        ? { label: '重新提交材料', href: MATERIALS_LINK }
        : null;
  return {
    key: 'materials',
    name: '提交材料',
    status,
    due: f.materialsDueAt,
    done: f.package?.status === 'accepted',
    action,
  };
}

// The signed 个人申报表 goes back through the department on paper; the system holds no record of
// it, so the step only says what to do until its deadline has passed.
function confirmationStep(f: ProgressFacts, now: Date): Draft {
  const over = now.getTime() > f.confirmationDueAt.getTime();
  return {
    key: 'confirmation',
    name: '报名确认',
    status: over ? '确认期已结束' : '在本院签字确认《个人申报表》',
    due: f.confirmationDueAt,
    done: over,
    action: null,
  };
}

function feeStep(f: ProgressFacts): Draft {
  const owing = owingFen(f);
  const status =
    owing === 0
      ? `已缴 ${formatYuanPlain(f.collectedFen)} 元`
      : f.collectedFen > 0
        ? `已缴 ${formatYuanPlain(f.collectedFen)} 元，还差 ${formatYuanPlain(owing)} 元`
        : `未缴 ${formatYuanPlain(owing)} 元（交本院指定老师）`;
  return { key: 'fees', name: '缴费', status, due: f.feesDueAt, done: owing === 0, action: null };
}

function ticketStep(f: ProgressFacts, now: Date): Draft {
  const ready = ticketReady(f, now);
  const status = ready
    ? `可打印（准考证号 ${f.examNo}）`
    : f.examNo
      ? `未发放（${formatShortShanghai(f.ticketsVisibleFrom)} 起可查看）`
      : '未发放';
  return {
    key: 'ticket',
    name: '准考证',
    status,
    due: f.examNo ? null : f.ticketsVisibleFrom,
    dueLabel: '发放',
    done: ready,
    action: ready ? { label: '查看准考证', href: TICKET_LINK } : null,
  };
}

function examStep(f: ProgressFacts, now: Date): Draft {
  const over = now.getTime() > f.examAt.getTime();
  return {
    key: 'exam',
    name: '考试',
    status: over ? '考核已结束' : '凭准考证和身份证原件参加考核',
    due: f.examAt,
    dueLabel: '考核时间',
    done: over,
    action: null,
  };
}

export function progressSteps(f: ProgressFacts, now: Date): Step[] {
  const steps: Draft[] = [
    { key: 'registration', name: '报名', status: '已报名', due: f.registeredAt, done: true, action: null },
    ...(f.kind === 'grade' ? [materialsStep(f, now), confirmationStep(f, now)] : []),
    feeStep(f),
    ticketStep(f, now),
    examStep(f, now),
    {
      key: 'results',
      name: '成绩/证书',
      status: '待公布',
      due: f.certificatesAt,
      dueLabel: '证书约',
      done: false,
      action: null,
    },
  ];
  const nextIndex = steps.findIndex((s) => !s.done);
  return steps.map((s, i) => ({ ...s, dueLabel: s.dueLabel ?? '截止', next: i === nextIndex }));
}

export type StudentTodo = { text: string; link: string };

/** One batch's to-dos for a student, from the same facts as the progress card. */
export function studentTodosFrom(all: ProgressFacts[], now: Date): StudentTodo[] {
  const todos: StudentTodo[] = [];
  for (const f of all) {
    const todo = materialsToDo(f, now);
    if (todo === 'submit')
      todos.push({
        text: `请在 ${formatShortShanghai(f.materialsDueAt)} 前提交材料（身份证复印件、学籍在线验证报告）`,
        link: MATERIALS_LINK,
      });
    if (todo === 'resubmit')
      todos.push({
        text: `材料被退回（${f.package!.returnReason ?? ''}），请在 ${formatShortShanghai(f.materialsDueAt)} 前重新提交`,
        link: MATERIALS_LINK,
      });
  }
  const owing = all.reduce((sum, f) => sum + owingFen(f), 0);
  if (owing > 0) {
    const due = all[0].feesDueAt;
    todos.push(
      due.getTime() > now.getTime()
        ? {
            text: `请在 ${formatShortShanghai(due)} 前缴费 ${formatYuanPlain(owing)} 元（交本院指定老师）`,
            link: '/student',
          }
        : {
            text: `缴费已于 ${formatShortShanghai(due)} 截止，你还有 ${formatYuanPlain(owing)} 元未缴，请尽快联系本院指定老师`,
            link: '/student',
          },
    );
  }
  if (all.some((f) => ticketReady(f, now)))
    todos.push({ text: '准考证已可以打印，请打印后按时参加考核', link: TICKET_LINK });
  return todos;
}
