// Every state change runs inside runInTransaction, or — a single statement with nothing to keep
// consistent beside it, such as a session row — inside runWrite.
// SQLite: node-sqlite3 runs on libuv's 4-thread pool, and more than 4 waiting writers can starve
// the lock holder (measured: ARCHITECTURE.md § One write path on SQLite). So write transactions are queued one at a time inside
// the process and begin IMMEDIATE, taking the write lock up front instead of upgrading later.
// MySQL: rows are locked with FOR UPDATE by the services; a deadlock is retried a few times.
import { Transaction, type Sequelize } from 'sequelize';

const DEADLOCK_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 8; // a registration rush on MariaDB saw two confirms fail after 4 (issue 14)

const queues = new WeakMap<Sequelize, Promise<unknown>>();

function isDeadlock(error: unknown): boolean {
  const code = (error as { parent?: { code?: string } })?.parent?.code;
  return code !== undefined && DEADLOCK_CODES.has(code);
}

async function withSqliteQueue<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(sequelize) ?? Promise.resolve();
  const run = previous.then(work, work);
  queues.set(
    sequelize,
    run.catch(() => undefined),
  );
  return run;
}

export async function runInTransaction<T>(sequelize: Sequelize, work: (t: Transaction) => Promise<T>): Promise<T> {
  if (sequelize.getDialect() === 'sqlite') {
    return withSqliteQueue(sequelize, () => sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, work));
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction(work);
    } catch (error) {
      if (!isDeadlock(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

/**
 * One write statement outside a transaction. On SQLite it still waits its turn in the write queue:
 * a write beside the queue would sit in SQLite's busy handler while a queued transaction holds the
 * lock, holding its connection's mutex, and the JS thread would block on that mutex until the busy
 * timeout (issue 14: the sign-in rush locked the server up this way). MySQL: as it comes.
 */
export async function runWrite<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  return sequelize.getDialect() === 'sqlite' ? withSqliteQueue(sequelize, work) : work();
}
