// Batch timeline, seed 004 时间进度表; all times Asia/Shanghai.
import { expect } from 'chai';
import { formatShanghai, parseShanghai } from '../../app/domain/time.js';
import { suggestedTimeline, timelineProblems } from '../../app/domain/timeline.js';

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

  it('reads and writes Shanghai wall time, whatever the server\'s zone', () => {
    const d = parseShanghai('2024-10-10T17:00')!;
    expect(d.toISOString()).to.equal('2024-10-10T09:00:00.000Z');
    expect(formatShanghai(d)).to.equal('2024-10-10 17:00');
    expect(parseShanghai('2024-02-30T10:00')).to.equal(null);
    expect(parseShanghai('2024-10-10')).to.equal(null);
  });
});
