// A student registers themself (seed 004 报考工作须知 §二): one or two items, a summary with the
// total before confirming, refusals that name the rule, the window, cancelling.
import { expect } from 'chai';
import { HeldCertificate, Registration } from '../../app/models/index.js';
import { messages as rules } from '../../app/domain/eligibility.js';
import { archive, item, makeBatch } from '../factories/batches.js';
import { csrfToken, makeAccount, signInReady, studentAgent, teacherAgent, type Agent } from '../factories/index.js';
import type { Batch } from '../../app/models/index.js';

async function post(a: Agent, url: string, fields: Record<string, string | string[]>) {
  const token = await csrfToken(a, '/student');
  return a
    .post(url)
    .type('form')
    .send({ _csrf: token, ...fields });
}

const active = (studentId: number, batchId: number) =>
  Registration.findAll({ where: { studentId, batchId, status: 'active' } });

describe('student self-registration', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });

  it('registers 电工四级 + 办公软件应用: the summary shows 520 before confirming, the home page after', async () => {
    const { department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    const electrician = await item('电工');
    const office = await item('办公软件应用(Office)');
    const page = await agent.get('/student/register');
    expect(page.text).to.include('电工').and.include('320.00 元').and.include('200.00 元');

    const fields = {
      batchId: String(batch.id),
      grade: `${electrician.id}:4`,
      special: [String(office.id)],
      heldNone: 'on',
    };
    const preview = await post(agent, '/student/register/preview', fields);
    expect(preview.status).to.equal(200);
    expect(preview.text).to.include('电工 四级').and.include('办公软件应用(Office)').and.include('520.00 元');
    expect(await active(student.id, batch.id)).to.have.length(0); // nothing before confirming

    const done = await post(agent, '/student/register', fields);
    expect(done.headers.location).to.equal('/student');
    const rows = await active(student.id, batch.id);
    expect(rows.map((r) => [r.kind, r.level, r.feeFen, r.channel, r.heldNone]).sort()).to.deep.equal([
      ['grade', 4, 32000, 'self', true],
      ['special', null, 20000, 'self', null],
    ]);
    const home = await agent.get('/student');
    expect(home.text).to.include('报名成功：共 2 项，本次费用合计 520.00 元');
    expect(home.text).to.include('<strong id="total-fee">520.00</strong>');
    expect(home.text).to.include('提交材料').and.include('缴费');
  });

  it('keeps the choices after a refusal and after 返回修改, with the refusal beside its field', async () => {
    const { department } = await teacherAgent();
    const { agent } = await studentAgent(department.id);
    const electrician = await item('电工');
    const [python, office, linux] = [
      await item('Python应用数据挖掘'),
      await item('办公软件应用(Office)'),
      await item('LINUX'),
    ];
    const checked = (html: string, value: string) =>
      new RegExp(`value="${value.replace(/[:()]/g, '\\$&')}"[^>]*checked`).test(html);

    await post(agent, '/student/register/preview', {
      batchId: String(batch.id),
      grade: `${electrician.id}:4`,
      special: [String(office.id)],
    }); // no 已获证书 answer
    let page = (await agent.get('/student/register')).text;
    expect(checked(page, `${electrician.id}:4`)).to.equal(true);
    expect(checked(page, String(office.id))).to.equal(true);
    expect(page.slice(page.indexOf('id="held-field"'))).to.match(/^[^]*?class="field-error"[^>]*>[^<]*已获得/);

    await post(agent, '/student/register/preview', {
      batchId: String(batch.id),
      special: [String(python.id), String(office.id), String(linux.id)],
    });
    page = (await agent.get('/student/register')).text;
    expect([python, office, linux].every((i) => checked(page, String(i.id)))).to.equal(true);
    const specials = page.slice(page.indexOf('专项职业能力考核（可选一个或两个）'));
    expect(specials).to.match(/class="field-error"[^>]*>每人每批次最多报两个项目/);

    const preview = await post(agent, '/student/register/preview', {
      batchId: String(batch.id),
      grade: `${electrician.id}:4`,
      special: [String(office.id)],
      heldNone: 'on',
    });
    const back = preview.text.slice(preview.text.indexOf('id="back-to-choices"'));
    const query = [...back.matchAll(/name="([^"]+)" value="([^"]+)"/g)]
      .map(([, k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    page = (await agent.get(`/student/register?${query}`)).text;
    expect(checked(page, `${electrician.id}:4`)).to.equal(true);
    expect(checked(page, String(office.id))).to.equal(true);
    expect(page).to.match(/name="heldNone" checked/);
  });

  it('shows what can no longer be chosen, and why', async () => {
    const { department } = await teacherAgent();
    const { agent } = await studentAgent(department.id);
    const electrician = await item('电工');
    const office = await item('办公软件应用(Office)');
    await post(agent, '/student/register', { batchId: String(batch.id), grade: `${electrician.id}:4`, heldNone: 'on' });
    let page = (await agent.get('/student/register')).text;
    expect(page).to.include('id="grade-closed"').and.include('不能再报第二个等级认定项目');
    expect(page).not.to.include(`value="${electrician.id}:4"`);
    await post(agent, '/student/register', { batchId: String(batch.id), special: [String(office.id)] });
    page = (await agent.get('/student/register')).text;
    expect(page).to.include('id="choices-full"').and.include('每人每批次最多报两个项目');
    expect(page).to.match(new RegExp(`value="${office.id}" disabled`));
    expect(page)
      .to.include('已报满两项')
      .and.match(/class="primary" disabled>下一步/);
  });

  it('refuses a second grade item, naming the first, and a third item', async () => {
    const { department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    const electrician = await item('电工');
    await post(agent, '/student/register', { batchId: String(batch.id), grade: `${electrician.id}:4`, heldNone: 'on' });
    const robot = await item('工业机器人系统操作员');
    await post(agent, '/student/register/preview', {
      batchId: String(batch.id),
      grade: `${robot.id}:4`,
      heldNone: 'on',
    });
    expect((await agent.get('/student/register')).text).to.include(rules.twoGrade('电工 四级'));

    const python = await item('Python应用数据挖掘');
    const office = await item('办公软件应用(Office)');
    await post(agent, '/student/register', {
      batchId: String(batch.id),
      special: [String(python.id), String(office.id)],
    });
    expect((await agent.get('/student/register')).text).to.include('每人每批次最多报两个项目');
    expect(await active(student.id, batch.id)).to.have.length(1);
  });

  it('asks a grade candidate about certificates already held, and uses the ones on file', async () => {
    const { department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    const electrician = await item('电工');
    await post(agent, '/student/register/preview', { batchId: String(batch.id), grade: `${electrician.id}:4` });
    expect((await agent.get('/student/register')).text).to.include('已获得的职业技能等级(职业资格)证书情况');
    await post(agent, '/student/certificates', {
      type: 'operation',
      operationCode: 'low-voltage-electrician',
      number: 'T430105200001',
    });
    expect((await agent.get('/student/register')).text).to.include(
      '你持有的低压电工作业特种作业操作证视同五级，可报四级',
    );
    await post(agent, '/student/register', { batchId: String(batch.id), grade: `${electrician.id}:4` });
    const [row] = await active(student.id, batch.id);
    expect(row.heldNone).to.equal(false);
    expect(await HeldCertificate.count({ where: { studentId: student.id } })).to.equal(1);
  });

  it('refuses an item without a price, telling the office to set it', async () => {
    const { department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    const debuggerItem = await item('电子设备调试工');
    expect((await agent.get('/student/register')).text).to.include('暂未定价');
    await post(agent, '/student/register', {
      batchId: String(batch.id),
      grade: `${debuggerItem.id}:5`,
      heldNone: 'on',
    });
    expect((await agent.get('/student/register')).text).to.include(
      '「电子设备调试工 五级」本批次还没有初次评价的收费标准，暂不能报名：请联系继续教育学院',
    );
    expect(await active(student.id, batch.id)).to.have.length(0);
  });

  it('refuses tampered values with 400 or 403 and changes nothing', async () => {
    const { department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    const robot = await item('工业机器人系统操作员');
    const unknown = await post(agent, '/student/register', { batchId: String(batch.id), special: ['99999999'] });
    expect(unknown.status).to.equal(400);
    expect(unknown.text).to.include('所选项目不存在');
    const level = await post(agent, '/student/register', {
      batchId: String(batch.id),
      grade: `${robot.id}:3`,
      heldNone: 'on',
    });
    expect(level.status).to.equal(400);
    expect(level.text).to.include('只开放 四级');
    const junk = await post(agent, '/student/register', { batchId: String(batch.id), grade: 'x:y' });
    expect(junk.status).to.equal(400);

    const other = await studentAgent(department.id);
    const office = await item('办公软件应用(Office)');
    await post(other.agent, '/student/register', { batchId: String(batch.id), special: [String(office.id)] });
    const [theirs] = await active(other.student.id, batch.id);
    const steal = await post(agent, `/student/registrations/${theirs.id}/cancel`, {});
    expect(steal.status).to.equal(403);
    expect((await Registration.findByPk(theirs.id))!.status).to.equal('active');
    expect(await active(student.id, batch.id)).to.have.length(0);
  });

  it('cancels while the window is open, freeing the slot', async () => {
    const { department } = await teacherAgent();
    const { agent, student } = await studentAgent(department.id);
    const office = await item('办公软件应用(Office)');
    await post(agent, '/student/register', { batchId: String(batch.id), special: [String(office.id)] });
    const [row] = await active(student.id, batch.id);
    await post(agent, `/student/registrations/${row.id}/cancel`, {});
    const cancelled = await Registration.findByPk(row.id);
    expect([cancelled!.status, cancelled!.activeSlot, cancelled!.activeItem]).to.deep.equal(['cancelled', null, null]);
    await post(agent, '/student/register', { batchId: String(batch.id), special: [String(office.id)] });
    expect(await active(student.id, batch.id)).to.have.length(1);
  });
});

describe('the registration window (Asia/Shanghai, extendable per department)', () => {
  it('says when the window was open, refuses after it, and lets an extended department in', async () => {
    const closed = await makeBatch({ opensInHours: -23, closesInHours: -1 });
    try {
      const { department } = await teacherAgent();
      const { agent, student } = await studentAgent(department.id);
      const office = await item('办公软件应用(Office)');
      const page = await agent.get('/student/register');
      expect(page.text).to.include('网上报名已截止：报名时间为');
      await post(agent, '/student/register', { batchId: String(closed.id), special: [String(office.id)] });
      expect(await active(student.id, closed.id)).to.have.length(0);

      const { user, password } = await makeAccount('office');
      const clerk = await signInReady(user.username, password);
      const token = await csrfToken(clerk, `/office/batches/${closed.id}/edit`);
      const until = new Date(Date.now() + 8 * 3600 * 1000 + 3600 * 1000).toISOString().slice(0, 16); // Shanghai wall time, +1h
      const extended = await clerk
        .post(`/office/batches/${closed.id}/extensions`)
        .type('form')
        .send({
          _csrf: token,
          departmentId: String(department.id),
          deadline: 'registrationClosesAt',
          until,
          reason: '实训周延后报名',
        });
      expect(extended.status, extended.text).to.equal(303);
      const edit = (await clerk.get(`/office/batches/${closed.id}/edit`)).text;
      expect(edit, edit.slice(edit.indexOf('<main'), edit.indexOf('<main') + 600)).to.include('实训周延后报名');

      await post(agent, '/student/register', { batchId: String(closed.id), special: [String(office.id)] });
      expect(await active(student.id, closed.id)).to.have.length(1);
      const outsider = await studentAgent((await teacherAgent()).department.id);
      await post(outsider.agent, '/student/register', { batchId: String(closed.id), special: [String(office.id)] });
      expect(await active(outsider.student.id, closed.id)).to.have.length(0);
    } finally {
      await archive(closed);
    }
  });

  it('says when a window that has not opened yet will open', async () => {
    const later = await makeBatch({ opensInHours: 48, closesInHours: 96 });
    try {
      const { department } = await teacherAgent();
      const { agent } = await studentAgent(department.id);
      expect((await agent.get('/student')).text).to.include('网上报名还没开始：报名时间为');
    } finally {
      await archive(later);
    }
  });
});
