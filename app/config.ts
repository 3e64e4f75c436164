// The only reader of process.env. Every setting is typed, validated and has a default, so a bad
// value stops start-up with a message that names the variable instead of failing later.
import os from 'node:os';
import path from 'node:path';

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | null; // null = embedded SQLite file at sqlitePath
  sqlitePath: string;
  storageRoot: string;
  sessionSecret: string;
  secureCookies: boolean;
  trustProxy: string | false;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
  loginMaxFailuresPerIp: number;
  passwordMemoryKiB: number; // argon2id's m; t below; p is 1
  passwordTimeCost: number;
  passwordWorkers: number; // threads of their own for password hashing, never libuv's pool
  passwordQueue: number; // sign-ins waiting for a hashing thread before the next is told to come back later
  requestsInFlight: number; // requests worked on at once; the rest wait their turn (web/middleware/admission.ts)
  requestQueueMs: number; // the longest a request is expected to wait for its turn before it is told to come back
  signInsInFlight: number; // sign-ins worked on at once, in a lane of their own (the rest wait, as above)
  signInQueueMs: number; // the longest a sign-in is expected to wait for its turn
  uploadMaxBytes: number;
  packageUploadMaxBytes: number;
  archiveMaxTotalBytes: number;
  jobStaleSeconds: number;
  smtp: SmtpConfig | null; // null: mail waits in the outbox and the office page says so
  publicUrl: string; // how links in mails start, e.g. https://skillcert.example.edu.cn
  logSql: boolean;
  countSql: boolean; // X-SQL-Statements on every response, for the benchmarks
};

export type SmtpSecurity = 'starttls' | 'tls' | 'none';
export type SmtpConfig = {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string | null;
  password: string | null;
  from: string;
};

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} 应为 ${min} 到 ${max} 之间的整数，现在是 "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} 应为 true 或 false，现在是 "${raw}"`);
}

function databaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL;
  if (!raw) return null;
  if (!/^(mysql|mariadb):\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL 只支持 mysql://用户:密码@主机:端口/库名；不设置则使用内置 SQLite');
  }
  return raw;
}

function sessionSecret(env: Env, mode: Config['env']): string {
  const raw = env.SESSION_SECRET;
  if (raw && raw.length >= 32) return raw;
  if (raw) throw new ConfigError('SESSION_SECRET 至少需要 32 个字符');
  if (mode === 'production') throw new ConfigError('生产环境必须设置 SESSION_SECRET（至少 32 个字符）');
  return 'development-only-secret-do-not-use-in-production';
}

/** By default one thread fewer than the machine has cores: the request thread keeps its own. */
function passwordWorkers(env: Env): number {
  return integer(env, 'PASSWORD_WORKERS', Math.max(1, os.availableParallelism() - 1), 1, 64);
}

function smtp(env: Env): SmtpConfig | null {
  const host = env.SMTP_HOST;
  if (!host) return null;
  const security = (env.SMTP_SECURITY || 'starttls') as SmtpSecurity;
  if (!['starttls', 'tls', 'none'].includes(security)) {
    throw new ConfigError(
      `SMTP_SECURITY 应为 starttls（587 端口升级加密）、tls（465 端口直接加密）或 none（仅限本机中继），现在是 "${security}"`,
    );
  }
  const from = env.MAIL_FROM;
  if (!from || !/@/.test(from))
    throw new ConfigError('设置了 SMTP_HOST 时必须设置 MAIL_FROM（发件人，例如 "继续教育学院 <jxjy@example.edu.cn>"）');
  if (!env.SMTP_USER !== !env.SMTP_PASSWORD)
    throw new ConfigError('SMTP_USER 和 SMTP_PASSWORD 要么都设置，要么都不设置');
  return {
    host,
    port: integer(env, 'SMTP_PORT', security === 'tls' ? 465 : 587, 1, 65535),
    security,
    user: env.SMTP_USER || null,
    password: env.SMTP_PASSWORD || null,
    from,
  };
}

function publicUrl(env: Env, port: number): string {
  const raw = env.PUBLIC_URL || `http://localhost:${port}`;
  if (!/^https?:\/\/[^\s/]+/.test(raw))
    throw new ConfigError(`PUBLIC_URL 应为以 http:// 或 https:// 开头的网址，现在是 "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function nodeEnv(env: Env): Config['env'] {
  const mode = (env.NODE_ENV ?? 'development') as Config['env'];
  if (!['development', 'production', 'test'].includes(mode)) {
    throw new ConfigError(`NODE_ENV 应为 development、production 或 test，现在是 "${mode}"`);
  }
  return mode;
}

function uploadLimits(env: Env): Pick<Config, 'uploadMaxBytes' | 'packageUploadMaxBytes' | 'archiveMaxTotalBytes'> {
  return {
    uploadMaxBytes: integer(env, 'UPLOAD_MAX_MB', 20, 1, 4096) * 1024 * 1024,
    packageUploadMaxBytes: integer(env, 'PACKAGE_UPLOAD_MAX_MB', 2048, 1, 65536) * 1024 * 1024,
    archiveMaxTotalBytes: integer(env, 'ARCHIVE_MAX_TOTAL_MB', 4096, 1, 65536) * 1024 * 1024,
  };
}

export function loadConfig(env: Env = process.env): Config {
  const mode = nodeEnv(env);
  const root = path.resolve(env.SKILLCERT_HOME ?? '.');
  const trustProxy = env.TRUST_PROXY ? env.TRUST_PROXY : false;
  const port = integer(env, 'PORT', 3000, 0, 65535);
  return {
    env: mode,
    port,
    // Behind a trusted proxy the proxy is the only client: listening on every interface would let
    // anyone who reaches the port directly write their own X-Forwarded-For (and so their own IP).
    host: env.HOST || (trustProxy ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl: databaseUrl(env),
    sqlitePath: path.resolve(root, env.SQLITE_PATH || 'data/skillcert.sqlite'),
    storageRoot: path.resolve(root, env.STORAGE_ROOT || 'uploads'),
    sessionSecret: sessionSecret(env, mode),
    secureCookies: flag(env, 'SECURE_COOKIES', false),
    trustProxy,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 120, 5, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    loginMaxFailures: integer(env, 'LOGIN_MAX_FAILURES', 10, 3, 1000),
    loginWindowMinutes: integer(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    loginMaxFailuresPerIp: integer(env, 'LOGIN_MAX_FAILURES_PER_IP', 300, 10, 100_000),
    passwordMemoryKiB: integer(env, 'PASSWORD_ARGON2_MEMORY_KIB', 19_456, 7_168, 1_048_576),
    passwordTimeCost: integer(env, 'PASSWORD_ARGON2_TIME', 2, 1, 50),
    passwordWorkers: passwordWorkers(env),
    passwordQueue: integer(env, 'PASSWORD_QUEUE', 16, 1, 10_000),
    requestsInFlight: integer(env, 'REQUESTS_IN_FLIGHT', 16, 1, 10_000),
    requestQueueMs: integer(env, 'REQUEST_QUEUE_MS', 500, 0, 60_000),
    // Four per hashing thread: one hashing, the others reading and writing around their hash.
    signInsInFlight: integer(env, 'SIGN_INS_IN_FLIGHT', 4 * passwordWorkers(env), 1, 10_000),
    signInQueueMs: integer(env, 'SIGN_IN_QUEUE_MS', 250, 0, 60_000),
    ...uploadLimits(env),
    jobStaleSeconds: integer(env, 'JOB_STALE_SECONDS', 60, 10, 3600),
    smtp: smtp(env),
    publicUrl: publicUrl(env, port),
    logSql: flag(env, 'LOG_SQL', false),
    countSql: flag(env, 'COUNT_SQL', false),
  };
}
