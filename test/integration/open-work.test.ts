// Home pages keep open work on the list until it is done (issue 12 items 8 and 10): the office
// sees plans never submitted, grade candidates with no materials and money not passed up; the
// teacher sees refunds still to make; 评价计划 shows the extensions beside the deadline.
import { expect } from 'chai';
import { FeeEntry, FeeTransfer, Plan, type Batch } from '../../app/models/index.js';
import { extendDeadline } from '../../app/services/season/extensions.js';
import { systemActor } from '../../app/services/context.js';
import { archive, gradeRegistration, makeBatch, registerFor } from '../factories/batches.js';
import { makeStudent, officeAgent, teacherAgent, uid } from '../factories/index.js';
import { h } from '../setup/hooks.js';

const HOUR = 3600 * 1000;
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('open work stays on the home pages until it is done', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });
  after(async () => {
    await archive(batch);
  });

  it('the office sees a plan never submitted, a missing package and a transfer 20 元 short', async () => {
    const { department } = await teacherAgent();
    const student = await makeStudent(department.id);
    const registration = await gradeRegistration(batch, student);
    await Plan.create({ batchId: batch.id, departmentId: department.id, status: 'draft', createdBy: null });
    await FeeEntry.create({
      batchId: batch.id,
      departmentId: department.id,
      registrationId: registration.id,
      kind: 'collected',
      amountFen: 32000,
      reason: null,
      reversesId: null,
      idempotencyKey: uid(),
      createdBy: null,
    });
    await FeeTransfer.create({
      batchId: batch.id,
      departmentId: department.id,
      amountFen: 30000,
      transferredOn: '2026-10-11',
      voucherNo: `V${uid()}`,
      receiptPath: null,
      reversesId: null,
      idempotencyKey: uid(),
      createdBy: null,
      confirmedAt: new Date(),
      confirmedBy: null,
    } as never);
    const { agent } = await officeAgent();
    const home = textOf((await agent.get('/office')).text);
    expect(home).to.match(new RegExp(`评价计划还没有提交：[^。]*${department.name}`));
    expect(home).to.include(`${department.name} 1 人`);
    expect(home).to.include(`${department.name} 20 元`);
  });

  it('the teacher sees a cancelled, paid item as a refund to make', async () => {
    const { agent, department } = await teacherAgent();
    const student = await makeStudent(department.id);
    const registration = await registerFor(batch, student, '办公软件应用(Office)', null, 2);
    await FeeEntry.create({
      batchId: batch.id,
      departmentId: department.id,
      registrationId: registration.id,
      kind: 'collected',
      amountFen: 20000,
      reason: null,
      reversesId: null,
      idempotencyKey: uid(),
      createdBy: null,
    });
    await registration.update({
      status: 'cancelled',
      activeSlot: null,
      activeGrade: null,
      activeItem: null,
      cancelledAt: new Date(),
    });
    const home = textOf((await agent.get('/teacher')).text);
    expect(home).to.include(`1 项报名已取消，待退费共 200 元：${student.name}（办公软件应用(Office)）200 元`);
  });

  it("评价计划 shows a department's extension beside the deadline", async () => {
    const { department } = await teacherAgent();
    await extendDeadline(h().app.ctx, systemActor, {
      batchId: batch.id,
      departmentId: department.id,
      deadline: 'plansDueAt',
      until: new Date(Date.now() + 48 * HOUR),
      reason: '系主任出差',
    });
    const { agent } = await officeAgent();
    const page = (await agent.get(`/office/plans?batch=${batch.id}`)).text;
    expect(page.slice(page.indexOf('id="plan-extensions"'), page.indexOf('id="plan-extensions"') + 300)).to.include(
      `${department.name} 至 `,
    );
  });
});
