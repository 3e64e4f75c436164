// Admission tickets (seed 004 时间进度表 row 5: 准考证 10-24): who may be numbered, and when a
// student may see the ticket. A grade candidate needs materials the office accepted; everyone
// needs the fee paid. Students see tickets from the batch's 准考证发放 time, or from the moment
// the office releases them earlier on purpose.
import { formatYuanPlain } from './money.js';

export type TicketFacts = { kind: 'grade' | 'special'; packageStatus: string | null; outstandingFen: number };

/** What still stands between a registration and its ticket number, in Chinese; empty when ready. */
export function ticketBlockers(facts: TicketFacts): string[] {
  const blockers: string[] = [];
  if (facts.kind === 'grade' && facts.packageStatus !== 'accepted')
    blockers.push(facts.packageStatus ? '材料尚未被继续教育学院接收' : '未提交材料');
  if (facts.outstandingFen > 0) blockers.push(`未缴清费用（还差 ${formatYuanPlain(facts.outstandingFen)} 元）`);
  return blockers;
}

export type ReleaseTimes = { ticketsAt: Date; ticketsReleasedAt: Date | null };

/** From when students see their tickets: the timetable's time, or the office's earlier release. */
export function ticketsVisibleFrom(batch: ReleaseTimes): Date {
  const released = batch.ticketsReleasedAt;
  return released && released.getTime() < batch.ticketsAt.getTime() ? released : batch.ticketsAt;
}

export const ticketsVisible = (batch: ReleaseTimes, now: Date) => ticketsVisibleFrom(batch).getTime() <= now.getTime();
