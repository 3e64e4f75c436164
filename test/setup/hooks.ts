// Mocha root hooks: one database and one app for the whole run. SQLite in a fresh temp file by
// default; the MySQL/MariaDB that DATABASE_URL names when it is set. Schema comes from the real
// migrations. Tests make their own data (test/factories) and never depend on each other's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { createApp } from '../../app/app.js';
import { loadConfig, type Config } from '../../app/config.js';
import { createSequelize, prepareDatabase } from '../../app/db/connection.js';
import { migrate } from '../../app/db/migrator.js';
import { initModels } from '../../app/models/index.js';

type Harness = { config: Config; sequelize: Sequelize; app: ReturnType<typeof createApp>; workDir: string };
let harness: Harness | null = null;

export function testConfig(workDir: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    SQLITE_PATH: path.join(workDir, 'test.sqlite'),
    STORAGE_ROOT: path.join(workDir, 'uploads'),
    // One app serves the whole run from one IP: the per-IP limits are tested on apps of their own.
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    PASSWORD_QUEUE: '10000',
    COUNT_SQL: 'true', // X-SQL-Statements on every answer: tests hold pages to their statement budget
    ...overrides,
  });
}

export function h(): Harness {
  if (!harness) throw new Error('test harness not started');
  return harness;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-test-'));
    const config = testConfig(workDir);
    const sequelize = createSequelize(config);
    await prepareDatabase(sequelize);
    await migrate(sequelize);
    initModels(sequelize);
    const app = createApp({
      config,
      sequelize,
      log: (m) => {
        if (process.env.TEST_LOG) console.error(m);
      },
    });
    harness = { config, sequelize, app, workDir };
    console.log(
      `    database: ${config.databaseUrl ? 'MySQL ' + config.databaseUrl.replace(/:[^:@/]*@/, ':***@') : 'SQLite ' + config.sqlitePath}`,
    );
  },
  async afterAll() {
    if (!harness) return;
    harness.app.stop();
    await harness.sequelize.close();
    fs.rmSync(harness.workDir, { recursive: true, force: true });
  },
};
