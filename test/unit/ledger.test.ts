// Adding up money (seed 004 §三): totals, payment states, the lines behind a difference, remittance.
import { expect } from 'chai';
import {
  activeCount,
  departmentMoney,
  expectedRemittance,
  financeShare,
  isOff,
  LINE_FILTERS,
  linesOff,
  moneyOf,
  offCount,
  outstanding,
  paymentState,
  tallyOf,
  tickable,
  type CandidateLine,
  type LineTally,
} from '../../app/domain/ledger.js';

const line = (registrationId: number, dueFen: number, collectedFen: number, active = true): CandidateLine => ({
  registrationId,
  dueFen,
  collectedFen,
  active,
});

describe('ledger (seed 004 §三)', () => {
  const cases: Array<[string, CandidateLine, string, number]> = [
    ['first attempt, unpaid', line(1, 32000, 0), 'unpaid', 32000],
    ['first attempt, paid', line(1, 32000, 32000), 'paid', 0],
    ['special retake paid', line(1, 17600, 17600), 'paid', 0],
    ['theory retake, partly paid', line(1, 6000, 3000), 'partial', 3000],
    ['practical retake overpaid', line(1, 22600, 32000), 'over', 0],
    ['cancelled after paying: refund due', line(1, 20000, 20000, false), 'refund-due', 0],
    ['cancelled and refunded', line(1, 20000, 0, false), 'settled', 0],
  ];
  for (const [name, l, state, left] of cases) {
    it(`${name} → ${state}, outstanding ${left / 100} 元`, () => {
      expect(paymentState(l)).to.equal(state);
      expect(outstanding(l)).to.equal(left);
    });
  }

  it('totals: a cancelled registration stops being expected; refunds and reversals net out', () => {
    const lines = [
      line(1, 32000, 32000),
      line(2, 20000, 20000),
      line(3, 38000, 0),
      line(4, 20000, 0, false),
      line(5, 17600, 17600 - 17600, false),
    ];
    const money = departmentMoney(lines, [
      { amountFen: 30000, confirmed: true },
      { amountFen: 22000, confirmed: false },
    ]);
    expect(money).to.deep.equal({
      expectedFen: 90000,
      collectedFen: 52000,
      transferredFen: 52000,
      confirmedFen: 30000,
      uncollectedFen: 38000,
      owedToOfficeFen: 0,
    });
  });

  it('names exactly the lines behind a difference', () => {
    const lines = [
      line(1, 32000, 32000),
      line(2, 20000, 0),
      line(3, 6000, 6000),
      line(4, 20000, 20000, false),
      line(5, 20000, 0, false),
      line(6, 22600, 22000),
    ];
    expect(linesOff(lines).map((l) => l.registrationId)).to.deep.equal([2, 4, 6]);
  });

  it('remittance: heads × per-head exam fee per payee; the rest goes to college finance', () => {
    const rates = {
      province: { grade: 5000, special: 3000 },
      city: { grade: 2000, special: null },
      ata: { grade: null, special: 1500 },
    };
    const expected = expectedRemittance({ grade: 10, special: 20 }, rates);
    expect(expected.byPayee).to.deep.equal({ province: 110000, city: 20000, ata: 30000 });
    expect(expected.upwardFen).to.equal(160000);
    expect(financeShare(500000, 160000)).to.equal(340000);
  });
});

describe('ledger tallies (issue 14 item 4: totals the database adds up)', () => {
  const lines = [
    line(1, 32000, 32000),
    line(2, 20000, 0),
    line(3, 6000, 9000),
    line(4, 20000, 20000, false),
    line(5, 20000, 0, false),
    line(6, 22600, -100),
  ];
  const transfers = [
    { amountFen: 30000, confirmed: true },
    { amountFen: -5000, confirmed: false },
  ];

  it('a tally of many lines gives the money of those lines, and a line is a tally of one', () => {
    const grouped: LineTally[] = [lines.slice(0, 3), lines.slice(3, 5), lines.slice(5)].map((group) => ({
      active: group[0].active,
      count: group.length,
      dueFen: group.reduce((s, l) => s + l.dueFen, 0),
      collectedFen: group.reduce((s, l) => s + l.collectedFen, 0),
      offCount: linesOff(group).length,
    }));
    expect(moneyOf(grouped, transfers)).to.deep.equal(departmentMoney(lines, transfers));
    expect(moneyOf(lines.map(tallyOf), transfers)).to.deep.equal(departmentMoney(lines, transfers));
    expect(offCount(grouped)).to.equal(linesOff(lines).length);
    expect(activeCount(grouped)).to.equal(4);
  });

  it('each list filter names the lines it says, and only an owing active line can be ticked', () => {
    const pick = (key: keyof typeof LINE_FILTERS) => lines.filter(LINE_FILTERS[key].holds).map((l) => l.registrationId);
    expect(pick('owing')).to.deep.equal([2, 6]);
    expect(pick('paid')).to.deep.equal([1]);
    expect(pick('over')).to.deep.equal([3]);
    expect(pick('refund-due')).to.deep.equal([4]);
    expect(pick('off'))
      .to.deep.equal(lines.filter(isOff).map((l) => l.registrationId))
      .and.to.deep.equal([2, 3, 4, 6]);
    expect(lines.filter(tickable).map((l) => l.registrationId)).to.deep.equal([2, 6]);
  });
});
