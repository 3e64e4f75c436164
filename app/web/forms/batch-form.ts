// The batch form: Shanghai date-times and prices in yuan, turned into a BatchInput or refused
// with one line per bad field.
import { invalid } from '../../domain/errors.js';
import { FEE_SLOTS, slotKey, slotLabel, type FeeSchedule } from '../../domain/fees.js';
import { parseYuan } from '../../domain/money.js';
import { parseShanghai } from '../../domain/time.js';
import { DEADLINES, type Timeline } from '../../domain/timeline.js';
import type { BatchInput } from '../../services/season/batches.js';
import { checkbox, int, text } from './fields.js';

export const messages = {
  form: '批次信息有误，请按提示修改',
  date: (label: string) => `“${label}”请填写完整的日期和时间`,
  price: (label: string) => `“${label}”的收费应为金额（元，最多两位小数），不收此项请留空`,
};

type Body = Record<string, unknown> | undefined;

export const feeField = (slot: string) => `fee_${slot.replace(/:/g, '_')}`;

export function parseBatchForm(body: Body): BatchInput {
  const problems: string[] = [];
  const timeline = {} as Timeline;
  const plansSkipped = checkbox(body, 'plansSkipped');
  for (const [key, label] of DEADLINES) {
    const date = parseShanghai(text(body, key));
    // A skipped plan step needs no plan deadline: the service sets it (domain/timeline skippedPlanDeadline).
    if (!date && !(plansSkipped && key === 'plansDueAt')) problems.push(messages.date(label));
    else if (date) timeline[key] = date;
  }
  if (plansSkipped && !timeline.plansDueAt) timeline.plansDueAt = timeline.registrationOpensAt; // a stand-in the service replaces
  const fees: FeeSchedule = new Map();
  for (const slot of FEE_SLOTS) {
    const raw = text(body, feeField(slotKey(slot)));
    if (raw === '') continue;
    const fen = parseYuan(raw);
    if (fen === null) problems.push(messages.price(slotLabel(slot)));
    else fees.set(slotKey(slot), fen);
  }
  if (problems.length) throw invalid(messages.form, problems);
  return {
    name: text(body, 'name'),
    year: int(body, 'year'),
    half: int(body, 'half') as 1 | 2,
    timeline,
    fees,
    plansSkipped,
    confirmPast: checkbox(body, 'confirmPast'),
  };
}
