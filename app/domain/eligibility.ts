// Who may register for what (seed 004 §二.1 and 报考工作须知 §二.3, §四.1):
// "考生一次最多报两个项目：即等级认定类的职业（工种）和专项职业能力考核项目各一个，或专项职业能力
//  考核项目两个，但不能同时报两个等级认定类的职业（工种）。"
// plus the catalog's levels and candidate types (seed 004 §一(一) 认定级别、认定对象).
import type { Attempt } from './fees.js';
import { itemLabel, type CandidateType, type ItemRef } from './items.js';
import type { Level } from './levels.js';
import { LEVEL_SHORT } from './labels.js';

export const MAX_ITEMS_PER_BATCH = 2;

/** A refusal with the rule it applies. `form` rules no form of ours lets a user break. */
export type Problem = { rule: Rule; message: string };
export type Rule =
  | 'two-items'
  | 'two-grade'
  | 'same-item'
  | 'inactive'
  | 'candidate-type'
  | 'attempt'
  | 'nothing-chosen'
  | 'level-needed'
  | 'level-not-offered'
  | 'level-on-special';
export const FORM_RULES: Rule[] = ['level-needed', 'level-not-offered', 'level-on-special'];

export type Choice = { item: ItemRef; level: Level | null; attempt: Attempt };
export type Held = { itemId: number; kind: ItemRef['kind']; label: string };

/**
 * Who a refusal speaks of: "你" to the student registering themself; the candidate's name when
 * a teacher or the office registers on their behalf (the reader is not the one registered).
 */
export const SELF = '你';

export const messages = {
  tooMany: (held: string[], who = SELF) =>
    held.length
      ? `每人每批次最多报两个项目（等级认定和专项各一个，或两个专项）：${who}已报${held.map((h) => `「${h}」`).join('、')}，如需更换请先取消一个`
      : '每人每批次最多报两个项目（等级认定和专项各一个，或两个专项）：请最多选择两个',
  twoGrade: (held: string, who = SELF) => `不能同时报两个等级认定类项目：${who}已报「${held}」，如需更换请先取消`,
  twoGradeAtOnce: '不能同时报两个等级认定类项目：请只选一个职业（工种），另一个可以选专项职业能力',
  sameItem: (label: string) => `「${label}」已经报过了，同一个项目不能重复报名`,
  inactive: (name: string) => `「${name}」本批次不开放报名，请选择目录中的其他项目`,
  levelNeeded: (name: string) => `「${name}」是等级认定项目，请选择报考级别`,
  levelNotOffered: (name: string, offered: string) => `「${name}」只开放 ${offered}，请在这些级别中选择`,
  levelOnSpecial: (name: string) => `「${name}」是专项职业能力项目，没有级别之分`,
  notForCampus: (name: string) => `「${name}」只面向社会人员，校内考生不能报考`,
  notForSocial: (name: string) => `「${name}」只面向校内考生（认定对象不含社会人员），请选择其他项目`,
  attemptWrong: (name: string) =>
    `「${name}」的补考类型不对：专项只有一门补考，等级认定请选理论补考、实操补考或两科补考`,
  nothingChosen: '请至少选择一个项目',
};

/** Problems with one choice on its own: the item, its level, the candidate type, the kind of retake. */
function choiceProblem(choice: Choice, candidateType: CandidateType): Problem | null {
  const { item, level, attempt } = choice;
  const problem = (rule: Rule, message: string): Problem => ({ rule, message });
  if (!item.active) return problem('inactive', messages.inactive(item.name));
  if (candidateType === 'campus' && !item.admitsStudents)
    return problem('candidate-type', messages.notForCampus(item.name));
  if (candidateType === 'social' && !item.admitsSocial)
    return problem('candidate-type', messages.notForSocial(item.name));
  if (item.kind === 'special') {
    if (level !== null) return problem('level-on-special', messages.levelOnSpecial(item.name));
    if (attempt !== 'initial' && attempt !== 'retake') return problem('attempt', messages.attemptWrong(item.name));
    return null;
  }
  if (level === null) return problem('level-needed', messages.levelNeeded(item.name));
  if (!item.levels.includes(level))
    return problem(
      'level-not-offered',
      messages.levelNotOffered(item.name, item.levels.map((l) => LEVEL_SHORT[l]).join('、')),
    );
  if (attempt === 'retake') return problem('attempt', messages.attemptWrong(item.name));
  return null;
}

/** The two-item rule across what is held and what is wanted. */
function combinationProblems(held: Held[], wanted: Choice[], who: string): Problem[] {
  const problems: Problem[] = [];
  const wantedIds = wanted.map((c) => c.item.id);
  for (const choice of wanted) {
    const label = itemLabel(choice.item.name, choice.level);
    const twice =
      held.some((h) => h.itemId === choice.item.id) || wantedIds.filter((id) => id === choice.item.id).length > 1;
    if (twice && !problems.some((p) => p.message === messages.sameItem(label)))
      problems.push({ rule: 'same-item', message: messages.sameItem(label) });
  }
  const heldGrade = held.find((h) => h.kind === 'grade');
  const wantedGrade = wanted.filter((c) => c.item.kind === 'grade');
  if (heldGrade && wantedGrade.length)
    problems.push({ rule: 'two-grade', message: messages.twoGrade(heldGrade.label, who) });
  else if (wantedGrade.length > 1) problems.push({ rule: 'two-grade', message: messages.twoGradeAtOnce });
  if (held.length + wanted.length > MAX_ITEMS_PER_BATCH)
    problems.push({
      rule: 'two-items',
      message: messages.tooMany(
        held.map((h) => h.label),
        who,
      ),
    });
  return problems;
}

/**
 * Every reason the wanted choices cannot be added to what the person already holds in this batch.
 * Empty means they may register. The same function runs for the form preview and inside the
 * transaction that writes, so the preview never promises what the write refuses. `who` names the
 * candidate in the refusals (SELF, or their name for staff registering on their behalf).
 */
export function registrationProblems(
  held: Held[],
  wanted: Choice[],
  candidateType: CandidateType,
  who = SELF,
): Problem[] {
  if (wanted.length === 0) return [{ rule: 'nothing-chosen', message: messages.nothingChosen }];
  const own = wanted.map((c) => choiceProblem(c, candidateType)).filter((p): p is Problem => p !== null);
  return [...own, ...combinationProblems(held, wanted, who)];
}
