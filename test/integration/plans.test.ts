// Department evaluation plans over HTTP (issue 6): a teacher keeps the department's plan rows and
// submits before the plan deadline (seed 004 §一(三)); the office returns or accepts, reads the
// summary table with planned beside actual registrations and the 7-working-day warning (seed 001
// Art. 17(一)) under its holiday list, and downloads it as .xlsx.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import {
  AuditLog,
  CatalogItem,
  Holiday,
  Plan,
  PlanRow,
  Registration,
  type Batch,
  type Department,
  type Student,
} from '../../app/models/index.js';
import { messages as ruleMessages } from '../../app/domain/plan-rules.js';
import { messages as planMessages } from '../../app/services/plans/plans.js';
import { messages as reviewMessages } from '../../app/services/plans/plan-review.js';
import { messages as holidayMessages } from '../../app/services/season/holidays.js';
import { formatShanghai, toInputValue } from '../../app/domain/time.js';
import {
  addWorkingDays,
  calendarOf,
  dayNumber,
  dayText,
  isWorkingDay,
  shanghaiDay,
} from '../../app/domain/working-days.js';
import { archive, item, makeBatch } from '../factories/batches.js';
import { csrfToken, makeStudent, officeAgent, postForm, teacherAgent, uid, type Agent } from '../factories/index.js';

type Fields = Record<string, string>;
const planPage = (batch: Batch) => `/teacher/plans?batch=${batch.id}`;

async function rowFields(overrides: Fields = {}): Promise<Fields> {
  return {
    item: `${(await item('电工')).id}:4`,
    headcount: '40',
    examOn: '2030-11-09',
    examTime: '09:00-11:00',
    place: '实训楼 A301 机房',
    method: '机考+实操',
    ...overrides,
  };
}

async function addRow(agent: Agent, batch: Batch, overrides: Fields = {}) {
  return postForm(agent, planPage(batch), '/teacher/plans/rows', {
    batchId: String(batch.id),
    ...(await rowFields(overrides)),
  });
}

/** The page a refused or accepted form redirects to, with its flash. */
async function landing(agent: Agent, res: { status: number; headers: Record<string, string> }) {
  expect(res.status).to.equal(303);
  return (await agent.get(res.headers.location)).text;
}

const planOf = (batch: Batch, department: Department) =>
  Plan.findOne({ where: { batchId: batch.id, departmentId: department.id } });
const activeRows = async (batch: Batch, department: Department) =>
  PlanRow.findAll({ where: { planId: (await planOf(batch, department))!.id, active: true }, order: [['id', 'ASC']] });

async function saveContact(agent: Agent, batch: Batch) {
  return postForm(agent, planPage(batch), '/teacher/plans/contact', {
    batchId: String(batch.id),
    contact: '王老师',
    contactPhone: '0731-84567890',
  });
}

async function submit(agent: Agent, batch: Batch) {
  return postForm(agent, planPage(batch), '/teacher/plans/submit', { batchId: String(batch.id) });
}

async function extendPlans(clerk: Agent, batch: Batch, department: Department, until: Date) {
  const res = await postForm(clerk, `/office/batches/${batch.id}/edit`, `/office/batches/${batch.id}/extensions`, {
    departmentId: String(department.id),
    deadline: 'plansDueAt',
    until: toInputValue(until),
    reason: '计划补报',
  });
  expect(res.headers.location).to.equal(`/office/batches/${batch.id}/edit`);
}

async function register(
  batch: Batch,
  student: Student,
  itemName: string,
  level: 3 | 4 | null,
  status: 'active' | 'cancelled' = 'active',
) {
  const on = status === 'active' ? 1 : null;
  return Registration.create({
    batchId: batch.id,
    studentId: student.id,
    departmentId: student.departmentId,
    catalogItemId: (await item(itemName)).id,
    kind: level ? 'grade' : 'special',
    level,
    attempt: 'initial',
    feeFen: 32000,
    status,
    channel: 'teacher',
    activeSlot: on,
    activeGrade: level ? on : null,
    activeItem: on,
    heldNone: true,
    createdBy: null,
  });
}

/** The cells of each body row of a table on the page, as text. */
function tableRows(html: string, id: string): string[][] {
  const start = html.indexOf(`id="${id}"`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return table
    .split('<tr')
    .slice(2)
    .map((row) =>
      [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
        m[1]
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
}

describe('evaluation plans', () => {
  let open: Batch; // plans due tomorrow
  let closed: Batch; // plans were due two days ago
  const holidayDays: string[] = [];
  before(async () => {
    open = await makeBatch({ opensInHours: 48, closesInHours: 120 });
    closed = await makeBatch();
  });
  after(async () => {
    await archive(open);
    await archive(closed);
    await Holiday.destroy({ where: { day: holidayDays } });
  });

  it('teacher creates a draft with rows, edits one, removes one, and submits', async () => {
    const { agent, department } = await teacherAgent();
    const first = await agent.get(planPage(open));
    expect(first.text).to.include(formatShanghai(open.plansDueAt)).and.include('尚未填写');
    expect(await planOf(open, department)).to.equal(null);

    await addRow(agent, open);
    const office = await item('办公软件应用(Office)');
    const added = await landing(
      agent,
      await addRow(agent, open, { item: String(office.id), headcount: '25', method: '上机操作', examOn: '2030-11-10' }),
    );
    expect(added).to.include('已添加一行计划');
    const plan = (await planOf(open, department))!;
    expect(plan.status).to.equal('draft');
    const [electricianRow, officeRow] = await activeRows(open, department);
    expect([electricianRow.level, officeRow.level, officeRow.headcount]).to.deep.equal([4, null, 25]);

    const editPage = await agent.get(`/teacher/plans/rows/${electricianRow.id}/edit`);
    expect(editPage.text).to.include('实训楼 A301 机房');
    await postForm(agent, `/teacher/plans/rows/${electricianRow.id}/edit`, `/teacher/plans/rows/${electricianRow.id}`, {
      batchId: String(open.id),
      ...(await rowFields({ headcount: '45', item: `${(await item('电工')).id}:3` })),
    });
    await electricianRow.reload();
    expect([electricianRow.headcount, electricianRow.level]).to.deep.equal([45, 3]);

    await postForm(agent, planPage(open), `/teacher/plans/rows/${officeRow.id}/remove`, { batchId: String(open.id) });
    await officeRow.reload();
    expect(officeRow.active).to.equal(false); // kept, not deleted
    expect((await agent.get(planPage(open))).text).to.include('计划明细（1 个项目，计划 45 人）');

    expect(await landing(agent, await submit(agent, open))).to.include(ruleMessages.contact);
    await saveContact(agent, open);
    const submitted = await landing(agent, await submit(agent, open));
    expect(submitted).to.include('评价计划已提交继续教育学院：1 个项目，计划 45 人');
    await plan.reload();
    expect([plan.status, plan.contact, plan.contactPhone]).to.deep.equal(['submitted', '王老师', '0731-84567890']);
    expect(plan.submittedAt).to.be.instanceOf(Date);
    const actions = (await AuditLog.findAll({ where: { entityType: 'plan', entityId: String(plan.id) } })).map(
      (a) => a.action,
    );
    expect(actions).to.include.members([
      'plan.row-added',
      'plan.row-updated',
      'plan.row-removed',
      'plan.contact-saved',
      'plan.submitted',
    ]);
  });

  it('refuses a level the catalog does not offer, an inactive item, a zero headcount, a date that does not exist, a duplicate row', async () => {
    const { agent, department } = await teacherAgent();
    const electrician = await item('电工');
    const inactive = await CatalogItem.create({
      kind: 'special',
      name: `停用专项${uid()}`,
      groupName: null,
      levels: '',
      admitsStudents: true,
      admitsSocial: true,
      active: false,
    });
    expect(await landing(agent, await addRow(agent, open, { item: `${electrician.id}:5` }))).to.include(
      ruleMessages.levelNotOffered('电工', '四级、三级'),
    );
    expect(await landing(agent, await addRow(agent, open, { item: String(inactive.id) }))).to.include(
      ruleMessages.inactive(inactive.name),
    );
    expect(await landing(agent, await addRow(agent, open, { headcount: '0' }))).to.include(ruleMessages.headcount);
    expect(await landing(agent, await addRow(agent, open, { headcount: '2001' }))).to.include(ruleMessages.headcount);
    expect(await landing(agent, await addRow(agent, open, { examOn: '2030-02-30' }))).to.include(ruleMessages.examOn);
    expect(await landing(agent, await addRow(agent, open, { method: '口试' }))).to.include(ruleMessages.method);
    const plan = await planOf(open, department);
    expect(plan === null || (await PlanRow.count({ where: { planId: plan.id } })) === 0).to.equal(true);

    await addRow(agent, open);
    expect(await landing(agent, await addRow(agent, open, { examOn: '2030-12-01' }))).to.include(
      planMessages.duplicate('电工 四级', '2030-11-09'),
    );
    expect(await PlanRow.count({ where: { planId: (await planOf(open, department))!.id } })).to.equal(1);
  });

  it("keeps each department to its own plan: another department's row id is refused for reading and changing", async () => {
    const mine = await teacherAgent();
    const theirs = await teacherAgent();
    await addRow(theirs.agent, open, { place: `他院机房${uid()}` });
    const [row] = await activeRows(open, theirs.department);
    expect((await mine.agent.get(`/teacher/plans/rows/${row.id}/edit`)).status).to.equal(403);
    const token = await csrfToken(mine.agent, planPage(open));
    const change = await mine.agent
      .post(`/teacher/plans/rows/${row.id}`)
      .type('form')
      .send({ _csrf: token, batchId: String(open.id), ...(await rowFields({ headcount: '1' })) });
    expect(change.status).to.equal(403);
    expect(
      (
        await mine.agent
          .post(`/teacher/plans/rows/${row.id}/remove`)
          .type('form')
          .send({ _csrf: token, batchId: String(open.id) })
      ).status,
    ).to.equal(403);
    expect((await mine.agent.get('/teacher/plans/rows/999999999/edit')).status).to.equal(404);
    await row.reload();
    expect([row.headcount, row.active]).to.deep.equal([40, true]);
    expect((await mine.agent.get(planPage(open))).text).not.to.include(row.place);
  });

  it('refuses every change after the plan deadline, naming it, until the office extends it', async () => {
    const { agent, department } = await teacherAgent();
    const { agent: clerk } = await officeAgent();
    expect((await agent.get(planPage(closed))).text).to.include(
      `本院评价计划已于 <strong>${formatShanghai(closed.plansDueAt)}</strong> 截止`,
    );
    expect(await landing(agent, await addRow(agent, closed))).to.include(planMessages.deadline(closed.plansDueAt));
    expect(await planOf(closed, department)).to.equal(null);

    const until = new Date(Date.now() + 2 * 3600 * 1000);
    await extendPlans(clerk, closed, department, until);
    expect((await agent.get(planPage(closed))).text).to.include(toInputValue(until).replace('T', ' '));
    expect(await landing(agent, await addRow(agent, closed))).to.include('已添加一行计划');
    await saveContact(agent, closed);
    expect(await landing(agent, await submit(agent, closed))).to.include('评价计划已提交');
    const plan = (await planOf(closed, department))!;

    // Returned after the (extended) deadline has passed: the office is told, the teacher cannot resubmit.
    const passed = new Date(closed.plansDueAt.getTime() + 2 * 60 * 1000);
    await extendPlans(clerk, closed, department, passed);
    const returned = await landing(
      clerk,
      await postForm(clerk, `/office/plans?batch=${closed.id}`, `/office/plans/${plan.id}/return`, {
        batchId: String(closed.id),
        reason: '人数请与报名核对',
      }),
    );
    expect(returned).to.include(`该学院的计划截止时间 ${toInputValue(passed).replace('T', ' ')} 已过`);
    const late = await landing(agent, await submit(agent, closed));
    expect(late).to.include(`本院评价计划已于 ${toInputValue(passed).replace('T', ' ')} 截止`);
    await plan.reload();
    expect(plan.status).to.equal('returned');

    await extendPlans(clerk, closed, department, until);
    expect(await landing(agent, await submit(agent, closed))).to.include('评价计划已提交');
  });

  it('refuses changes once submitted; the office returns with a reason, the teacher fixes and resubmits, the office accepts', async () => {
    const { agent, department } = await teacherAgent();
    const { agent: clerk } = await officeAgent();
    await addRow(agent, open);
    await saveContact(agent, open);
    await submit(agent, open);
    const plan = (await planOf(open, department))!;
    const [row] = await activeRows(open, department);
    const edit = await postForm(agent, planPage(open), `/teacher/plans/rows/${row.id}`, {
      batchId: String(open.id),
      ...(await rowFields({ headcount: '99' })),
    });
    expect(await landing(agent, edit)).to.include(planMessages.submitted);
    expect(
      await landing(agent, await addRow(agent, open, { item: String((await item('办公软件应用(Office)')).id) })),
    ).to.include(planMessages.submitted);
    await row.reload();
    expect(row.headcount).to.equal(40);

    const summary = `/office/plans?batch=${open.id}`;
    expect(
      await landing(
        clerk,
        await postForm(clerk, summary, `/office/plans/${plan.id}/return`, { batchId: String(open.id), reason: ' ' }),
      ),
    ).to.include(reviewMessages.reason);
    await postForm(clerk, summary, `/office/plans/${plan.id}/return`, {
      batchId: String(open.id),
      reason: '电工四级人数偏多，请核实',
    });
    await plan.reload();
    expect([plan.status, plan.returnReason]).to.deep.equal(['returned', '电工四级人数偏多，请核实']);
    expect((await agent.get(planPage(open))).text)
      .to.include('电工四级人数偏多，请核实')
      .and.include('重新提交评价计划');
    expect(
      await landing(
        clerk,
        await postForm(clerk, summary, `/office/plans/${plan.id}/accept`, { batchId: String(open.id) }),
      ),
    ).to.include(reviewMessages.notAcceptable('已退回，待修改'));

    await postForm(agent, planPage(open), `/teacher/plans/rows/${row.id}`, {
      batchId: String(open.id),
      ...(await rowFields({ headcount: '30' })),
    });
    await submit(agent, open);
    await plan.reload();
    expect(plan.status).to.equal('submitted');
    expect((await clerk.get(summary)).text).to.include('上次退回原因：电工四级人数偏多，请核实');

    expect(
      await landing(
        clerk,
        await postForm(clerk, summary, `/office/plans/${plan.id}/accept`, { batchId: String(open.id) }),
      ),
    ).to.include('已接收该学院的评价计划');
    await plan.reload();
    expect([plan.status, plan.returnReason]).to.deep.equal(['accepted', null]);
    const teacherPage = (await agent.get(planPage(open))).text;
    expect(teacherPage).to.include('继续教育学院已于').and.not.include('添加到计划');
    expect(await landing(agent, await submit(agent, open))).to.include(planMessages.accepted);
    const actions = (await AuditLog.findAll({ where: { entityType: 'plan', entityId: String(plan.id) } })).map(
      (a) => a.action,
    );
    expect(actions).to.include.members(['plan.returned', 'plan.accepted']);
  });

  describe('the office summary', () => {
    let department: Department;
    let today: string;
    let seventh: string; // exactly 7 working days after submission under the stored holiday list
    let holiday = ''; // a working day in between, made a holiday by the test

    before(async () => {
      const teacher = await teacherAgent();
      department = teacher.department;
      const calendar = calendarOf(await Holiday.findAll());
      today = shanghaiDay(new Date());
      seventh = addWorkingDays(today, 7, calendar)!;
      for (let n = dayNumber(today)! + 1; !holiday; n++) {
        const day = dayText(n)!;
        if (isWorkingDay(day, calendar) && !(await Holiday.findOne({ where: { day } }))) holiday = day;
      }
      const office = await item('办公软件应用(Office)');
      await addRow(teacher.agent, open, { headcount: '30', examOn: seventh, place: '实训楼 B201' });
      await addRow(teacher.agent, open, {
        item: String(office.id),
        headcount: '1',
        examOn: '2030-11-10',
        method: '上机操作',
      });
      await saveContact(teacher.agent, open);
      await submit(teacher.agent, open);
      expect(shanghaiDay((await planOf(open, department))!.submittedAt!)).to.equal(today);
      const students = await Promise.all([1, 2, 3, 4, 5, 6].map(() => makeStudent(department.id)));
      await register(open, students[0], '电工', 4);
      await register(open, students[1], '电工', 4);
      await register(open, students[2], '电工', 4, 'cancelled'); // cancelled: not counted
      await register(open, students[3], '电工', 3); // not in the plan
      await register(open, students[4], '办公软件应用(Office)', null);
      await register(open, students[5], '办公软件应用(Office)', null);
    });

    const rowFor = (html: string, level: string) =>
      tableRows(html, 'plan-summary').find(
        (cells) => cells[0] === department.name && cells[1] === '电工' && cells[2] === level,
      )!;

    it('shows planned beside actual registrations, rows nobody planned, and more registered than planned', async () => {
      const { agent: clerk } = await officeAgent();
      const html = (await clerk.get(`/office/plans?batch=${open.id}`)).text;
      const planned = rowFor(html, '四级/中级工');
      expect(planned.slice(2)).to.deep.equal([
        '四级/中级工',
        '30',
        '2',
        `${seventh} 09:00-11:00`,
        '实训楼 B201',
        '机考+实操',
        '王老师 0731-84567890',
        '已提交，待审核',
        '',
      ]); // exactly 7 working days: no warning
      const unplanned = rowFor(html, '三级/高级工');
      expect([unplanned[3], unplanned[4], unplanned[9], unplanned[10]]).to.deep.equal([
        '—',
        '1',
        '未填写',
        '有人报名，但本院计划中没有这一项',
      ]);
      const special = tableRows(html, 'plan-summary').find(
        (c) => c[0] === department.name && c[1] === '办公软件应用(Office)',
      )!;
      expect(special[10]).to.equal('实际报名 2 人，多于计划 1 人');
    });

    it('warns when a holiday leaves fewer than 7 working days between submission and exam (seed 001 Art. 17(一))', async () => {
      const { agent: clerk } = await officeAgent();
      const add = await postForm(clerk, '/office/holidays', '/office/holidays', { day: holiday, name: '测试假日' });
      holidayDays.push(holiday);
      expect(await landing(clerk, add)).to.include(`已添加 ${holiday}（测试假日）`);
      const earliest = addWorkingDays(today, 7, calendarOf(await Holiday.findAll()))!;
      expect(earliest > seventh).to.equal(true);
      const warned = rowFor((await clerk.get(`/office/plans?batch=${open.id}`)).text, '四级/中级工');
      expect(warned[10]).to.equal(
        `评价日期距计划提交日 ${today} 仅 6 个工作日，不足 7 个工作日；最早可安排在 ${earliest}`,
      );

      const stored = (await Holiday.findOne({ where: { day: holiday } }))!;
      await postForm(clerk, '/office/holidays', `/office/holidays/${stored.id}/delete`, {});
      expect(await Holiday.findOne({ where: { day: holiday } })).to.equal(null);
      expect(rowFor((await clerk.get(`/office/plans?batch=${open.id}`)).text, '四级/中级工')[10]).to.equal('');
    });

    it('downloads the summary table as .xlsx with the same rows', async () => {
      const { agent: clerk } = await officeAgent();
      const res = await clerk
        .get(`/office/plans/export?batch=${open.id}`)
        .buffer(true)
        .parse((r, cb) => {
          const c: Buffer[] = [];
          r.on('data', (d: Buffer) => c.push(d));
          r.on('end', () => cb(null, Buffer.concat(c)));
        });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.include('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.name).to.equal('评价计划汇总表');
      const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      expect(values(1)).to.deep.equal([
        '二级学院',
        '职业(工种)/专项项目',
        '类别',
        '级别',
        '计划人数',
        '实际报名人数',
        '评价日期',
        '时间',
        '地点',
        '方式',
        '联系人',
        '电话',
        '状态',
        '提示',
      ]);
      const mine: unknown[][] = [];
      sheet.eachRow((row, n) => {
        if (n > 1 && values(n)[0] === department.name) mine.push(values(n));
      });
      expect(mine).to.have.length(3);
      const planned = mine.find((r) => r[1] === '电工' && r[3] === '四级/中级工')!;
      expect(planned.slice(0, 13)).to.deep.equal([
        department.name,
        '电工',
        '职业技能等级认定',
        '四级/中级工',
        30,
        2,
        seventh,
        '09:00-11:00',
        '实训楼 B201',
        '机考+实操',
        '王老师',
        '0731-84567890',
        '已提交，待审核',
      ]);
      const unplanned = mine.find((r) => r[3] === '三级/高级工')!;
      expect([unplanned[4], unplanned[5], unplanned[12], unplanned[13]]).to.deep.equal([
        undefined,
        1,
        '未填写',
        '有人报名，但本院计划中没有这一项',
      ]);
    });
  });

  it('keeps the holiday list honest: a real day, a name, 调休 only on a weekend, each day once', async () => {
    const { agent: clerk } = await officeAgent();
    const year = 2500 + Math.floor(Math.random() * 400);
    const saturday = [...Array(7).keys()]
      .map((i) => `${year}-05-0${i + 1}`)
      .find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6)!;
    const weekday = [...Array(7).keys()]
      .map((i) => `${year}-06-0${i + 1}`)
      .find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 3)!;
    holidayDays.push(saturday, weekday);
    const add = (fields: Fields) => postForm(clerk, '/office/holidays', '/office/holidays', fields);
    expect(await landing(clerk, await add({ day: `${year}-02-30`, name: '不存在' }))).to.include(holidayMessages.day);
    expect(await landing(clerk, await add({ day: weekday, name: '' }))).to.include(holidayMessages.name);
    expect(await landing(clerk, await add({ day: weekday, name: '调休', workday: 'on' }))).to.include(
      holidayMessages.workdayOnWeekday(weekday),
    );
    expect(await landing(clerk, await add({ day: saturday, name: '劳动节调休上班', workday: 'on' }))).to.include(
      `已添加 ${saturday}`,
    );
    expect(await landing(clerk, await add({ day: saturday, name: '又一次' }))).to.include(
      holidayMessages.taken(saturday, '劳动节调休上班'),
    );
    const page = (await clerk.get('/office/holidays')).text;
    expect(
      tableRows(page, 'holidays')
        .find((c) => c[0] === saturday)!
        .slice(1, 3),
    ).to.deep.equal(['劳动节调休上班', '调休上班']);
    expect((await Holiday.findOne({ where: { day: saturday } }))!.workday).to.equal(true);
  });

  it('keeps teachers out of the office pages and the office out of the teacher pages', async () => {
    const { agent: teacher } = await teacherAgent();
    const { agent: clerk } = await officeAgent();
    for (const url of [`/office/plans?batch=${open.id}`, `/office/plans/export?batch=${open.id}`, '/office/holidays']) {
      expect((await teacher.get(url)).status, url).to.equal(403);
    }
    const other = await teacherAgent();
    await addRow(other.agent, open);
    await saveContact(other.agent, open);
    await submit(other.agent, open);
    const plan = (await planOf(open, other.department))!;
    const token = await csrfToken(teacher, planPage(open));
    expect(
      (
        await teacher
          .post(`/office/plans/${plan.id}/accept`)
          .type('form')
          .send({ _csrf: token, batchId: String(open.id) })
      ).status,
    ).to.equal(403);
    expect(
      (await teacher.post('/office/holidays').type('form').send({ _csrf: token, day: '2031-01-01', name: '越权' }))
        .status,
    ).to.equal(403);
    expect((await clerk.get(planPage(open))).status).to.equal(403);
    await plan.reload();
    expect(plan.status).to.equal('submitted');
  });
});
