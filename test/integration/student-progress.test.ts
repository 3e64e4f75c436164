// 我的报考 tells the truth (issue 12 items 2, 8, 9): the progress card and 需要你做的事 follow the
// data — materials, payment, ticket — and only offer what the student can do; tickets are
// numbered only when materials were accepted and the fee paid, and shown from their release.
import { expect } from 'chai';
import { ExamTicket, Registration, type Batch } from '../../app/models/index.js';
import { archive, gradeRegistration, makeBatch, readyForTicket, registerFor } from '../factories/batches.js';
import { makeDepartment, makeStudent, officeAgent, postForm, studentAgent } from '../factories/index.js';
import { storedPackage } from '../factories/packages.js';

/** The text of one step on the card of the registration labelled `label`. */
function step(html: string, label: string, key: string): string {
  const card = html.split('<section class="card registration">').find((c) => c.includes(label))!;
  const li = card.slice(card.indexOf(`data-step="${key}"`));
  return li
    .slice(0, li.indexOf('</li>'))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
const todos = (html: string) =>
  html.includes('需要你做的事')
    ? html.slice(html.indexOf('需要你做的事'), html.indexOf('</section>', html.indexOf('需要你做的事')))
    : '';

describe("the student's progress card and to-dos follow the data", () => {
  let batch: Batch;
  beforeEach(async () => {
    batch = await makeBatch();
  });
  afterEach(async () => {
    await archive(batch);
  });

  it('a new grade candidate is asked for materials and the fee; an accepted, paid, released one sees every step done', async () => {
    const department = await makeDepartment();
    const { agent, student } = await studentAgent(department.id);
    const registration = await gradeRegistration(batch, student);
    let home = (await agent.get('/student')).text;
    expect(step(home, '电工 四级', 'materials'))
      .to.include('未提交')
      .and.include('下一步')
      .and.include('提交材料');
    expect(step(home, '电工 四级', 'fees')).to.include('未缴 320 元');
    expect(todos(home)).to.include('前提交材料').and.include('前缴费 320 元');

    await readyForTicket(batch, student, registration);
    const { agent: office } = await officeAgent();
    await postForm(office, `/office/print?batch=${batch.id}`, '/office/print/numbers', { batchId: String(batch.id) });
    const ticket = (await ExamTicket.findOne({ where: { registrationId: registration.id } }))!;
    home = (await agent.get('/student')).text;
    expect(step(home, '电工 四级', 'materials'))
      .to.include('已接收')
      .and.not.include('下一步');
    expect(step(home, '电工 四级', 'fees')).to.include('已缴 320 元');
    expect(step(home, '电工 四级', 'confirmation'))
      .to.include('在本院签字确认《个人申报表》')
      .and.include('下一步'); // on paper, until its deadline
    expect(step(home, '电工 四级', 'ticket'))
      .to.include('未发放')
      .and.include('起可查看');
    expect(home).not.to.include('href="/student/materials"');
    expect(todos(home)).to.equal(''); // nothing for the student to do until the release

    await postForm(office, `/office/print?batch=${batch.id}`, '/office/print/release', { batchId: String(batch.id) });
    home = (await agent.get('/student')).text;
    expect(step(home, '电工 四级', 'ticket'))
      .to.include(`可打印（准考证号 ${ticket.examNo}）`)
      .and.include('查看准考证');
    expect(todos(home)).to.include('准考证已可以打印');
  });

  it('a returned package shows the reason and a resubmit button, in the card and the to-dos', async () => {
    const department = await makeDepartment();
    const { agent, student } = await studentAgent(department.id);
    await gradeRegistration(batch, student);
    const pkg = await storedPackage(batch, student, 'returned');
    await pkg.update({ returnReason: '身份证复印件看不清' });
    const home = (await agent.get('/student')).text;
    expect(step(home, '电工 四级', 'materials'))
      .to.include('被退回：身份证复印件看不清')
      .and.include('重新提交材料');
    expect(todos(home)).to.include('材料被退回（身份证复印件看不清）');
  });

  it('numbers only registrations that are ready; the office sees who waits and for what', async () => {
    const department = await makeDepartment();
    const [ready, unpaid, noMaterials] = [
      await makeStudent(department.id),
      await makeStudent(department.id),
      await makeStudent(department.id),
    ];
    await readyForTicket(batch, ready, await gradeRegistration(batch, ready));
    await storedPackage(batch, unpaid, 'accepted');
    await gradeRegistration(batch, unpaid);
    const special = await registerFor(batch, noMaterials, '办公软件应用(Office)', null, 2);
    await readyForTicket(batch, noMaterials, special); // the special item is ready on its own
    await gradeRegistration(batch, noMaterials);

    const { agent: office } = await officeAgent();
    const page = (await office.get(`/office/print?batch=${batch.id}`)).text;
    const waiting = page.slice(page.indexOf('id="not-ready"'));
    expect(waiting).to.include(unpaid.name).and.include('未缴清费用（还差 320 元）');
    expect(waiting).to.include(noMaterials.name).and.include('未提交材料');
    expect(waiting).not.to.include(ready.name);
    expect(page).to.include('生成准考证号（2 项）');

    const res = await postForm(office, `/office/print?batch=${batch.id}`, '/office/print/numbers', {
      batchId: String(batch.id),
    });
    expect((await office.get(res.headers.location)).text).to.include(
      '已为 2 项报名生成准考证号；另有 2 项材料未接收或费用未缴清，暂不编号',
    );
    const numbered = await ExamTicket.findAll({ where: { batchId: batch.id } });
    const ids = (await Registration.findAll({ where: { batchId: batch.id, studentId: [ready.id, noMaterials.id] } }))
      .filter((r) => r.studentId === ready.id || r.kind === 'special')
      .map((r) => r.id);
    expect(numbered.map((t) => t.registrationId).sort()).to.deep.equal(ids.sort());
  });

  it('cancelling a paid item says what was paid and who refunds it', async () => {
    const department = await makeDepartment();
    const { agent, student } = await studentAgent(department.id);
    const registration = await registerFor(batch, student, '办公软件应用(Office)', null, 2);
    await registration.update({ channel: 'self' });
    await readyForTicket(batch, student, registration);
    const home = (await agent.get('/student')).text;
    expect(home).to.include('这一项你已缴 200.00 元，取消后由本院指定老师退还给你');
    const res = await postForm(agent, '/student', `/student/registrations/${registration.id}/cancel`, {});
    const after = (await agent.get(res.headers.location)).text;
    expect(after).to.include('你为这一项缴的 200.00 元由本院指定老师退还给你');
    expect(after.slice(after.indexOf('id="cancelled"'))).to.include('待退还');
  });
});
