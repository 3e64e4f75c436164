// 新建批次 on a fixed day, 2026-12-01 (issue 12 item 4): the form offers the next season that can
// still happen, a deadline already past is saved only when the office confirms it, the plan step
// can be skipped so registration opens today, and every batch card says where the batch stands.
import { expect } from 'chai';
import { noticeSchedule } from '../../app/domain/fees.js';
import { parseShanghai, toInputValue } from '../../app/domain/time.js';
import { suggestedTimeline, type Timeline } from '../../app/domain/timeline.js';
import { Batch, DeadlineExtension } from '../../app/models/index.js';
import { createBatch } from '../../app/services/season/batches.js';
import { systemActor } from '../../app/services/context.js';
import { messages as extensionMessages } from '../../app/services/season/extensions.js';
import { messages as planMessages } from '../../app/services/plans/plans.js';
import { archive } from '../factories/batches.js';
import { officeAgent, postForm, studentAgent, teacherAgent, uid, type Agent } from '../factories/index.js';
import { noBatchMessages } from '../../app/web/page-batch.js';
import { h } from '../setup/hooks.js';

const TODAY = parseShanghai('2026-12-01 09:00')!;
const at = (text: string) => parseShanghai(text)!;

/** The form as the office sends it: every deadline as the input shows it, the notice's prices. */
function batchForm(name: string, timeline: Timeline, extra: Record<string, string> = {}) {
  const fields: Record<string, string> = {
    name,
    year: '2027',
    half: '1',
    fee_special_0_initial: '200',
    fee_grade_4_initial: '320',
  };
  for (const [key, date] of Object.entries(timeline)) fields[key] = toInputValue(date);
  return { ...fields, ...extra };
}

/** Registration opening at noon today, everything after it in order. */
function openingToday(): Timeline {
  return {
    plansDueAt: at('2026-12-01 08:00'),
    registrationOpensAt: at('2026-12-01 12:00'),
    registrationClosesAt: at('2026-12-10 23:59'),
    materialsDueAt: at('2026-12-20 17:00'),
    confirmationDueAt: at('2026-12-22 17:00'),
    feesDueAt: at('2026-12-22 17:00'),
    ticketsAt: at('2027-01-05 09:00'),
    examAt: at('2027-01-09 08:30'),
    certificatesAt: at('2027-03-15 09:00'),
  };
}

const save = (agent: Agent, fields: Record<string, string>) =>
  postForm(agent, '/office/batches/new', '/office/batches', fields);

/** The card of one batch on the list: from its heading to the next card. */
function cardOf(page: string, name: string): string {
  const start = page.indexOf(`<h2>${name} `);
  expect(start, `card of ${name}`).to.be.greaterThan(-1);
  return page.slice(start, page.indexOf('</section>', start));
}

describe('office: a new batch on 2026-12-01 (issue 12)', () => {
  let realNow: () => Date;
  const made: Batch[] = [];
  beforeEach(() => {
    realNow = h().app.ctx.now;
    h().app.ctx.now = () => TODAY; // the same ctx the routes were built with
  });
  afterEach(async () => {
    h().app.ctx.now = realNow;
    for (const batch of made.splice(0)) await archive(batch); // a 2027 batch would become everyone's current one
  });
  const track = async (name: string) => {
    const batch = await Batch.findOne({ where: { name } });
    if (batch) made.push(batch);
    return batch;
  };

  it("offers 2027年上半年 with the notice's days shifted to it, not the autumn that is over", async () => {
    const { agent } = await officeAgent();
    const form = (await agent.get('/office/batches/new')).text;
    expect(form)
      .to.include('value="2027年上半年"')
      .and.include('value="2027-03-20T17:00"')
      .and.include('value="2027-03-21T00:00"');
    expect(form).to.not.include('value="2026-09-');
    expect(form).to.include('name="plansSkipped"').and.include('name="confirmPast"');
  });

  it('refuses deadlines already past, naming each and the way out, then saves them once confirmed', async () => {
    const { agent } = await officeAgent();
    const name = `补录批次${uid()}`;
    const stale = batchForm(name, suggestedTimeline(2026, 2), { year: '2026', half: '2' });
    expect((await save(agent, stale)).headers.location).to.equal('/office/batches/new');
    const page = (await agent.get('/office/batches/new')).text;
    expect(page).to.include(
      '“网上报名开始”、“网上报名截止”、“材料提交截止”、“报名确认截止”、“缴费确认截止”、“准考证发放”、“考核时间”早于现在',
    );
    expect(page).to.include('请勾选“确认保存早于现在的时间”后再保存；否则请改成以后的时间');
    expect(page).to.include('“网上报名开始” 2026-09-21 00:00 已过');
    expect(page).to.include('value="2026-09-21T00:00"'); // what was typed comes back
    expect(await track(name)).to.equal(null);

    expect((await save(agent, { ...stale, confirmPast: 'on' })).headers.location).to.equal('/office/batches');
    const saved = await track(name);
    expect(saved!.registrationOpensAt.toISOString()).to.equal(at('2026-09-21 00:00').toISOString());
    expect(cardOf((await agent.get('/office/batches')).text, name)).to.include('已结束');
  });

  it('saves the pre-filled next season without any warning', async () => {
    const { agent } = await officeAgent();
    const name = `2027年上半年${uid()}`;
    const res = await save(agent, batchForm(name, suggestedTimeline(2027, 1)));
    expect(res.headers.location).to.equal('/office/batches');
    const list = (await agent.get('/office/batches')).text;
    expect(list).to.include(`role="status">已新建批次“${name}”</div>`);
    expect(cardOf(list, name)).to.include('筹备中').and.include('2027-03-20 17:00').and.not.include('评价计划环节');
    await track(name);
  });

  it('opens registration today with the plan step skipped: no past plan deadline typed, and every page says so', async () => {
    const { agent } = await officeAgent();
    const name = `冬季批次${uid()}`;
    const res = await save(agent, batchForm(name, openingToday(), { plansDueAt: '', plansSkipped: 'on' }));
    expect(res.headers.location).to.equal('/office/batches');
    const batch = (await track(name))!;
    expect(batch.plansSkipped).to.equal(true);
    expect(batch.plansDueAt.getTime()).to.equal(TODAY.getTime()); // over from the moment it was skipped
    const list = (await agent.get('/office/batches')).text;
    expect(list).to.include(`已新建批次“${name}”。评价计划环节已跳过`);
    expect(cardOf(list, name)).to.include('筹备中').and.include('评价计划环节已跳过').and.include('<dd>已跳过</dd>');
    expect((await agent.get(`/office/batches/${batch.id}/edit`)).text).to.match(/name="plansSkipped" checked/);
    expect((await agent.get(`/office/plans?batch=${batch.id}`)).text).to.include('本批次跳过了评价计划环节');

    const teacher = await teacherAgent();
    const plans = (await teacher.agent.get(`/teacher/plans?batch=${batch.id}`)).text;
    expect(plans).to.include('本批次跳过了评价计划环节').and.not.include('添加到计划');
    await postForm(teacher.agent, `/teacher/plans?batch=${batch.id}`, '/teacher/plans/contact', {
      batchId: String(batch.id),
      contact: '王老师',
      contactPhone: '13800001111',
    });
    expect((await teacher.agent.get(`/teacher/plans?batch=${batch.id}`)).text).to.include(planMessages.skipped);

    await postForm(agent, `/office/batches/${batch.id}/edit`, `/office/batches/${batch.id}/extensions`, {
      departmentId: String(teacher.department.id),
      deadline: 'plansDueAt',
      until: '2026-12-05T17:00',
      reason: '补交计划',
    });
    expect((await agent.get(`/office/batches/${batch.id}/edit`)).text).to.include(extensionMessages.plansSkipped);
    expect(await DeadlineExtension.count({ where: { batchId: batch.id } })).to.equal(0);
  });

  it('accepts a plan deadline already over without a confirmation, and says the plan step has ended', async () => {
    const { agent } = await officeAgent();
    const name = `冬季批次${uid()}`;
    expect((await save(agent, batchForm(name, openingToday()))).headers.location).to.equal('/office/batches');
    const list = (await agent.get('/office/batches')).text;
    expect(list).to.include(`已新建批次“${name}”。评价计划环节已结束`);
    expect(cardOf(list, name)).to.include('评价计划环节已结束').and.include('2026-12-01 08:00');
    expect((await track(name))!.plansSkipped).to.equal(false);
  });

  it("shows each batch's state on its card: 筹备中, 报名中, 材料与缴费, 待考试, 已结束", async () => {
    const { agent } = await officeAgent();
    const shifted = (days: number): Timeline => {
      const t = suggestedTimeline(2026, 2); // registration 09-21 – 09-30, fees 10-12, exam 11-14
      return Object.fromEntries(
        Object.entries(t).map(([k, d]) => [k, new Date(d.getTime() + days * 86_400_000)]),
      ) as Timeline;
    };
    const cases: Array<[string, Timeline]> = [
      ['筹备中', suggestedTimeline(2027, 1)],
      ['报名中', shifted(66)], // registration 11-26 – 12-05
      ['材料与缴费', shifted(55)], // registration closed 11-24, fees due 12-06
      ['待考试', shifted(25)], // fees were due 11-06, exam on 12-09
      ['已结束', suggestedTimeline(2026, 2)],
    ];
    const names: string[] = [];
    for (const [state, timeline] of cases) {
      const name = `状态${state}${uid()}`;
      names.push(name);
      made.push(
        await createBatch(h().app.ctx, systemActor, {
          name,
          year: 2026,
          half: 2,
          timeline,
          fees: noticeSchedule(),
          confirmPast: true,
        }),
      );
    }
    const list = (await agent.get('/office/batches')).text;
    cases.forEach(([state], i) =>
      expect(cardOf(list, names[i]), names[i]).to.include(`<span class="tag batch-state">${state}</span>`),
    );
  });

  it('on an edit, asks again only for a deadline moved into the past, not for the past of a running batch', async () => {
    const { agent } = await officeAgent();
    const name = `进行中批次${uid()}`;
    const running = openingToday();
    running.plansDueAt = at('2026-11-20 17:00');
    running.registrationOpensAt = at('2026-11-21 00:00'); // registration already open
    const batch = await createBatch(h().app.ctx, systemActor, {
      name,
      year: 2026,
      half: 2,
      timeline: running,
      fees: noticeSchedule(),
      confirmPast: true,
    });
    made.push(batch);
    const edit = `/office/batches/${batch.id}/edit`;
    const repriced = batchForm(name, running, { year: '2026', half: '2', fee_grade_4_initial: '330' });
    expect((await postForm(agent, edit, `/office/batches/${batch.id}`, repriced)).headers.location).to.equal(
      '/office/batches',
    );
    const moved = { ...repriced, registrationClosesAt: '2026-11-30T23:59' };
    expect((await postForm(agent, edit, `/office/batches/${batch.id}`, moved)).headers.location).to.equal(edit);
    const page = (await agent.get(edit)).text;
    expect(page).to.include('“网上报名截止”早于现在').and.not.include('“网上报名开始”早于现在');
    expect((await Batch.findByPk(batch.id))!.registrationClosesAt.toISOString()).to.equal(
      running.registrationClosesAt.toISOString(),
    );
  });
});

describe('pages before any batch exists (issue 15)', () => {
  it('tells each reader what to do: the office creates one, a teacher asks the office, a student waits', async () => {
    await Batch.update({ archived: true }, { where: { archived: false } });
    const { agent: office } = await officeAgent();
    const { agent: teacher, department } = await teacherAgent();
    const { agent: student } = await studentAgent(department.id);
    const cases: [Agent, string, string][] = [
      [office, '/office/fees', noBatchMessages.office],
      [office, '/office/bundles', noBatchMessages.office],
      [teacher, '/teacher/registrations', noBatchMessages.staff],
      [teacher, '/teacher/fees', noBatchMessages.staff],
      [student, '/student/register', noBatchMessages.student],
      [student, '/student/ticket', noBatchMessages.student],
    ];
    for (const [reader, url, sentence] of cases) {
      const res = await reader.get(url);
      expect(res.status, url).to.equal(400);
      expect(res.text, url).to.include(sentence);
    }
  });
});
