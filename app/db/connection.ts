// Builds the Sequelize instance for the configured database: an SQLite file by default,
// MySQL/MariaDB when DATABASE_URL says mysql://.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { Sequelize, type Options } from 'sequelize';
import type { Config } from '../config.js';
import { keepOneWriterConnection } from './sqlite-writer.js';
import { tallyStatement } from './statement-count.js';

const SQLITE_BUSY_TIMEOUT_MS = 10_000;

// Sequelize has no afterConnect hook for SQLite, so the busy timeout (the backstop behind our
// write queue) is set by the driver itself.
class BusyTolerantDatabase extends sqlite3.Database {
  constructor(file: string, mode: number, callback?: (err: Error | null) => void) {
    super(file, mode, (err) => {
      if (!err) this.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
      callback?.(err);
    });
  }
}

const sqliteDriver = { ...sqlite3, Database: BusyTolerantDatabase };

function loggingFor(config: Pick<Config, 'logSql' | 'countSql'>): Options['logging'] {
  if (config.logSql)
    return (sql: string) => {
      tallyStatement();
      console.log(sql);
    };
  return config.countSql ? tallyStatement : false;
}

export function createSequelize(config: Pick<Config, 'databaseUrl' | 'sqlitePath' | 'logSql' | 'countSql'>): Sequelize {
  const logging = loggingFor(config);
  const common: Options = { logging, define: { underscored: false } };
  if (config.databaseUrl) {
    const url = config.databaseUrl.replace(/^mariadb:/, 'mysql:');
    return new Sequelize(url, {
      ...common,
      dialect: 'mysql',
      timezone: '+00:00',
      dialectOptions: { charset: 'utf8mb4', dateStrings: false },
      define: { ...common.define, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
      pool: { max: 10, min: 0, idle: 10_000 },
    });
  }
  fs.mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  const sequelize = new Sequelize({
    ...common,
    dialect: 'sqlite',
    storage: config.sqlitePath,
    dialectModule: sqliteDriver,
  });
  keepOneWriterConnection(sequelize);
  return sequelize;
}

/** Settings that belong to the SQLite file, not to a connection: WAL lets readers run beside one writer. */
export async function prepareDatabase(sequelize: Sequelize): Promise<void> {
  if (sequelize.getDialect() === 'sqlite') {
    await sequelize.query('PRAGMA journal_mode=WAL');
    await sequelize.query('PRAGMA synchronous=NORMAL');
  }
}
