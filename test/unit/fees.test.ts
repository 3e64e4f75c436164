// Fees per candidate, seed 004 §三 (收费标准).
import { expect } from 'chai';
import { feeFor, noticeSchedule, slotKey, type Attempt, type ItemKind } from '../../app/domain/fees.js';
import type { Level } from '../../app/domain/levels.js';
import { formatYuan, parseYuan } from '../../app/domain/money.js';

describe('fees (seed 004 §三)', () => {
  const schedule = noticeSchedule();
  const cases: Array<[ItemKind, Level | null, Attempt, number | null, string]> = [
    ['special', null, 'initial', 20000, '计算机专项和电商直播销售 200 元/考生'],
    ['special', null, 'retake', 17600, '专项补考 176 元/考生'],
    ['grade', 4, 'initial', 32000, '等级认定中级 320 元/考生'],
    ['grade', 3, 'initial', 38000, '高级 380 元/考生'],
    ['grade', 4, 'retake-theory', 6000, '中级理论补考 60 元/考生'],
    ['grade', 4, 'retake-practical', 22600, '实操补考 226 元/考生'],
    ['grade', 4, 'retake-both', 32000, '两科都需补考的按初次评价收费'],
    ['grade', 3, 'retake-both', 38000, '两科都需补考的按初次评价收费（高级）'],
    ['grade', 5, 'initial', null, '初级：通知未规定，须由批次设置'],
    ['grade', 3, 'retake-theory', null, '高级理论补考：通知未规定'],
    ['grade', 3, 'retake-practical', null, '高级实操补考：通知未规定'],
    ['special', null, 'retake-theory', null, '专项没有理论/实操之分'],
    ['grade', 4, 'retake', null, '等级认定补考须说明补哪一科'],
  ];
  for (const [kind, level, attempt, expected, source] of cases) {
    it(`${kind} ${level ?? ''} ${attempt} → ${expected === null ? '无价格' : expected / 100 + ' 元'} (${source})`, () => {
      expect(feeFor(schedule, kind, level, attempt)).to.equal(expected);
    });
  }

  for (const level of [2, 1] as const) {
    for (const attempt of ['initial', 'retake-theory', 'retake-practical', 'retake-both'] as const) {
      it(`grade ${level} ${attempt} → 无价格 (技师/高级技师：通知未规定)`, () => {
        expect(feeFor(schedule, 'grade', level, attempt)).to.equal(null);
      });
    }
  }

  it("uses the batch's own price where the office set one", () => {
    const custom = new Map(schedule);
    custom.set(slotKey({ kind: 'grade', level: 5, attempt: 'initial' }), 25000);
    expect(feeFor(custom, 'grade', 5, 'initial')).to.equal(25000);
    expect(feeFor(custom, 'grade', 5, 'retake-both')).to.equal(25000);
  });

  it('keeps money in integer fen: parses yuan and formats it back', () => {
    expect(parseYuan('320')).to.equal(32000);
    expect(parseYuan('60.5')).to.equal(6050);
    expect(parseYuan('176.00')).to.equal(17600);
    expect(parseYuan('0.1')).to.equal(10);
    expect(parseYuan('-1')).to.equal(null);
    expect(parseYuan('1.234')).to.equal(null);
    expect(parseYuan('1e3')).to.equal(null);
    expect(formatYuan(32000)).to.equal('320.00');
    expect(formatYuan(6050)).to.equal('60.50');
    expect(formatYuan(-1)).to.equal('-0.01');
  });
});
