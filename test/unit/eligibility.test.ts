// The two-item rule and the catalog's levels and candidate types (seed 004 §二.1, 报考工作须知
// §二.3 and §四.1; seed 004 §一(一) 认定级别、认定对象).
import { expect } from 'chai';
import { messages, registrationProblems, type Choice, type Held } from '../../app/domain/eligibility.js';
import type { ItemRef } from '../../app/domain/items.js';
import { parseLevelText } from '../../app/domain/items.js';

const grade = (id: number, name: string, levels: ItemRef['levels'], admitsSocial = true): ItemRef => ({
  id,
  kind: 'grade',
  name,
  levels,
  admitsStudents: true,
  admitsSocial,
  active: true,
});
const special = (id: number, name: string): ItemRef => ({
  id,
  kind: 'special',
  name,
  levels: [],
  admitsStudents: true,
  admitsSocial: true,
  active: true,
});

const electrician = grade(1, '电工', [4, 3]);
const robot = grade(2, '工业机器人系统操作员', [4]);
const debugger_ = grade(3, '电子设备调试工', [5, 4, 3], false);
const office = special(10, '办公软件应用(Office)');
const python = special(11, 'Python应用数据挖掘');
const live = special(12, '电商直播销售');

const choose = (item: ItemRef, level: Choice['level'] = null, attempt: Choice['attempt'] = 'initial'): Choice => ({
  item,
  level,
  attempt,
});
const messagesOf = (held: Held[], wanted: Choice[], type: 'campus' | 'social' = 'campus') =>
  registrationProblems(held, wanted, type).map((p) => p.message);
const heldElectrician: Held = { itemId: 1, kind: 'grade', label: '电工 四级' };
const heldOffice: Held = { itemId: 10, kind: 'special', label: '办公软件应用(Office)' };

describe('eligibility: at most two items (seed 004 §二.1 "考生一次最多报两个项目")', () => {
  it('allows one grade item and one special item', () => {
    expect(messagesOf([], [choose(electrician, 4), choose(office)])).to.deep.equal([]);
    expect(messagesOf([heldElectrician], [choose(office)])).to.deep.equal([]);
  });

  it('allows two special items', () => {
    expect(messagesOf([], [choose(office), choose(python)])).to.deep.equal([]);
    expect(messagesOf([heldOffice], [choose(python)])).to.deep.equal([]);
  });

  it('refuses two grade items, naming the one already held ("不能同时报两个等级认定类的职业")', () => {
    expect(messagesOf([heldElectrician], [choose(robot, 4)])).to.deep.equal([messages.twoGrade('电工 四级')]);
    expect(messages.twoGrade('电工 四级')).to.equal(
      '不能同时报两个等级认定类项目：你已报「电工 四级」，如需更换请先取消',
    );
    expect(messagesOf([], [choose(electrician, 4), choose(robot, 4)])).to.deep.equal([messages.twoGradeAtOnce]);
  });

  it('refuses a third item', () => {
    expect(messagesOf([heldElectrician, heldOffice], [choose(python)])).to.deep.equal([
      messages.tooMany(['电工 四级', '办公软件应用(Office)']),
    ]);
    expect(messagesOf([], [choose(office), choose(python), choose(live)])).to.deep.equal([messages.tooMany([])]);
  });

  it('speaks to the student as 你, and names the candidate when staff register on their behalf (代为报名)', () => {
    const twoGrade = registrationProblems([heldElectrician], [choose(robot, 4)], 'campus', '张三');
    expect(twoGrade.map((p) => p.message)).to.deep.equal([
      '不能同时报两个等级认定类项目：张三已报「电工 四级」，如需更换请先取消',
    ]);
    const third = registrationProblems([heldElectrician, heldOffice], [choose(python)], 'campus', '张三').map(
      (p) => p.message,
    );
    expect(third).to.deep.equal([
      '每人每批次最多报两个项目（等级认定和专项各一个，或两个专项）：张三已报「电工 四级」、「办公软件应用(Office)」，如需更换请先取消一个',
    ]);
    expect(messagesOf([heldElectrician, heldOffice], [choose(python)])[0]).to.include('：你已报「电工 四级」');
    for (const message of [...twoGrade.map((p) => p.message), ...third]) expect(message).to.not.include('你');
  });

  it('refuses the same item twice, held or in one form', () => {
    expect(messagesOf([heldOffice], [choose(office)])).to.include(messages.sameItem('办公软件应用(Office)'));
    expect(messagesOf([], [choose(python), choose(python)])).to.deep.equal([messages.sameItem('Python应用数据挖掘')]);
    expect(messagesOf([heldElectrician], [choose(electrician, 3)])).to.include(messages.sameItem('电工 三级'));
  });

  it('asks for at least one choice', () => {
    expect(messagesOf([], [])).to.deep.equal([messages.nothingChosen]);
  });
});

describe('eligibility: levels and candidate types (seed 004 §一(一))', () => {
  it('refuses a level the occupation does not offer (工业机器人系统操作员 only 4)', () => {
    const problems = registrationProblems([], [choose(robot, 3)], 'campus');
    expect(problems).to.deep.equal([
      { rule: 'level-not-offered', message: messages.levelNotOffered('工业机器人系统操作员', '四级') },
    ]);
    expect(messagesOf([], [choose(debugger_, 5)])).to.deep.equal([]);
  });

  it('refuses 电子设备调试工 to social candidates (认定对象: 校内考生 only)', () => {
    expect(messagesOf([], [choose(debugger_, 4)], 'social')).to.deep.equal([messages.notForSocial('电子设备调试工')]);
    expect(messagesOf([], [choose(electrician, 4)], 'social')).to.deep.equal([]);
  });

  it('needs a level for a grade item and refuses one on a special item', () => {
    expect(registrationProblems([], [choose(electrician)], 'campus')[0].rule).to.equal('level-needed');
    expect(registrationProblems([], [choose(office, 4)], 'campus')[0].rule).to.equal('level-on-special');
  });

  it('refuses an inactive item', () => {
    expect(messagesOf([], [choose({ ...office, active: false })])).to.deep.equal([
      messages.inactive('办公软件应用(Office)'),
    ]);
  });

  it('matches retakes to the kind (专项: one subject; 等级认定: theory, practical or both)', () => {
    expect(messagesOf([], [choose(office, null, 'retake')])).to.deep.equal([]);
    expect(messagesOf([], [choose(office, null, 'retake-theory')])).to.deep.equal([
      messages.attemptWrong('办公软件应用(Office)'),
    ]);
    expect(messagesOf([], [choose(electrician, 4, 'retake')])).to.deep.equal([messages.attemptWrong('电工')]);
    for (const attempt of ['retake-theory', 'retake-practical', 'retake-both'] as const)
      expect(messagesOf([], [choose(electrician, 4, attempt)])).to.deep.equal([]);
  });

  it('reads levels as a campus export writes them', () => {
    expect(['4', '四级', '中级', '中级工', '四级/中级工', ' 4 '].map(parseLevelText)).to.deep.equal([4, 4, 4, 4, 4, 4]);
    expect(['三级', '高级', '5', '初级工'].map(parseLevelText)).to.deep.equal([3, 3, 5, 5]);
    expect(['六级', '', 'x'].map(parseLevelText)).to.deep.equal([null, null, null]);
  });
});
