// What the registration form can still offer a person, and why not (issue 12 item 11). The form
// greys these out with the reason; the server's refusal (eligibility.ts) stays the rule.
import { MAX_ITEMS_PER_BATCH, type Held } from './eligibility.js';

export type Availability = {
  full: string | null; // nothing more can be chosen
  gradeClosed: string | null; // no grade item can be chosen
  taken: Map<number, string>; // items already registered
};

export function choiceAvailability(held: Held[]): Availability {
  const labels = held.map((h) => `「${h.label}」`).join('、');
  const heldGrade = held.find((h) => h.kind === 'grade');
  return {
    full:
      held.length >= MAX_ITEMS_PER_BATCH
        ? `你已报${labels}，每人每批次最多报两个项目；如需更换请先在“我的报考”中取消一个`
        : null,
    gradeClosed: heldGrade
      ? `你已报等级认定「${heldGrade.label}」，不能再报第二个等级认定项目；如需更换请先在“我的报考”中取消`
      : null,
    taken: new Map(held.map((h) => [h.itemId, '已报'])),
  };
}
