// The session store (issue 14): a page view writes nothing, a touch moves the stored expiry only
// when it is a minute behind, expired rows are neither read nor kept, and on SQLite a session
// write waits in the one write queue instead of blocking the connection that reads sessions.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { SessionData } from 'express-session';
import { runInTransaction } from '../../app/db/transaction.js';
import { Session } from '../../app/models/index.js';
import { DatabaseSessionStore, TOUCH_GRANULARITY_MS } from '../../app/web/session-store.js';
import { h } from '../setup/hooks.js';
import { makeDepartment, studentAgent } from '../factories/index.js';

const seconds = (d: Date | null) => Math.floor(d!.getTime() / 1000); // MySQL's DATETIME keeps whole seconds
const sid = () => randomBytes(16).toString('hex');
const dataExpiring = (at: Date, extra: Record<string, unknown> = {}) =>
  ({ cookie: { expires: at.toISOString(), originalMaxAge: 3_600_000 }, ...extra }) as unknown as SessionData;

function call<T>(fn: (cb: (err?: unknown, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

describe('session store', () => {
  const store = () => new DatabaseSessionStore(h().sequelize, 3_600_000);

  it('keeps the account on its own column and reads the data back', async () => {
    const s = store();
    const id = sid();
    await call((cb) => s.set(id, dataExpiring(new Date(Date.now() + 3_600_000), { userId: 42, loginAt: 1 }), cb));
    expect((await Session.findByPk(id))!.userId).to.equal(42);
    const back = await call<SessionData | null>((cb) => s.get(id, cb));
    expect(back).to.deep.include({ userId: 42, loginAt: 1 });
  });

  it('moves the stored expiry only when it is more than a minute behind', async () => {
    const s = store();
    const id = sid();
    const first = new Date(Date.now() + 3_600_000);
    await call((cb) => s.set(id, dataExpiring(first), cb));
    await call((cb) => s.touch(id, dataExpiring(new Date(first.getTime() + TOUCH_GRANULARITY_MS / 2)), () => cb()));
    expect(seconds((await Session.findByPk(id))!.expires)).to.equal(seconds(first));
    const later = new Date(first.getTime() + TOUCH_GRANULARITY_MS + 1000);
    await call((cb) => s.touch(id, dataExpiring(later), () => cb()));
    expect(seconds((await Session.findByPk(id))!.expires)).to.equal(seconds(later));
  });

  it('does not hand out an expired session, and the sweep deletes it', async () => {
    const s = store();
    const id = sid();
    await call((cb) => s.set(id, dataExpiring(new Date(Date.now() - 1000), { userId: 7 }), cb));
    expect(await call((cb) => s.get(id, cb))).to.equal(null);
    await s.sweepExpired();
    expect(await Session.findByPk(id)).to.equal(null);
  });

  it('a signed-in page view writes no session row', async () => {
    const { student, agent } = await studentAgent((await makeDepartment()).id);
    await agent.get('/student').expect(200);
    const before = await Session.findAll({ where: { userId: student.userId }, raw: true });
    await agent.get('/student').expect(200);
    await agent.get('/student').expect(200);
    const after = await Session.findAll({ where: { userId: student.userId }, raw: true });
    expect(after).to.deep.equal(before);
  });

  it('on SQLite a session write waits in the write queue, so session reads go on beside a held transaction', async function () {
    if (h().sequelize.getDialect() !== 'sqlite') this.skip(); // MySQL: row locks, no queue; the rush test covers it
    const s = store();
    const holdMs = 600;
    let release!: () => void;
    const held = runInTransaction(h().sequelize, async (t) => {
      await Session.create({ sid: sid(), expires: new Date(Date.now() + 60_000), data: '{}' }, { transaction: t });
      await new Promise<void>((resolve) => {
        release = resolve;
        setTimeout(resolve, holdMs);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the transaction holds the write lock now
    const written = call((cb) => s.set(sid(), dataExpiring(new Date(Date.now() + 60_000)), cb));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await Session.findOne({ where: { sid: 'no-such-session' } });
    const readMs = Date.now() - started;
    release();
    await Promise.all([held, written]);
    // Beside the queue the write sits in SQLite's busy handler on the shared connection, and the
    // read waits behind it until the transaction commits.
    expect(readMs).to.be.below(holdMs / 3);
  });

  it('commits the writes that arrive together in one go, in the order they were made, and reads them back before', async () => {
    const s = store();
    const ids = Array.from({ length: 30 }, sid);
    const later = new Date(Date.now() + 3_600_000);
    // Every statement goes through sequelize.query: count the ones that write session rows.
    const sequelize = h().sequelize;
    const original = sequelize.query.bind(sequelize);
    let statements = 0;
    sequelize.query = ((sql: unknown, ...rest: unknown[]) => {
      if (/^\s*(INSERT|UPDATE|DELETE)\b.*\bsessions\b/is.test(String(sql))) statements += 1;
      return (original as (...args: unknown[]) => unknown)(sql, ...rest);
    }) as typeof sequelize.query;
    try {
      const writes = ids.map((id, i) => call((cb) => s.set(id, dataExpiring(later, { userId: i }), cb)));
      const gone = call((cb) => s.destroy(ids[0], cb)); // made after its set: the session ends up gone
      expect(await call((cb) => s.get(ids[1], cb)), 'a write not yet committed is what a read sees').to.deep.include({
        userId: 1,
      });
      expect(await call((cb) => s.get(ids[0], cb))).to.equal(null);
      await Promise.all([...writes, gone]);
    } finally {
      sequelize.query = original;
    }
    expect(statements, 'the first write alone, the other 30 together: an upsert and a delete').to.be.at.most(3);
    const rows = await Session.findAll({ where: { sid: ids }, raw: true });
    expect(rows.map((r) => r.sid).sort()).to.deep.equal(ids.slice(1).sort());
  });
});
