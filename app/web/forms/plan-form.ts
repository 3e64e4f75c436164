// The plan row form: the item is one select whose value is "itemId:level" (grade) or "itemId"
// (special). Anything malformed becomes NaN, which no item has, and the service refuses it.
import type { PlanRowInput } from '../../domain/plan-rules.js';
import { int, text } from './fields.js';

type Body = Record<string, unknown> | undefined;

const number = (raw: string | undefined) => (raw !== undefined && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN);

export function planRowForm(body: Body): PlanRowInput {
  const [itemId, level] = text(body, 'item').split(':');
  return {
    itemId: number(itemId),
    level: level ? number(level) : null,
    headcount: int(body, 'headcount'),
    examOn: text(body, 'examOn'),
    examTime: text(body, 'examTime'),
    place: text(body, 'place'),
    method: text(body, 'method'),
  };
}
