// The student's progress card (seed 004 时间进度表; issue 12 item 2): every step from the data,
// the next step the first one not done, buttons only where the student can act, and the to-do
// list built from the same facts.
import { expect } from 'chai';
import { progressSteps, studentTodosFrom, type ProgressFacts } from '../../app/domain/progress.js';
import { suggestedTimeline } from '../../app/domain/timeline.js';
import type { PackageStatus } from '../../app/domain/package-layout.js';

const timeline = suggestedTimeline(2024, 2);
const facts = (overrides: Partial<ProgressFacts> = {}): ProgressFacts => ({
  kind: 'grade',
  registeredAt: new Date('2024-09-22T00:00:00Z'),
  package: null,
  dueFen: 32000,
  collectedFen: 0,
  examNo: null,
  ticketsVisibleFrom: timeline.ticketsAt,
  materialsDueAt: timeline.materialsDueAt,
  confirmationDueAt: timeline.confirmationDueAt,
  feesDueAt: timeline.feesDueAt,
  examAt: timeline.examAt,
  certificatesAt: timeline.certificatesAt,
  ...overrides,
});
const byName = (f: ProgressFacts, now: Date) => Object.fromEntries(progressSteps(f, now).map((s) => [s.name, s]));
const sept25 = new Date('2024-09-25T00:00:00Z');
const oct25 = new Date('2024-10-25T00:00:00Z'); // after the ticket release (10-24 09:00)

describe('registration progress (seed 004 时间进度表)', () => {
  it('gives grade candidates materials and confirmation steps, special candidates not', () => {
    expect(progressSteps(facts(), sept25).map((s) => s.name)).to.deep.equal([
      '报名',
      '提交材料',
      '报名确认',
      '缴费',
      '准考证',
      '考试',
      '成绩/证书',
    ]);
    expect(progressSteps(facts({ kind: 'special', dueFen: 20000 }), sept25).map((s) => s.name)).to.deep.equal([
      '报名',
      '缴费',
      '准考证',
      '考试',
      '成绩/证书',
    ]);
  });

  it('a new grade candidate: 提交材料 is next, with the button', () => {
    const steps = byName(facts(), sept25);
    expect([steps['提交材料'].status, steps['提交材料'].next, steps['提交材料'].action?.label]).to.deep.equal([
      '未提交',
      true,
      '提交材料',
    ]);
    expect(steps['缴费'].status).to.equal('未缴 320 元（交本院指定老师）');
  });

  it('accepted, paid and numbered after the release: every step done up to the exam, no materials button', () => {
    const f = facts({
      package: { status: 'accepted', returnReason: null },
      collectedFen: 32000,
      examNo: '24200440001',
    });
    const steps = byName(f, oct25);
    expect(steps['提交材料']).to.include({ status: '已接收', done: true, action: null });
    expect(steps['缴费']).to.include({ status: '已缴 320 元', done: true });
    expect(steps['准考证']).to.include({ status: '可打印（准考证号 24200440001）', done: true });
    expect(steps['准考证'].action!.href).to.equal('/student/ticket');
    expect(progressSteps(f, oct25).find((s) => s.next)!.name).to.equal('考试');
    expect(studentTodosFrom([f], oct25).map((t) => t.text)).to.deep.equal(['准考证已可以打印，请打印后按时参加考核']);
  });

  it('each materials state in words; a returned package shows the reason and a resubmit button', () => {
    const status = (s: PackageStatus) =>
      byName(facts({ package: { status: s, returnReason: '照片看不清' } }), sept25)['提交材料'];
    expect(
      (['uploaded', 'pre-approved', 'submitted'] as const).map((s) => [status(s).status, status(s).action]),
    ).to.deep.equal([
      ['待初审', null],
      ['初审通过，待本院提交', null],
      ['已提交继续教育学院', null],
    ]);
    expect(status('returned')).to.deep.include({
      status: '被退回：照片看不清',
      action: { label: '重新提交材料', href: '/student/materials' },
    });
  });

  it('a ticket numbered before its release time is 未发放 with the time, and no to-do promises it', () => {
    const f = facts({
      package: { status: 'accepted', returnReason: null },
      collectedFen: 32000,
      examNo: '24200440001',
    });
    const before = new Date('2024-10-20T00:00:00Z');
    expect(byName(f, before)['准考证']).to.include({
      status: '未发放（10-24 09:00 起可查看）',
      done: false,
      action: null,
    });
    expect(studentTodosFrom([f], before)).to.deep.equal([]);
  });

  it('a partial payment: what came in and what is left; the to-do sums the owing items', () => {
    const grade = facts({ collectedFen: 10000 });
    const special = facts({ kind: 'special', dueFen: 20000 });
    expect(byName(grade, sept25)['缴费'].status).to.equal('已缴 100 元，还差 220 元');
    expect(studentTodosFrom([grade, special], sept25).map((t) => t.text)).to.include(
      '请在 10-12 17:00 前缴费 420 元（交本院指定老师）',
    );
  });

  it('after the materials deadline nothing offers a button that would be refused', () => {
    const late = new Date('2024-10-11T00:00:00Z');
    expect(byName(facts(), late)['提交材料']).to.include({
      status: '未提交（已截止，请联系本院指定老师）',
      action: null,
    });
    expect(studentTodosFrom([facts()], late).map((t) => t.link)).not.to.include('/student/materials');
  });
});
