// One kept-open SQLite connection for write transactions.
// Sequelize opens a new sqlite3 connection for every transaction and closes it at the end: a file
// open, the schema parsed again and the WAL index mapped, on libuv's threads, for each of the ~800
// writes of a registration rush (issue 14). Our write queue (transaction.ts) already runs one
// transaction at a time, so they can all use the same connection. A transaction that finds it lent
// out (one begun outside the queue, as a bench seed does) gets a connection of its own, as before.
import type { Sequelize } from 'sequelize';

type Connection = { uuid?: string; filename?: string };
type Manager = {
  getConnection(options?: { uuid?: string; type?: string }): Promise<Connection>;
  releaseConnection(connection: Connection, force?: boolean): void | Promise<void>;
  destroyConnection(connection: Connection): Promise<void>;
};

const WRITER = 'skillcert-writer';

export function keepOneWriterConnection(sequelize: Sequelize): void {
  const manager = (sequelize as unknown as { connectionManager: Manager }).connectionManager;
  const open = manager.getConnection.bind(manager);
  const release = manager.releaseConnection.bind(manager);
  const destroy = manager.destroyConnection.bind(manager);
  let writer: Connection | null = null;
  let lent = false;

  manager.getConnection = async (options = {}) => {
    const forTransaction = options.uuid !== undefined && options.uuid !== 'default';
    if (!forTransaction || lent) return open(options);
    lent = true;
    try {
      writer ??= await open({ ...options, uuid: WRITER });
      return writer;
    } catch (error) {
      lent = false;
      throw error;
    }
  };
  manager.releaseConnection = (connection, force) => {
    if (connection !== writer) return release(connection, force);
    lent = false; // kept open for the next transaction
  };
  // A rollback that failed leaves the connection in an unknown state: close it, open afresh next time.
  manager.destroyConnection = async (connection) => {
    if (connection !== writer) return destroy(connection);
    writer = null;
    lent = false;
    connection.uuid = WRITER;
    await Promise.resolve(release(connection, true));
  };
}
