// 准考证号 (issue 6): the documented scheme YY + half + item + level + sequence, numbered in seat
// order (department, class, 学号) and continuing after the highest number already given.
import { expect } from 'chai';
import fc from 'fast-check';
import { AppError } from '../../app/domain/errors.js';
import {
  assignNumbers,
  compareSeats,
  examNumber,
  examNumberPrefix,
  messages,
  parseExamNumber,
  type NumberingCandidate,
} from '../../app/domain/exam-number.js';
import type { Level } from '../../app/domain/levels.js';

const season = { year: 2024, half: 2 as const };
const candidate = (over: Partial<NumberingCandidate> & { registrationId: number }): NumberingCandidate => ({
  itemId: 12,
  level: 4,
  label: '电工 四级',
  departmentName: '电子工程学院',
  className: '电子2301',
  studentNo: 'S001',
  tieBreak: over.registrationId,
  ...over,
});

describe('exam number (准考证号)', () => {
  it('writes year, half, 3-digit item, level (0 for special) and a 4-digit sequence: 11 digits', () => {
    expect(examNumber({ ...season, itemId: 12, level: 4 }, 7)).to.equal('24201240007');
    expect(examNumber({ year: 2025, half: 1, itemId: 3, level: null }, 1)).to.equal('25100300001');
    expect(examNumber({ ...season, itemId: 999, level: 3 }, 9999)).to.equal('24299939999');
    expect(examNumberPrefix({ ...season, itemId: 5, level: 5 })).to.equal('2420055');
  });

  it('reads a number back into its parts, and rejects what is not one', () => {
    expect(parseExamNumber('24201240007')).to.deep.equal({ year: 2024, half: 2, itemId: 12, level: 4, sequence: 7 });
    expect(parseExamNumber('25100300001')).to.deep.equal({ year: 2025, half: 1, itemId: 3, level: null, sequence: 1 });
    for (const bad of ['2420124000', '24301240007', '24201260007', '24200040001', '24201240000', '2420124000X'])
      expect(parseExamNumber(bad), bad).to.equal(null);
  });

  it('round-trips every valid slot and sequence (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2099 }),
        fc.constantFrom(1 as const, 2 as const),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom<Level | null>(null, 5, 4, 3, 2, 1),
        fc.integer({ min: 1, max: 9999 }),
        (year, half, itemId, level, sequence) => {
          const no = examNumber({ year, half, itemId, level }, sequence);
          expect(no).to.match(/^\d{11}$/);
          expect(parseExamNumber(no)).to.deep.equal({ year, half, itemId, level, sequence });
        },
      ),
    );
  });

  it('refuses a sequence past 9999 and an item id past 999, in Chinese, naming the item', () => {
    expect(() => examNumber({ ...season, itemId: 12, level: 4 }, 10000, '电工 四级')).to.throw(
      AppError,
      messages.full('电工 四级', '2420124'),
    );
    expect(() => examNumberPrefix({ ...season, itemId: 1000, level: null }, 'Python 应用数据挖掘')).to.throw(
      AppError,
      messages.itemId('Python 应用数据挖掘', 1000),
    );
    expect(() => examNumber({ ...season, itemId: 12, level: 4 }, 0)).to.throw(RangeError);
    expect(() => examNumberPrefix({ year: 1999, half: 2, itemId: 12, level: 4 })).to.throw(RangeError);
  });

  // Names compare by code point, as the database orders them elsewhere (机 U+673A before 电 U+7535).
  it('numbers in seat order: department, class, 学号 (no 学号 last), so a class sits together', () => {
    const out = assignNumbers(
      season,
      [
        candidate({ registrationId: 1, departmentName: '机电学院', className: '机电2302', studentNo: 'S900' }),
        candidate({ registrationId: 2, departmentName: '电子工程学院', className: '电子2302', studentNo: 'S100' }),
        candidate({ registrationId: 3, departmentName: '电子工程学院', className: '电子2301', studentNo: 'S200' }),
        candidate({ registrationId: 4, departmentName: '电子工程学院', className: null, studentNo: null }),
        candidate({ registrationId: 5, departmentName: '电子工程学院', className: '电子2301', studentNo: 'S150' }),
      ],
      new Map(),
    );
    expect(out.map((a) => [a.registrationId, a.sequence])).to.deep.equal([
      [1, 1],
      [5, 2],
      [3, 3],
      [2, 4],
      [4, 5],
    ]);
    expect(out.map((a) => a.examNo)).to.deep.equal([
      '24201240001',
      '24201240002',
      '24201240003',
      '24201240004',
      '24201240005',
    ]);
  });

  it('keeps one series per item and level, continuing after the highest number already given', () => {
    const out = assignNumbers(
      season,
      [
        candidate({ registrationId: 1 }),
        candidate({ registrationId: 2, studentNo: 'S002' }),
        candidate({ registrationId: 3, level: 3, label: '电工 三级' }),
        candidate({ registrationId: 4, itemId: 20, level: null, label: '办公软件应用(Office)' }),
      ],
      new Map([
        ['2420124', 41],
        ['2420200', 9],
      ]),
    );
    expect(out.map((a) => a.examNo)).to.deep.equal(['24201240042', '24201230001', '24202000010', '24201240043']);
  });

  it('refuses the whole lot when a series would pass 9999', () => {
    const lot = [
      candidate({ registrationId: 1, itemId: 30, level: null, label: 'LINUX' }),
      candidate({ registrationId: 2 }),
      candidate({ registrationId: 3, studentNo: 'S002' }),
    ];
    expect(() => assignNumbers(season, lot, new Map([['2420124', 9998]]))).to.throw(
      AppError,
      messages.full('电工 四级', '2420124'),
    );
    expect(assignNumbers(season, lot, new Map([['2420124', 9997]])).map((a) => a.examNo)).to.deep.equal([
      '24203000001',
      '24201249998',
      '24201249999',
    ]);
  });

  it('never gives one number twice, whatever the candidates and earlier numbers (property)', () => {
    const arbCandidate = fc.record({
      itemId: fc.integer({ min: 1, max: 4 }),
      level: fc.constantFrom<Level | null>(null, 4, 3),
      departmentName: fc.constantFrom('甲学院', '乙学院'),
      className: fc.option(fc.constantFrom('一班', '二班')),
      studentNo: fc.option(fc.string({ maxLength: 4 })),
    });
    fc.assert(
      fc.property(fc.array(arbCandidate, { maxLength: 40 }), fc.integer({ min: 0, max: 5000 }), (rows, start) => {
        const lot = rows.map((r, i) => ({ ...r, registrationId: i + 1, tieBreak: i + 1, label: 'x' }));
        const highest = new Map(
          lot.map((c) => [examNumberPrefix({ ...season, itemId: c.itemId, level: c.level }), start]),
        );
        const out = assignNumbers(season, lot, highest);
        expect(new Set(out.map((a) => a.examNo)).size).to.equal(lot.length);
        expect(new Set(out.map((a) => a.registrationId)).size).to.equal(lot.length);
        expect(out.every((a) => a.sequence > start)).to.equal(true);
      }),
    );
  });

  it('orders seats with people without a class or 学号 after the others, then by the tie-break', () => {
    const a = { departmentName: 'A', className: null, studentNo: null, tieBreak: 2 };
    const b = { departmentName: 'A', className: null, studentNo: null, tieBreak: 1 };
    const c = { departmentName: 'A', className: '一班', studentNo: null, tieBreak: 3 };
    expect([a, b, c].sort(compareSeats)).to.deep.equal([c, b, a]);
  });
});
