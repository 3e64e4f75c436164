// Session writes, committed in groups. In a registration rush seven of a student's nine writes are
// session rows (the sign-in page's token, the new session after sign-in, a flash set and shown …)
// and on SQLite each one took a turn in the one write queue: 1,400 turns of ~8 ms for 200
// students, which made the queue the bottleneck of the whole rush (issue 14, measured).
// Here every write that arrives while a flush waits for its turn joins that flush, and a flush is
// two statements whatever its size: one multi-row upsert and one DELETE … IN. Each caller is told
// only once its row is committed, so a redirect still leaves after its session is stored.
import { Op, type Sequelize } from 'sequelize';
import { runWrite } from '../../db/transaction.js';
import { Session } from '../../models/index.js';

export type SessionRow = { sid: string; expires: Date; data: string; userId: number | null };
type Pending = { kind: 'upsert'; row: SessionRow } | { kind: 'delete' } | { kind: 'touch'; expires: Date };
type Waiter = { resolve(): void; reject(error: unknown): void };

const ROWS_PER_STATEMENT = 500; // well inside SQLite's limit on bound parameters
const UPSERTED_COLUMNS = ['expires', 'data', 'userId', 'updatedAt'] as const;

export class SessionWrites {
  private pending = new Map<string, Pending>();
  private waiters: Waiter[] = [];
  private flushQueued = false;

  constructor(private readonly sequelize: Sequelize) {}

  upsert(row: SessionRow): Promise<void> {
    return this.add(row.sid, { kind: 'upsert', row });
  }

  delete(sid: string): Promise<void> {
    return this.add(sid, { kind: 'delete' });
  }

  /** Moves the expiry only; joins a pending upsert of the same session instead of writing twice. */
  touch(sid: string, expires: Date): Promise<void> {
    const waiting = this.pending.get(sid);
    if (waiting?.kind === 'upsert') return this.add(sid, { kind: 'upsert', row: { ...waiting.row, expires } });
    if (waiting?.kind === 'delete') return this.add(sid, waiting);
    return this.add(sid, { kind: 'touch', expires });
  }

  /** A write not yet committed, so a read in the meantime sees what the table is about to hold. */
  pendingFor(sid: string): Pending | undefined {
    return this.pending.get(sid);
  }

  private add(sid: string, write: Pending): Promise<void> {
    this.pending.delete(sid); // the latest write of a session wins, and moves to the end
    this.pending.set(sid, write);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.queueFlush();
    return done;
  }

  // One flush at a time: writes that arrive during a flush wait for the next, so a session's writes
  // are committed in the order they were made, on MySQL too.
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    void runWrite(this.sequelize, () => this.flush()).finally(() => {
      this.flushQueued = false;
      if (this.pending.size > 0) this.queueFlush();
    });
  }

  /** Runs at the flush's turn in the write queue: takes everything that arrived while it waited. */
  private async flush(): Promise<void> {
    const writes = this.pending;
    const waiters = this.waiters;
    this.pending = new Map();
    this.waiters = [];
    try {
      await commit(writes);
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }
}

async function commit(writes: Map<string, Pending>): Promise<void> {
  const rows: SessionRow[] = [];
  const deleted: string[] = [];
  const touches: Array<[string, Date]> = [];
  for (const [sid, write] of writes) {
    if (write.kind === 'upsert') rows.push(write.row);
    else if (write.kind === 'delete') deleted.push(sid);
    else touches.push([sid, write.expires]);
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await Session.bulkCreate(rows.slice(i, i + ROWS_PER_STATEMENT), { updateOnDuplicate: [...UPSERTED_COLUMNS] });
  }
  if (deleted.length > 0) await Session.destroy({ where: { sid: { [Op.in]: deleted } } });
  // Touches are rare (a session's at most once a minute) and each moves its own expiry.
  for (const [sid, expires] of touches) await Session.update({ expires }, { where: { sid } });
}
