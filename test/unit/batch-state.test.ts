// Where a batch stands (issue 12 item 4): the state on its card in the batch list, from the
// batch's own dates (seed 004 时间进度表), and the plan step that may be skipped or over.
import { expect } from 'chai';
import { BATCH_STATE_NAMES, batchState, planStep, planStepNote, planStepNotice } from '../../app/domain/batch-state.js';
import { parseShanghai } from '../../app/domain/time.js';
import { suggestedTimeline } from '../../app/domain/timeline.js';

const at = (text: string) => parseShanghai(text)!;

describe('batch state (筹备中 / 报名中 / 材料与缴费 / 待考试 / 已结束)', () => {
  const autumn = suggestedTimeline(2026, 2); // registration 09-21 00:00 – 09-30 23:59, fees 10-12 17:00, exam 11-14 08:30
  const stateAt = (text: string) => BATCH_STATE_NAMES[batchState(autumn, at(text))];

  it('is 筹备中 until registration opens, plans or not', () => {
    expect(stateAt('2026-06-01 09:00')).to.equal('筹备中');
    expect(stateAt('2026-09-20 23:59')).to.equal('筹备中');
  });

  it('is 报名中 from the opening minute to the closing minute', () => {
    expect(stateAt('2026-09-21 00:00')).to.equal('报名中');
    expect(stateAt('2026-09-30 23:59')).to.equal('报名中');
  });

  it('is 材料与缴费 until the last of materials, confirmation and fees is due', () => {
    expect(stateAt('2026-10-01 00:00')).to.equal('材料与缴费');
    expect(stateAt('2026-10-12 17:00')).to.equal('材料与缴费');
    const lateFees = { ...autumn, feesDueAt: at('2026-10-15 17:00') };
    expect(BATCH_STATE_NAMES[batchState(lateFees, at('2026-10-14 09:00'))]).to.equal('材料与缴费');
  });

  it('is 待考试 until the end of the exam day (Shanghai), then 已结束', () => {
    expect(stateAt('2026-10-12 17:01')).to.equal('待考试');
    expect(stateAt('2026-11-14 18:00')).to.equal('待考试'); // the exam takes its day
    expect(stateAt('2026-11-15 00:00')).to.equal('已结束');
    expect(stateAt('2026-12-01 09:00')).to.equal('已结束');
  });

  it('is 已结束 once archived, whatever the dates', () => {
    expect(batchState({ ...autumn, archived: true }, at('2026-09-25 10:00'))).to.equal('ended');
  });
});

describe('plan step of a batch', () => {
  const dueAt = at('2027-03-20 17:00');

  it('is open until the plan deadline, then over; skipped when the office skipped it', () => {
    expect(planStep({ plansSkipped: false, plansDueAt: dueAt }, at('2027-03-20 17:00'))).to.equal('open');
    expect(planStep({ plansSkipped: false, plansDueAt: dueAt }, at('2027-03-20 17:01'))).to.equal('over');
    expect(planStep({ plansSkipped: true, plansDueAt: dueAt }, at('2027-01-01 09:00'))).to.equal('skipped');
  });

  it('says so in Chinese when skipped or over, and nothing while open', () => {
    expect(planStepNote('skipped')).to.match(/^评价计划环节已跳过/);
    expect(planStepNote('over')).to.match(/^评价计划环节已结束/);
    expect(planStepNote('open')).to.equal(null);
  });

  it('is mentioned on the card while it matters: skipped always, over only until registration has closed', () => {
    const autumn = { ...suggestedTimeline(2026, 2), plansSkipped: false };
    expect(planStepNotice(autumn, at('2026-09-20 10:00'))).to.equal(null); // still open
    expect(planStepNotice(autumn, at('2026-09-25 10:00'))).to.match(/^评价计划环节已结束/);
    expect(planStepNotice(autumn, at('2026-12-01 09:00'))).to.equal(null); // long over, like every past batch
    expect(planStepNotice({ ...autumn, plansSkipped: true }, at('2026-12-01 09:00'))).to.match(/^评价计划环节已跳过/);
  });
});
