// Working days for the plan lead time (seed 001 Art. 17(一): "评价机构提前7个工作日…提交职业技能
// 等级认定计划"). The 2024 holidays are the State Council's published arrangement.
import { expect } from 'chai';
import fc from 'fast-check';
import { leadTimeShortfall, PLAN_LEAD_WORKING_DAYS } from '../../app/domain/plan-rules.js';
import {
  addWorkingDays,
  calendarOf,
  dayNumber,
  dayText,
  isCalendarDay,
  isWorkingDay,
  NO_HOLIDAYS,
  shanghaiDay,
  workingDaysAfter,
  type WorkCalendar,
} from '../../app/domain/working-days.js';

// 2024: 中秋 9-15..9-17 (9-14 Sat works); 国庆 10-1..10-7 (9-29 Sun and 10-12 Sat work); 2025 元旦 1-1.
const CAL_2024 = calendarOf([
  { day: '2024-09-14', workday: true },
  { day: '2024-09-15', workday: false },
  { day: '2024-09-16', workday: false },
  { day: '2024-09-17', workday: false },
  { day: '2024-09-29', workday: true },
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ day: `2024-10-${d}`, workday: false })),
  { day: '2024-10-12', workday: true },
  { day: '2025-01-01', workday: false },
]);

/** The slow, obvious count the fast one must agree with. */
function bruteForce(from: string, to: string, calendar: WorkCalendar): number {
  let count = 0;
  for (let n = dayNumber(from)! + 1; n <= dayNumber(to)!; n++) if (isWorkingDay(dayText(n)!, calendar)) count++;
  return count;
}

const allDays = (from: string, to: string) => {
  const days: string[] = [];
  for (let n = dayNumber(from)!; n <= dayNumber(to)!; n++) days.push(dayText(n)!);
  return days;
};

describe('working days (seed 001 Art. 17(一): the plan 7 working days ahead)', () => {
  it('reads only real YYYY-MM-DD days', () => {
    expect(['2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'].map(isCalendarDay)).to.deep.equal([
      true,
      true,
      true,
      true,
    ]);
    expect(
      [
        '2023-02-29',
        '1900-02-29',
        '2024-13-01',
        '2024-04-31',
        '2024-1-5',
        '2024/01/05',
        '',
        ' 2024-01-05',
        '２０２４-01-05',
      ].map(isCalendarDay),
    ).to.deep.equal(Array(9).fill(false));
    expect(dayNumber('1970-01-01')).to.equal(0);
    expect(dayText(dayNumber('0050-03-01')!)).to.equal('0050-03-01'); // not read as 1950
  });

  it('counts Monday to Friday and skips weekends', () => {
    expect(workingDaysAfter('2024-11-04', '2024-11-08', NO_HOLIDAYS)).to.equal(4); // Mon → Fri
    expect(workingDaysAfter('2024-11-08', '2024-11-10', NO_HOLIDAYS)).to.equal(0); // Fri → Sun
    expect(workingDaysAfter('2024-11-04', '2024-11-11', NO_HOLIDAYS)).to.equal(5); // a whole week
    expect(workingDaysAfter('2024-11-09', '2024-11-11', NO_HOLIDAYS)).to.equal(1); // Sat → Mon
    expect(['2024-11-08', '2024-11-09', '2024-11-10'].map((d) => isWorkingDay(d, NO_HOLIDAYS))).to.deep.equal([
      true,
      false,
      false,
    ]);
  });

  it('counts nothing for the same day or a day before', () => {
    expect(workingDaysAfter('2024-11-04', '2024-11-04', NO_HOLIDAYS)).to.equal(0);
    expect(workingDaysAfter('2024-11-13', '2024-11-04', NO_HOLIDAYS)).to.equal(0);
    expect(addWorkingDays('2024-11-09', 0, NO_HOLIDAYS)).to.equal('2024-11-09');
  });

  it('skips a public holiday on a weekday (国庆 2024-10-01..07)', () => {
    expect(workingDaysAfter('2024-09-30', '2024-10-08', NO_HOLIDAYS)).to.equal(6);
    expect(workingDaysAfter('2024-09-30', '2024-10-08', CAL_2024)).to.equal(1);
    expect(isWorkingDay('2024-10-02', CAL_2024)).to.equal(false);
  });

  it('counts a 调休 Saturday (2024-10-12) and a 调休 Sunday (2024-09-29) as working days', () => {
    expect(isWorkingDay('2024-10-12', CAL_2024)).to.equal(true);
    expect(workingDaysAfter('2024-10-11', '2024-10-12', CAL_2024)).to.equal(1);
    expect(workingDaysAfter('2024-10-11', '2024-10-12', NO_HOLIDAYS)).to.equal(0);
    expect(workingDaysAfter('2024-09-27', '2024-09-30', CAL_2024)).to.equal(2); // Sun 29 (调休) + Mon 30
  });

  it('a holiday that falls on a weekend is not taken off twice', () => {
    const calendar = calendarOf([
      { day: '2024-10-05', workday: false },
      { day: '2024-10-06', workday: false },
    ]);
    expect(workingDaysAfter('2024-10-04', '2024-10-07', calendar)).to.equal(1);
  });

  it('crosses month and year ends, leap day included', () => {
    expect(workingDaysAfter('2024-01-31', '2024-02-01', NO_HOLIDAYS)).to.equal(1);
    expect(workingDaysAfter('2024-02-28', '2024-03-01', NO_HOLIDAYS)).to.equal(2); // Thu 29, Fri 1
    expect(workingDaysAfter('2023-02-28', '2023-03-01', NO_HOLIDAYS)).to.equal(1);
    expect(workingDaysAfter('2024-12-31', '2025-01-02', NO_HOLIDAYS)).to.equal(2);
    expect(workingDaysAfter('2024-12-31', '2025-01-02', CAL_2024)).to.equal(1); // 元旦
    expect(addWorkingDays('2024-12-27', 3, CAL_2024)).to.equal('2025-01-02'); // Mon 30, Tue 31, (元旦), Thu 2
    expect(workingDaysAfter('2024-01-01', '2025-01-01', NO_HOLIDAYS)).to.equal(262);
  });

  it('places the 7th working day exactly, across 国庆 and its 调休 days', () => {
    expect(addWorkingDays('2024-11-04', 7, NO_HOLIDAYS)).to.equal('2024-11-13');
    expect(addWorkingDays('2024-09-27', 7, NO_HOLIDAYS)).to.equal('2024-10-08');
    // Sun 29 (调休), Mon 30, [1–7 off], Tue 8, Wed 9, Thu 10, Fri 11, Sat 12 (调休)
    expect(addWorkingDays('2024-09-27', 7, CAL_2024)).to.equal('2024-10-12');
    expect(addWorkingDays('2024-09-13', 1, CAL_2024)).to.equal('2024-09-14'); // 中秋调休 Saturday
  });

  it(`warns below ${PLAN_LEAD_WORKING_DAYS} working days and not at exactly ${PLAN_LEAD_WORKING_DAYS} (seed 001 Art. 17(一))`, () => {
    expect(leadTimeShortfall('2024-11-04', '2024-11-13', NO_HOLIDAYS)).to.equal(null);
    expect(leadTimeShortfall('2024-11-04', '2024-11-12', NO_HOLIDAYS)).to.deep.equal({
      workingDays: 6,
      earliest: '2024-11-13',
    });
    expect(leadTimeShortfall('2024-09-27', '2024-10-11', CAL_2024)).to.deep.equal({
      workingDays: 6,
      earliest: '2024-10-12',
    });
    expect(leadTimeShortfall('2024-09-27', '2024-10-12', CAL_2024)).to.equal(null);
    expect(leadTimeShortfall('2024-09-27', '2024-10-10', NO_HOLIDAYS)).to.equal(null); // the holiday makes the difference
    expect(leadTimeShortfall('2024-09-27', 'not a day', CAL_2024)).to.equal(null);
  });

  it('turns an instant into its Shanghai calendar day', () => {
    expect(shanghaiDay(new Date('2024-09-20T15:59:00Z'))).to.equal('2024-09-20'); // 23:59 in Shanghai
    expect(shanghaiDay(new Date('2024-09-20T16:00:00Z'))).to.equal('2024-09-21'); // 00:00 the next day
  });

  it('agrees with a day-by-day count for every pair of days in autumn 2024', () => {
    const days = allDays('2024-09-01', '2024-11-30');
    for (const from of days)
      for (const to of days) {
        if (to >= from)
          expect(workingDaysAfter(from, to, CAL_2024), `${from} → ${to}`).to.equal(bruteForce(from, to, CAL_2024));
      }
  });

  it('answers null, not an exception, for text that is not a day', () => {
    expect(workingDaysAfter('2024-02-30', '2024-03-01', NO_HOLIDAYS)).to.equal(null);
    expect(addWorkingDays('x', 3, NO_HOLIDAYS)).to.equal(null);
    expect(addWorkingDays('2024-01-01', -1, NO_HOLIDAYS)).to.equal(null);
    expect(addWorkingDays('9999-12-31', 1, NO_HOLIDAYS)).to.equal(null);
  });

  describe('properties', () => {
    const day = fc
      .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const nearDay = fc
      .integer({ min: dayNumber('2023-01-01')!, max: dayNumber('2026-12-31')! })
      .map((n) => dayText(n)!);
    const calendar = fc.array(fc.record({ day: nearDay, workday: fc.boolean() }), { maxLength: 30 }).map(calendarOf);

    it('never throws for any pair of days, and counts no more days than there are', () => {
      fc.assert(
        fc.property(day, day, calendar, (from, to, cal) => {
          const count = workingDaysAfter(from, to, cal)!;
          expect(count).to.be.at.least(0);
          expect(count).to.be.at.most(Math.max(0, dayNumber(to)! - dayNumber(from)!));
        }),
      );
    });

    it('never throws for any text either', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), (from, to) => {
          const count = workingDaysAfter(from, to, NO_HOLIDAYS);
          expect(count === null || count >= 0).to.equal(true);
        }),
      );
    });

    it('the n-th working day after a day is a working day n working days later', () => {
      fc.assert(
        fc.property(nearDay, fc.integer({ min: 1, max: 60 }), calendar, (from, n, cal) => {
          const target = addWorkingDays(from, n, cal)!;
          expect(isWorkingDay(target, cal)).to.equal(true);
          expect(workingDaysAfter(from, target, cal)).to.equal(n);
          expect(leadTimeShortfall(from, target, cal) === null).to.equal(n >= PLAN_LEAD_WORKING_DAYS);
        }),
      );
    });

    it('agrees with the day-by-day count under any holiday list', () => {
      fc.assert(
        fc.property(nearDay, fc.integer({ min: 0, max: 120 }), calendar, (from, span, cal) => {
          const to = dayText(dayNumber(from)! + span)!;
          expect(workingDaysAfter(from, to, cal)).to.equal(bruteForce(from, to, cal));
        }),
      );
    });
  });
});
