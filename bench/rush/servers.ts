// Where a rush runs: a database made for it (an SQLite file in a temp dir, or a MySQL/MariaDB
// database dropped and created again), the app started on it as production starts it, and the bare
// baseline server on the same database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from '../lib/server-process.js';
import type { SeedTarget } from './seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const APP_SERVER = path.join(ROOT, 'dist/app/server.js');
const BASELINE_SERVER = path.join(ROOT, 'dist/bench/baseline-server.js');

export type Place = { target: SeedTarget; dir: string; label: string; remove(): Promise<void> };

export function sqlitePlace(): Place {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-rush-'));
  const target = {
    databaseUrl: null,
    sqlitePath: path.join(dir, 'rush.sqlite'),
    storageRoot: path.join(dir, 'storage'),
  };
  return { target, dir, label: 'SQLite', remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A database on the server `url` names, emptied first. The name must say it is for tests or
 * benchmarks: this drops it, and a mistyped DATABASE_URL must not cost anyone their data.
 */
export async function mysqlPlace(url: string, options: { dropAfter?: boolean } = {}): Promise<Place> {
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name) || !/test|bench|rush/i.test(name)) {
    throw new Error(
      `refusing to empty database "${name}": its name must contain test, bench or rush (it is dropped and created again)`,
    );
  }
  const run = (sql: string) => onServer(parsed, sql);
  await run(`DROP DATABASE IF EXISTS \`${name}\``);
  await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-rush-'));
  const target = {
    databaseUrl: parsed.toString(),
    sqlitePath: path.join(dir, 'unused.sqlite'),
    storageRoot: path.join(dir, 'storage'),
  };
  return {
    target,
    dir,
    label: `MariaDB/MySQL ${parsed.host}/${name}`,
    remove: async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      if (options.dropAfter) await run(`DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}

async function onServer(url: URL, sql: string): Promise<void> {
  const { default: mysql } = await import('mysql2/promise');
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

const databaseEnv = (target: SeedTarget) =>
  target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { SQLITE_PATH: target.sqlitePath };

/**
 * The app as production runs it: NODE_ENV=production, behind a proxy on loopback (so each phone's
 * X-Forwarded-For is its address), production password settings unless `env` says otherwise, and
 * COUNT_SQL=true for the X-SQL-Statements header.
 */
export function startApp(
  place: Place,
  options: { script?: string; env?: Record<string, string>; echoErrors?: boolean } = {},
): Promise<ServerProcess> {
  return startServer({
    script: options.script ?? APP_SERVER,
    readyText: 'skillcert 已启动',
    echoErrors: options.echoErrors,
    env: {
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(24).toString('hex'),
      TRUST_PROXY: 'loopback',
      HOST: '127.0.0.1',
      COUNT_SQL: 'true',
      STORAGE_ROOT: place.target.storageRoot,
      ...databaseEnv(place.target),
      ...options.env,
    },
  });
}

export function startBaseline(place: Place): Promise<ServerProcess> {
  return startServer({
    script: BASELINE_SERVER,
    readyText: 'baseline 已启动',
    echoErrors: true,
    env: { NODE_ENV: 'production', HOST: '127.0.0.1', ...databaseEnv(place.target) },
  });
}
