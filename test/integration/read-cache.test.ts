// The cache of season settings (db/read-cache.ts, issue 14 item 3): a page sees this process's
// writes at once, never a value read between a write and its commit, and another process's
// writes within MAX_AGE_MS.
import { expect } from 'chai';
import { MAX_AGE_MS } from '../../app/db/read-cache.js';
import { runInTransaction } from '../../app/db/transaction.js';
import { Batch, DeadlineExtension, FeeRate } from '../../app/models/index.js';
import { batchById, feeScheduleOf } from '../../app/services/season/batches.js';
import { effectiveDeadlineFor } from '../../app/services/season/extensions.js';
import { archive, makeBatch } from '../factories/batches.js';
import { makeDepartment } from '../factories/index.js';
import { h } from '../setup/hooks.js';

describe('season settings cache', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });
  after(() => archive(batch));

  it("sees this process's writes at once: a renamed batch, a changed fee, a new extension", async () => {
    const department = await makeDepartment();
    await batchById(batch.id);
    const before = await feeScheduleOf(batch.id);
    const closesAt = batch.registrationClosesAt;
    expect((await effectiveDeadlineFor(batch, department.id, 'registrationClosesAt')).getTime()).to.equal(
      closesAt.getTime(),
    );

    await Batch.update({ name: `改名${batch.id}` }, { where: { id: batch.id } });
    expect((await batchById(batch.id))!.name).to.equal(`改名${batch.id}`);
    const rate = (await FeeRate.findOne({ where: { batchId: batch.id } }))!;
    await rate.update({ amountFen: (rate.amountFen ?? 0) + 100 });
    expect(await feeScheduleOf(batch.id)).to.not.deep.equal(before);
    const until = new Date(Math.floor(closesAt.getTime() / 1000) * 1000 + 86_400_000); // whole seconds, as MySQL keeps them
    await DeadlineExtension.create({
      batchId: batch.id,
      departmentId: department.id,
      deadline: 'registrationClosesAt',
      until,
      reason: '测试',
      createdBy: null,
    });
    expect((await effectiveDeadlineFor(batch, department.id, 'registrationClosesAt')).getTime()).to.equal(
      until.getTime(),
    );
  });

  it('does not keep a value read while a write was not yet committed', async () => {
    await batchById(batch.id);
    let readDuring: string | undefined;
    await runInTransaction(h().sequelize, async (t) => {
      await Batch.update({ name: `事务中${batch.id}` }, { where: { id: batch.id }, transaction: t });
      // SQLite: a read beside the open transaction sees the old row. MySQL: the same (REPEATABLE READ, not yet committed).
      readDuring = (await batchById(batch.id))!.name;
    });
    expect(readDuring).to.not.equal(`事务中${batch.id}`);
    expect((await batchById(batch.id))!.name).to.equal(`事务中${batch.id}`);
  });

  it('sees a write it was not told of (another process) within MAX_AGE_MS', async function () {
    this.timeout(MAX_AGE_MS + 10_000);
    await batchById(batch.id);
    // A statement that runs no model hooks, as another app process's write would reach this one.
    await h().sequelize.query('UPDATE batches SET name = ? WHERE id = ?', {
      replacements: [`别处${batch.id}`, batch.id],
    });
    expect((await batchById(batch.id))!.name).to.not.equal(`别处${batch.id}`);
    await new Promise((resolve) => setTimeout(resolve, MAX_AGE_MS + 50));
    expect((await batchById(batch.id))!.name).to.equal(`别处${batch.id}`);
  });
});
