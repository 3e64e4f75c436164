// 收费对账 by kind, level and attempt from tallies (seed 004 §三): head count × price beside what
// the registrations carry and what came in; cancelled lines neither counted nor priced.
import { expect } from 'chai';
import { byKindLevel, headsOf, type SlotTally } from '../../app/domain/fee-reconciliation.js';
import { noticeSchedule } from '../../app/domain/fees.js';

const tally = (
  kind: 'grade' | 'special',
  level: 3 | 4 | 5 | null,
  attempt: SlotTally['attempt'],
  count: number,
  dueFen: number,
  collectedFen: number,
  active = true,
): SlotTally => ({ kind, level, attempt, count, dueFen, collectedFen, active, offCount: 0 });

describe('fee reconciliation by kind and level (seed 004 §三)', () => {
  const fees = noticeSchedule();
  // Two departments' tallies of the same slot are one row; a cancelled tally is left out
  const rows = byKindLevel(
    [
      tally('grade', 4, 'initial', 2, 64000, 64000),
      tally('grade', 4, 'initial', 1, 32000, 0),
      tally('grade', 4, 'initial', 3, 96000, 96000, false),
      tally('special', null, 'retake', 1, 17600, 17600),
      tally('grade', 4, 'retake-both', 1, 32000, 32000),
      tally('grade', 5, 'initial', 1, 25000, 25000),
    ],
    fees,
  );

  it('adds the departments together: 3 × 320 beside 960 registered and 640 collected', () => {
    expect(rows.find((r) => r.label === '等级认定 四级 · 初次评价')).to.deep.equal({
      label: '等级认定 四级 · 初次评价',
      count: 3,
      priceFen: 32000,
      expectedFen: 96000,
      registeredFen: 96000,
      collectedFen: 64000,
      ok: false,
    });
  });

  it('prices both failed subjects at the initial fee, and leaves an unpriced level unpriced', () => {
    expect(rows.find((r) => r.label === '等级认定 四级 · 两科补考')).to.include({ priceFen: 32000, ok: true });
    expect(rows.find((r) => r.label === '等级认定 五级 · 初次评价')).to.include({
      priceFen: null,
      expectedFen: null,
      ok: false,
    });
    expect(rows.find((r) => r.label === '专项职业能力 · 补考')).to.include({ count: 1, priceFen: 17600, ok: true });
  });

  it('counts heads per kind over active tallies only', () => {
    expect(
      headsOf([
        tally('grade', 4, 'initial', 2, 0, 0),
        tally('grade', 3, 'initial', 4, 0, 0, false),
        tally('special', null, 'initial', 5, 0, 0),
      ]),
    ).to.deep.equal({ grade: 2, special: 5 });
  });
});
