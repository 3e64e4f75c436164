// A plan row (seed 001 Art. 17(一): 职业（工种）、技能等级、评价人数、评价时间、评价地点、评价方式)
// checked against the catalog (seed 004 §一: active items, the levels each occupation offers).
import { expect } from 'chai';
import type { ItemRef } from '../../app/domain/items.js';
import {
  checkContact,
  checkPlanRow,
  EXAM_METHODS,
  isEditable,
  leadTimeWarning,
  messages,
  type PlanRowInput,
} from '../../app/domain/plan-rules.js';
import { NO_HOLIDAYS } from '../../app/domain/working-days.js';

const electrician: ItemRef = {
  id: 7,
  kind: 'grade',
  name: '电工',
  levels: [4, 3],
  admitsStudents: true,
  admitsSocial: true,
  active: true,
};
const office: ItemRef = {
  id: 9,
  kind: 'special',
  name: '办公软件应用(Office)',
  levels: [],
  admitsStudents: true,
  admitsSocial: true,
  active: true,
};
const row = (overrides: Partial<PlanRowInput> = {}): PlanRowInput => ({
  itemId: 7,
  level: 4,
  headcount: 40,
  examOn: '2024-11-09',
  examTime: ' 09:00-11:00 ',
  place: ' 实训楼 A301 ',
  method: '机考+实操',
  ...overrides,
});
const problems = (input: PlanRowInput, item: ItemRef | null = electrician) => checkPlanRow(input, item).problems;

describe('plan rows (seed 001 Art. 17(一); seed 004 §一)', () => {
  it('accepts a complete row and trims what was typed', () => {
    expect(checkPlanRow(row(), electrician)).to.deep.equal({
      values: {
        catalogItemId: 7,
        level: 4,
        headcount: 40,
        examOn: '2024-11-09',
        examTime: '09:00-11:00',
        place: '实训楼 A301',
        method: '机考+实操',
      },
      problems: [],
    });
    expect(problems(row({ itemId: 9, level: null, examTime: '' }), office)).to.deep.equal([]);
  });

  it('takes only active items, and for grade items only the levels the catalog offers', () => {
    expect(problems(row(), null)).to.deep.equal([messages.item]);
    expect(problems(row(), { ...electrician, active: false })).to.deep.equal([messages.inactive('电工')]);
    expect(problems(row({ level: 5 }))).to.deep.equal([messages.levelNotOffered('电工', '四级、三级')]);
    expect(problems(row({ level: null }))).to.deep.equal([messages.levelNeeded('电工')]);
    expect(problems(row({ level: 4 }), office)).to.deep.equal([messages.levelOnSpecial('办公软件应用(Office)')]);
  });

  it('wants a headcount from 1 to 2000', () => {
    for (const bad of [0, -3, 2001, 1.5, NaN])
      expect(problems(row({ headcount: bad })), String(bad)).to.deep.equal([messages.headcount]);
    for (const good of [1, 2000]) expect(problems(row({ headcount: good }))).to.deep.equal([]);
  });

  it('wants a real date, a place of at most 100 characters, a time of at most 20, a method from the list', () => {
    expect(problems(row({ examOn: '2024-02-30' }))).to.deep.equal([messages.examOn]);
    expect(problems(row({ examOn: '2024/11/09' }))).to.deep.equal([messages.examOn]);
    expect(problems(row({ place: '  ' }))).to.deep.equal([messages.place]);
    expect(problems(row({ place: '楼'.repeat(100) }))).to.deep.equal([]);
    expect(problems(row({ place: '楼'.repeat(101) }))).to.deep.equal([messages.place]);
    expect(problems(row({ examTime: '9'.repeat(21) }))).to.deep.equal([messages.examTime]);
    expect(problems(row({ method: '口试' }))).to.deep.equal([messages.method]);
    for (const method of EXAM_METHODS) expect(problems(row({ method }))).to.deep.equal([]);
  });

  it('lists every problem of a row at once', () => {
    expect(problems(row({ level: 5, headcount: 0, examOn: '', place: '', method: '' }))).to.have.length(5);
  });

  it('wants a contact name and a phone number', () => {
    expect(checkContact('王老师', '0731-88888888')).to.deep.equal([]);
    expect(checkContact('王老师', '13800138000')).to.deep.equal([]);
    expect(checkContact('', '12')).to.deep.equal([messages.contact, messages.phone]);
    expect(checkContact('王老师', '电话')).to.deep.equal([messages.phone]);
  });

  it('lets the teacher change a plan only as a draft or after it came back', () => {
    expect((['draft', 'submitted', 'returned', 'accepted'] as const).map(isEditable)).to.deep.equal([
      true,
      false,
      true,
      false,
    ]);
  });

  it('counts the 7 working days from the submission day, or from today while the plan is with the department (seed 001 Art. 17(一))', () => {
    const submittedAt = new Date('2024-11-03T16:30:00Z'); // Mon 2024-11-04 00:30 in Shanghai
    const now = new Date('2024-11-06T02:00:00Z'); // Wed 2024-11-06
    expect(leadTimeWarning({ status: 'submitted', submittedAt }, '2024-11-13', NO_HOLIDAYS, now)).to.equal(null);
    expect(leadTimeWarning({ status: 'accepted', submittedAt }, '2024-11-12', NO_HOLIDAYS, now)).to.equal(
      messages.leadShort('2024-11-04', 6, '2024-11-13', true),
    );
    expect(leadTimeWarning({ status: 'returned', submittedAt }, '2024-11-13', NO_HOLIDAYS, now)).to.equal(
      messages.leadShort('2024-11-06', 5, '2024-11-15', false),
    );
    expect(leadTimeWarning({ status: 'draft', submittedAt: null }, '2024-11-15', NO_HOLIDAYS, now)).to.equal(null);
  });
});
