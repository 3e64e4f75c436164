// Office screens: departments, teachers, the seeded catalog, batches with timeline and fees,
// and the audit log they write (issue 2).
import { expect } from 'chai';
import { AuditLog, Batch, CatalogItem, Department, FeeRate, User } from '../../app/models/index.js';
import { CATALOG } from '../../migrations/20260101000100-seed-catalog.js';
import { makeAccount, makeDepartment, officeAgent, postForm, signIn, teacherAgent, uid } from '../factories/index.js';
import { archive, makeBatch } from '../factories/batches.js';

function batchForm(name: string, overrides: Record<string, string> = {}) {
  return {
    name,
    year: '2024',
    half: '2',
    plansDueAt: '2024-09-20T17:00',
    registrationOpensAt: '2024-09-21T00:00',
    registrationClosesAt: '2024-09-30T23:59',
    materialsDueAt: '2024-10-10T17:00',
    confirmationDueAt: '2024-10-12T17:00',
    feesDueAt: '2024-10-12T17:00',
    ticketsAt: '2024-10-24T09:00',
    examAt: '2024-11-09T08:30',
    certificatesAt: '2025-01-15T09:00',
    fee_special_0_initial: '200',
    fee_special_0_retake: '176',
    fee_grade_4_initial: '320',
    'fee_grade_4_retake-theory': '60',
    'fee_grade_4_retake-practical': '226',
    fee_grade_3_initial: '380',
    fee_grade_5_initial: '',
    confirmPast: 'on', // the notice's 2024 dates are long past: saved on purpose
    ...overrides,
  } as Record<string, string>;
}

describe('office: departments and teachers', () => {
  it('creates a department, lists it, and writes the audit log', async () => {
    const { agent, user } = await officeAgent();
    const name = `电子工程学院${uid()}`;
    const res = await postForm(agent, '/office/departments', '/office/departments', { name: `  ${name} ` });
    expect(res.status).to.equal(303);
    const list = await agent.get('/office/departments');
    expect(list.text).to.include(name).and.include(`已添加二级学院“${name}”`);
    const department = await Department.findOne({ where: { name } });
    const log = await AuditLog.findOne({ where: { action: 'department.created', entityId: String(department!.id) } });
    expect(log!.actorId).to.equal(user.id);
    expect(log!.ip).to.be.a('string');
    expect(JSON.parse(log!.summary)).to.deep.equal({ after: { name } });
  });

  it('refuses a duplicate name and keeps what was typed', async () => {
    const { agent } = await officeAgent();
    const existing = await makeDepartment();
    await postForm(agent, '/office/departments', '/office/departments', { name: existing.name });
    const page = await agent.get('/office/departments');
    expect(page.text).to.include(`已有名为“${existing.name}”的二级学院`);
    expect(await Department.count({ where: { name: existing.name } })).to.equal(1);
  });

  it('deactivates instead of deleting', async () => {
    const { agent } = await officeAgent();
    const department = await makeDepartment();
    await postForm(agent, `/office/departments/${department.id}/edit`, `/office/departments/${department.id}`, {
      name: department.name,
    });
    expect((await Department.findByPk(department.id))!.active).to.equal(false);
  });

  it('creates a teacher with a one-time password shown once, which works for sign-in', async () => {
    const { agent } = await officeAgent();
    const department = await makeDepartment();
    const username = `teacher${uid()}`;
    await postForm(agent, '/office/teachers', '/office/teachers', {
      departmentId: String(department.id),
      displayName: '王老师',
      username,
    });
    const page = await agent.get('/office/teachers');
    const password = /class="secret-value">([^<]+)</.exec(page.text)![1];
    expect((await agent.get('/office/teachers')).text).to.not.include(password); // shown once
    const teacher = await User.findOne({ where: { username } });
    expect(teacher!.role).to.equal('teacher');
    expect(teacher!.departmentId).to.equal(department.id);
    expect(teacher!.passwordHash).to.not.include(password);
    const signedIn = await signIn(username, password);
    expect((await signedIn.get('/teacher/students')).headers.location).to.equal('/password');
  });

  it('refuses a teacher for an inactive department', async () => {
    const { agent } = await officeAgent();
    const department = await Department.create({ name: `停用学院${uid()}`, active: false });
    const username = `t${uid()}`;
    await postForm(agent, '/office/teachers', '/office/teachers', {
      departmentId: String(department.id),
      displayName: '李老师',
      username,
    });
    expect((await agent.get('/office/teachers')).text).to.include('请选择老师所属的二级学院');
    expect(await User.count({ where: { username } })).to.equal(0);
  });
});

describe('office: departments in Chinese order (issue 12 item 16)', () => {
  it('lists departments by pinyin, not by code point, on every page that lists them', async () => {
    const { agent } = await officeAgent();
    const prefix = `顺序${uid()}`; // the same start for all four, so only the Chinese part decides
    const names = ['安全工程学院', '电子工程学院', '机电工程学院', '艺术设计学院'].map((n) => `${prefix}${n}`); // an, dian, ji, yi
    for (const name of [...names].reverse()) await makeAccount('teacher', (await makeDepartment(name)).id);
    const batch = await makeBatch({ opensInHours: 48, closesInHours: 200 });
    try {
      for (const url of [
        '/office/departments',
        '/office/teachers',
        `/office/plans?batch=${batch.id}`,
        `/office/packages?batch=${batch.id}`,
        '/office/mail',
        `/office/registrations?batch=${batch.id}`,
      ]) {
        const text = (await agent.get(url)).text;
        const positions = names.map((n) => text.indexOf(n));
        expect(
          positions.every((at) => at >= 0),
          `${url} lists all four`,
        ).to.equal(true);
        expect(positions, url).to.deep.equal([...positions].sort((x, y) => x - y));
      }
    } finally {
      await archive(batch);
    }
  });
});

describe('office: catalog (seed 004 §一)', () => {
  it('is seeded with the 7 grade occupations and the special items the notice names', async () => {
    const grade = await CatalogItem.findAll({ where: { kind: 'grade' } });
    const byName = new Map(grade.map((i) => [i.name, i]));
    expect(byName.get('工业机器人系统操作员')!.levels).to.equal('4');
    expect(byName.get('电子设备调试工')!.levels).to.equal('5,4,3');
    expect(byName.get('电子设备调试工')!.admitsSocial).to.equal(false); // 校内考生 only
    expect(byName.get('电工')!.levels).to.equal('4,3');
    for (const name of ['汽车维修工', '计算机程序设计员', '网络与信息安全管理员', '无人机装调检修工'])
      expect(byName.get(name)!.admitsSocial).to.equal(true);
    const special = await CatalogItem.findAll({ where: { kind: 'special' } });
    expect(special.map((i) => i.name)).to.include.members(
      CATALOG.filter((r) => r.kind === 'special').map((r) => r.name),
    );
    expect(special.map((i) => i.name)).to.include('电商直播销售');
  });

  it('lets the office add one of the remaining computer items and edit levels', async () => {
    const { agent } = await officeAgent();
    const name = `计算机操作员专项${uid()}`;
    await postForm(agent, '/office/catalog/new', '/office/catalog', {
      kind: 'special',
      name,
      groupName: '计算机专项职业能力',
      admitsStudents: 'on',
      active: 'on',
      sortOrder: '200',
    });
    expect((await agent.get('/office/catalog')).text).to.include(name);
    const grade = `焊工${uid()}`;
    await postForm(agent, '/office/catalog/new?kind=grade', '/office/catalog', {
      kind: 'grade',
      name: grade,
      levels: ['4', '3'],
      admitsStudents: 'on',
      admitsSocial: 'on',
      active: 'on',
      sortOrder: '100',
    });
    const item = await CatalogItem.findOne({ where: { name: grade } });
    expect(item!.levels).to.equal('4,3');
  });

  it('refuses a grade item without levels, or a level that does not exist', async () => {
    const { agent } = await officeAgent();
    const name = `无级别${uid()}`;
    await postForm(agent, '/office/catalog/new', '/office/catalog', {
      kind: 'grade',
      name,
      admitsStudents: 'on',
      active: 'on',
      sortOrder: '1',
    });
    expect((await agent.get('/office/catalog/new')).text).to.include('等级认定项目至少要选一个级别');
    await postForm(agent, '/office/catalog/new', '/office/catalog', {
      kind: 'grade',
      name,
      levels: ['7'],
      admitsStudents: 'on',
      active: 'on',
      sortOrder: '1',
    });
    expect(await CatalogItem.count({ where: { name } })).to.equal(0);
  });
});

describe('office: batches', () => {
  it("offers the notice's timeline and fees, and saves them in Shanghai time and integer fen", async () => {
    const { agent } = await officeAgent();
    const form = await agent.get('/office/batches/new?year=2024&half=2');
    expect(form.text).to.include('value="2024-09-20T17:00"').and.include('value="2024-10-10T17:00"');
    expect(form.text).to.include('value="320.00"').and.include('value="176.00"');
    const name = `2024年下半年${uid()}`;
    const res = await postForm(agent, '/office/batches/new', '/office/batches', batchForm(name));
    expect(res.headers.location).to.equal('/office/batches');
    const batch = await Batch.findOne({ where: { name } });
    expect(batch!.materialsDueAt.toISOString()).to.equal('2024-10-10T09:00:00.000Z');
    const fees = new Map((await FeeRate.findAll({ where: { batchId: batch!.id } })).map((r) => [r.slot, r.amountFen]));
    expect(fees.get('special:0:initial')).to.equal(20000);
    expect(fees.get('grade:4:retake-theory')).to.equal(6000);
    expect(fees.get('grade:3:initial')).to.equal(38000);
    expect(fees.get('grade:5:initial')).to.equal(null); // not in the notice: no default
    expect((await agent.get('/office/batches')).text).to.include('2024-10-10 17:00');
  });

  it('refuses deadlines out of order and a price that is not money, saving nothing', async () => {
    const { agent } = await officeAgent();
    const name = `乱序批次${uid()}`;
    await postForm(
      agent,
      '/office/batches/new',
      '/office/batches',
      batchForm(name, { materialsDueAt: '2024-09-25T17:00', fee_grade_4_initial: '三百二' }),
    );
    const page = await agent.get('/office/batches/new');
    expect(page.text).to.include('“等级认定 四级/中级工 · 初次评价”的收费应为金额');
    await postForm(
      agent,
      '/office/batches/new',
      '/office/batches',
      batchForm(name, { materialsDueAt: '2024-09-25T17:00' }),
    );
    expect((await agent.get('/office/batches/new')).text).to.include('“网上报名截止”应早于“材料提交截止”');
    expect((await agent.get('/office/batches/new')).text).to.not.include(name); // form values were shown once
    expect(await Batch.count({ where: { name } })).to.equal(0);
  });

  it('edits a batch: a new price and a moved deadline, with before/after in the audit log', async () => {
    const { agent } = await officeAgent();
    const name = `可修改批次${uid()}`;
    await postForm(agent, '/office/batches/new', '/office/batches', batchForm(name));
    const batch = await Batch.findOne({ where: { name } });
    const edit = await agent.get(`/office/batches/${batch!.id}/edit`);
    expect(edit.status).to.equal(200);
    expect(edit.text).to.include(`value="${name}"`).and.include('为某个二级学院延长截止时间');
    await postForm(
      agent,
      `/office/batches/${batch!.id}/edit`,
      `/office/batches/${batch!.id}`,
      batchForm(name, { fee_grade_5_initial: '250', materialsDueAt: '2024-10-11T17:00' }),
    );
    const rate = await FeeRate.findOne({ where: { batchId: batch!.id, slot: 'grade:5:initial' } });
    expect(rate!.amountFen).to.equal(25000);
    const log = await AuditLog.findOne({ where: { action: 'batch.updated', entityId: String(batch!.id) } });
    const summary = JSON.parse(log!.summary);
    expect(summary.before.fees['grade:5:initial']).to.equal(undefined);
    expect(summary.after.fees['grade:5:initial']).to.equal(25000);
  });
});

describe('office: audit log', () => {
  it('shows and filters entries by actor and action', async () => {
    const { agent, user } = await officeAgent();
    const name = `审计学院${uid()}`;
    await postForm(agent, '/office/departments', '/office/departments', { name });
    const filtered = await agent.get(`/office/audit?actor=${user.username}&action=department.created`);
    expect(filtered.status).to.equal(200);
    expect(filtered.text).to.include(name).and.include('新增二级学院');
    const other = await agent.get(`/office/audit?actor=${user.username}&action=batch.created`);
    expect(other.text).to.not.include(name);
  });

  it('says in Chinese what was done, to what, with money in yuan, on the log and on the office home', async () => {
    const batch = await makeBatch();
    const { agent: teacher, user } = await teacherAgent();
    const page = (await teacher.get(`/teacher/fees?batch=${batch.id}`)).text;
    const key = /name="key" value="([^"]+)"/.exec(page)![1];
    const voucherNo = `HX${uid()}`;
    await postForm(teacher, `/teacher/fees?batch=${batch.id}`, '/teacher/fees/transfers', {
      batchId: String(batch.id),
      key,
      amount: '700',
      transferredOn: '2024-10-12',
      voucherNo,
    });
    const { agent } = await officeAgent();
    const tableOf = (html: string) => /<table>[\s\S]*?<\/table>/.exec(html)![0];
    const log = tableOf((await agent.get(`/office/audit?actor=${user.username}&action=fee.transferred`)).text);
    expect(log)
      .to.include('登记转账')
      .and.include('转账 #')
      .and.include('金额：700.00 元')
      .and.include(`凭证号：${voucherNo}`)
      .and.include('转账日期：2024-10-12');
    const homePage = (await agent.get('/office')).text;
    const home = tableOf(homePage.slice(homePage.indexOf('最近操作')));
    expect(home).to.include('登记转账').and.include('金额：700.00 元');
    for (const raw of ['fee.transferred', 'fee_transfer', 'amountFen', 'voucherNo', '70000']) {
      expect(log, raw).to.not.include(raw);
      expect(home, raw).to.not.include(raw);
    }
    await archive(batch);
  });
});
