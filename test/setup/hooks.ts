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

// Under `mocha --parallel` a worker process runs many files one after another and the root
// beforeAll/afterAll run for each file, so the harness is built once per worker and kept until the
// worker exits. Each worker has a database of its own: a temp SQLite file, or on MySQL the database
// <name>_w<N> beside the one DATABASE_URL names, made empty at the worker's start.
const workerId = process.env.MOCHA_WORKER_ID;
const serverUrl = process.env.DATABASE_URL || null;
if (workerId !== undefined && serverUrl) process.env.DATABASE_URL = workerDatabaseUrl(serverUrl, workerId);

function workerDatabaseUrl(url: string, id: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${parsed.pathname.slice(1)}_w${id}`;
  return parsed.toString();
}

async function emptyWorkerDatabase(config: Config): Promise<void> {
  const name = new URL(config.databaseUrl!).pathname.slice(1);
  const server = createSequelize({ ...config, databaseUrl: serverUrl });
  try {
    await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await server.close();
  }
}

async function startHarness(): Promise<Harness> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-test-'));
  const config = testConfig(workDir);
  if (workerId !== undefined && config.databaseUrl) await emptyWorkerDatabase(config);
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
  const where = config.databaseUrl
    ? 'MySQL ' + config.databaseUrl.replace(/:[^:@/]*@/, ':***@')
    : 'SQLite ' + config.sqlitePath;
  console.log(`    database: ${where}${workerId !== undefined ? ` (worker ${workerId})` : ''}`);
  return { config, sequelize, app, workDir };
}

async function stopHarness(stopped: Harness): Promise<void> {
  stopped.app.stop();
  await stopped.sequelize.close();
  fs.rmSync(stopped.workDir, { recursive: true, force: true });
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    harness ??= await startHarness();
  },
  async afterAll() {
    if (!harness || workerId !== undefined) return; // a worker keeps its harness for its next file
    await stopHarness(harness);
    harness = null;
  },
};

// A worker's temp directory goes with it; its MySQL database is emptied again at the next run.
if (workerId !== undefined)
  process.on('exit', () => harness && fs.rmSync(harness.workDir, { recursive: true, force: true }));
