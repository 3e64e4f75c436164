// Batch timeline, seed 004 时间进度表; all times Asia/Shanghai.
import { expect } from 'chai';
import { formatShanghai, parseShanghai } from '../../app/domain/time.js';
import {
  nextSeason,
  pastDeadlines,
  seasonName,
  skippedPlanDeadline,
  suggestedTimeline,
  timelineProblems,
} from '../../app/domain/timeline.js';

describe('timeline (seed 004 时间进度表)', () => {
  it('suggests the 2024 autumn dates of the notice', () => {
    const t = suggestedTimeline(2024, 2);
    expect(formatShanghai(t.plansDueAt)).to.equal('2024-09-20 17:00');
    expect(formatShanghai(t.registrationOpensAt)).to.equal('2024-09-21 00:00');
    expect(formatShanghai(t.registrationClosesAt)).to.equal('2024-09-30 23:59');
    expect(formatShanghai(t.materialsDueAt)).to.equal('2024-10-10 17:00');
    expect(formatShanghai(t.confirmationDueAt)).to.equal('2024-10-12 17:00');
    expect(formatShanghai(t.feesDueAt)).to.equal('2024-10-12 17:00');
    expect(formatShanghai(t.ticketsAt).slice(0, 10)).to.equal('2024-10-24');
    expect(formatShanghai(t.examAt).slice(0, 10)).to.equal('2024-11-09'); // 11 月的第二个周末
    expect(timelineProblems(t)).to.deep.equal([]);
    expect(timelineProblems(suggestedTimeline(2025, 1))).to.deep.equal([]);
  });

  it('names both deadlines when two are out of order', () => {
    const t = suggestedTimeline(2024, 2);
    t.materialsDueAt = new Date(t.registrationClosesAt.getTime() - 1000);
    expect(timelineProblems(t)).to.include('“网上报名截止”应早于“材料提交截止”');
  });

  it('lets registration open today when the plan step is skipped', () => {
    const t = suggestedTimeline(2026, 2);
    t.plansDueAt = t.registrationOpensAt; // what a skipped step stores when registration opened first
    expect(timelineProblems(t)).to.deep.equal(['“评价计划截止”应早于“网上报名开始”']);
    expect(timelineProblems(t, { plansSkipped: true })).to.deep.equal([]);
    const now = parseShanghai('2026-12-01 10:00')!;
    expect(skippedPlanDeadline(now, parseShanghai('2026-12-01 00:00')!).getTime()).to.equal(
      parseShanghai('2026-12-01 00:00')!.getTime(),
    );
    expect(skippedPlanDeadline(now, parseShanghai('2027-03-21 00:00')!).getTime()).to.equal(now.getTime());
  });

  it('offers the next season whose timetable is still ahead (issue 12: not one that has passed)', () => {
    const on = (text: string) => seasonName(nextSeason(parseShanghai(text)!));
    expect(on('2026-12-01 09:00')).to.equal('2027年上半年');
    expect(on('2026-03-20 16:59')).to.equal('2026年上半年'); // its plan deadline is still ahead
    expect(on('2026-03-20 17:00')).to.equal('2026年下半年');
    expect(on('2026-09-25 10:00')).to.equal('2027年上半年'); // autumn registration has begun: too late to prepare it
    expect(on('2026-12-31 23:59')).to.equal('2027年上半年');
    const suggested = suggestedTimeline(2027, 1);
    expect(formatShanghai(suggested.registrationOpensAt)).to.equal('2027-03-21 00:00');
    expect(pastDeadlines(suggested, parseShanghai('2026-12-01 09:00')!)).to.deep.equal([]);
  });

  it('lists the deadlines already past, except the plan deadline; on an edit only the moved ones', () => {
    const now = parseShanghai('2026-12-01 09:00')!;
    const stale = suggestedTimeline(2026, 2);
    expect(pastDeadlines(stale, now)).to.deep.equal([
      'registrationOpensAt',
      'registrationClosesAt',
      'materialsDueAt',
      'confirmationDueAt',
      'feesDueAt',
      'ticketsAt',
      'examAt',
    ]);
    const moved = {
      ...stale,
      ticketsAt: parseShanghai('2026-10-25 09:00')!,
      certificatesAt: parseShanghai('2027-01-20 09:00')!,
    };
    expect(pastDeadlines(moved, now, stale)).to.deep.equal(['ticketsAt']);
  });

  it("reads and writes Shanghai wall time, whatever the server's zone", () => {
    const d = parseShanghai('2024-10-10T17:00')!;
    expect(d.toISOString()).to.equal('2024-10-10T09:00:00.000Z');
    expect(formatShanghai(d)).to.equal('2024-10-10 17:00');
    expect(parseShanghai('2024-02-30T10:00')).to.equal(null);
    expect(parseShanghai('2024-10-10')).to.equal(null);
  });
});
