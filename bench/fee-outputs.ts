// The fee section of bench:outputs (issue 14 item 4): 收费对账 and its workbook with 20,000
// registrations, on SQLite or MariaDB/MySQL, the server started as production runs it
// (`node dist/app/server.js`, NODE_ENV=production) and read over HTTP as the office reads it.
// Beside them the other fee pages a season makes big: the office's 收费明细 of the largest
// department, the teacher's fee sheet, and the office home page (whose to-dos add up money too).
//
// Figures: the median wall time of --fee-runs requests (after two unmeasured ones), the server's
// peak RSS while they ran (VmHWM from /proc/<pid>/status, reset through clear_refs before each
// page), and the SQL statements one request issues (the server logs them with LOG_SQL=true; the
// fewest seen over the runs, so a background job's poll landing inside a request is not counted).
//
//   node dist/bench/outputs.js --only=fees                           # SQLite, 20,000 registrations
//   node dist/bench/outputs.js --only=fees --db=mysql --mysql-url=mysql://root@127.0.0.1:3306/bench
//   node dist/bench/outputs.js --only=fees --server=../old/dist/app/server.js   # another build as the server
//   node dist/bench/outputs.js --only=fees --profile=/tmp/prof       # the server writes a .cpuprofile on exit
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { QueryTypes, type Sequelize } from 'sequelize';

export type FeeBenchOptions = {
  registrations: number;
  db: 'sqlite' | 'mysql';
  mysqlUrl: string;
  server: string;
  runs: number;
  profile: string | null;
};

const PASSWORD = 'Bench2026fees';
const GOAL_PAGE_MS = 300;
const GOAL_WORKBOOK_MS = 2000;
const GOAL_RSS_MB = 256;
const MB = 1_000_000;
const DEPARTMENTS = [
  '电子工程学院',
  '机电工程学院',
  '信息工程学院',
  '汽车工程学院',
  '经济管理学院',
  '建筑工程学院',
  '物流学院',
  '艺术设计学院',
];

type Seeded = { batchId: number; departmentId: number; lines: number; collectedFen: number; departments: number };

/** The database the server will open: a fresh SQLite file, or the MySQL database named, dropped and made again. */
async function freshDatabase(options: FeeBenchOptions, dir: string): Promise<Record<string, string>> {
  if (options.db === 'sqlite') return { SQLITE_PATH: path.join(dir, 'fees.sqlite') };
  const url = new URL(options.mysqlUrl);
  const name = url.pathname.slice(1);
  if (!/^\w+$/.test(name))
    throw new Error(
      `--mysql-url must name a database, e.g. mysql://root@127.0.0.1:3306/skillcert_bench (got ${options.mysqlUrl})`,
    );
  const mysql = await import('mysql2/promise');
  const server = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await server.end();
  return { DATABASE_URL: options.mysqlUrl };
}

async function connect(env: Record<string, string>, dir: string) {
  const [{ loadConfig }, { createSequelize, prepareDatabase }, { migrate }, { initModels }, { Storage }] =
    await Promise.all([
      import('../app/config.js'),
      import('../app/db/connection.js'),
      import('../app/db/migrator.js'),
      import('../app/models/index.js'),
      import('../app/lib/storage.js'),
    ]);
  const config = loadConfig({ NODE_ENV: 'development', STORAGE_ROOT: path.join(dir, 'storage'), ...env });
  const sequelize = createSequelize(config);
  await prepareDatabase(sequelize);
  await migrate(sequelize);
  initModels(sequelize);
  return { sequelize, config, storage: new Storage(config.storageRoot), now: () => new Date() };
}

/** Fees due in a week: the season is in its 材料与缴费 weeks, when the office reconciles. */
function timeline() {
  const at = (days: number) => new Date(Date.now() + days * 86_400_000);
  return {
    plansDueAt: at(-30),
    registrationOpensAt: at(-29),
    registrationClosesAt: at(-20),
    materialsDueAt: at(3),
    confirmationDueAt: at(7),
    feesDueAt: at(7),
    ticketsAt: at(14),
    examAt: at(24),
    certificatesAt: at(84),
  };
}

async function accounts(departmentId: number) {
  const [{ User }, { hashPassword, closePasswordPool }] = await Promise.all([
    import('../app/models/index.js'),
    import('../app/lib/passwords.js'),
  ]);
  const passwordHash = await hashPassword(PASSWORD);
  await User.create({
    username: 'office',
    displayName: '继续教育学院',
    role: 'office',
    departmentId: null,
    passwordHash,
    mustChangePassword: false,
  });
  await User.create({
    username: 'teacher',
    displayName: '指定老师',
    role: 'teacher',
    departmentId,
    passwordHash,
    mustChangePassword: false,
  });
  await closePasswordPool();
}

/** What a correct workbook must hold, counted straight from the tables. */
async function expectations(sequelize: Sequelize, batchId: number) {
  const [row] = await sequelize.query<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM registrations r
      WHERE r.batchId = :batchId AND (r.status = 'active' OR (SELECT COALESCE(SUM(f.amountFen), 0) FROM fee_entries f WHERE f.registrationId = r.id) <> 0)`,
    { replacements: { batchId }, type: QueryTypes.SELECT },
  );
  const [sum] = await sequelize.query<{ fen: number | string | null }>(
    'SELECT SUM(amountFen) AS fen FROM fee_entries WHERE batchId = :batchId',
    { replacements: { batchId }, type: QueryTypes.SELECT },
  );
  return { lines: Number(row.n), collectedFen: Number(sum.fen ?? 0) };
}

async function seed(options: FeeBenchOptions, env: Record<string, string>, dir: string): Promise<Seeded> {
  const started = Date.now();
  const ctx = await connect(env, dir);
  const [{ Department }, { createBatch }, { systemActor }, { noticeSchedule }, { seedFeeSeason }] = await Promise.all([
    import('../app/models/index.js'),
    import('../app/services/season/batches.js'),
    import('../app/services/context.js'),
    import('../app/domain/fees.js'),
    import('../test/factories/fee-season.js'),
  ]);
  const departments = await Department.bulkCreate(DEPARTMENTS.map((name) => ({ name })));
  const fees = noticeSchedule();
  const batch = await createBatch(ctx, systemActor, {
    name: '2026年下半年（收费基准）',
    year: 2026,
    half: 2,
    timeline: timeline(),
    fees,
    confirmPast: true,
  });
  const season = await seedFeeSeason(batch.id, {
    registrations: options.registrations,
    departments,
    fees,
    prefix: 'FB',
  });
  await accounts(departments[0].id);
  const expected = await expectations(ctx.sequelize, batch.id);
  await ctx.sequelize.close();
  console.log(
    `setup (${options.db}): ${season.registrations.toLocaleString('en-US')} registrations of ${season.students.toLocaleString('en-US')} students in ${departments.length} departments, ${season.entries.toLocaleString('en-US')} ledger entries, ${season.transfers} transfers, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { batchId: batch.id, departmentId: departments[0].id, departments: departments.length, ...expected };
}

// ---------------------------------------------------------------------------------------------
// The server, as production runs it

type Server = { child: ChildProcess; statements: () => number; stop: () => Promise<void> };

function startServer(
  options: FeeBenchOptions,
  env: Record<string, string>,
  dir: string,
  port: number,
): Promise<Server> {
  const flags = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profile)}`] : [];
  const child = spawn(process.execPath, [...flags, options.server], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      STORAGE_ROOT: path.join(dir, 'storage'),
      SESSION_SECRET: randomBytes(24).toString('hex'),
      LOG_SQL: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let statements = 0;
  let tail = '';
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`server exited with ${code}`));
    child.once('exit', exited);
    child.stdout!.on('data', (chunk: Buffer) => {
      // Sequelize logs each statement as "Executing (default): …"; the tail keeps a mark cut in two
      const text = tail + chunk.toString();
      statements += text.match(/Executing \(/g)?.length ?? 0;
      tail = text.slice(-10);
      if (text.includes('skillcert 已启动')) {
        child.off('exit', exited);
        resolve({
          child,
          statements: () => statements,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

/** The server's peak RSS since the last reset (VmHWM), or its RSS now (VmRSS), in MB, from the kernel. */
function rss(pid: number, which: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return (Number(new RegExp(`${which}:\\s+(\\d+) kB`).exec(status)![1]) * 1024) / MB;
}

/** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0), so each page gets its own peak. */
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** A cookie-keeping client, enough to sign in and read pages. */
class Client {
  private cookie = '';

  constructor(private readonly base: string) {}

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(this.base + url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as object), cookie: this.cookie },
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    return res;
  }

  async signIn(username: string): Promise<void> {
    const page = await (await this.request('/login')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: token, username, password: PASSWORD });
    const res = await this.request('/login', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (res.status !== 303) throw new Error(`${username} could not sign in (${res.status})`);
  }

  async fetchBody(url: string): Promise<{ ms: number; body: Buffer }> {
    const start = performance.now();
    const res = await this.request(url);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.toString().slice(0, 300)}`);
    return { ms: performance.now() - start, body };
  }
}

type Measured = {
  name: string;
  ms: number;
  statements: number;
  bytes: number;
  rssBeforeMb: number;
  rssMb: number;
  goalMs: number | null;
  goalMb: number | null;
  body: Buffer;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

type Goals = { ms: number | null; mb: number | null };

async function measure(
  server: Server,
  client: Client,
  name: string,
  url: string,
  runs: number,
  goals: Goals,
): Promise<Measured> {
  const pid = server.child.pid!;
  for (let i = 0; i < 2; i++) await client.fetchBody(url); // views compiled, connections open, caches warm
  resetPeak(pid);
  const rssBeforeMb = rss(pid, 'VmRSS');
  const times: number[] = [];
  const counts: number[] = [];
  let body: Buffer = Buffer.alloc(0);
  for (let i = 0; i < runs; i++) {
    const before = server.statements();
    const got = await client.fetchBody(url);
    await new Promise((r) => setTimeout(r, 50)); // the log lines of the last statements reach the pipe
    counts.push(server.statements() - before);
    times.push(got.ms);
    body = got.body;
  }
  const result = {
    name,
    ms: median(times),
    statements: Math.min(...counts),
    bytes: body.length,
    rssBeforeMb,
    rssMb: rss(pid),
    goalMs: goals.ms,
    goalMb: goals.mb,
    body,
  };
  console.log(
    `  ${name}: ${times.map((t) => t.toFixed(0)).join(', ')} ms; ${result.statements} SQL statements; ${(result.bytes / 1000).toFixed(0)} KB; RSS ${rssBeforeMb.toFixed(1)} MB before, peak ${result.rssMb.toFixed(1)} MB`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// Is the workbook right? Every visible line in a department sheet, and 实收 adding up to the ledger.

async function workbookProblem(file: string, seeded: Seeded): Promise<string | null> {
  // Read whole (in the bench's process, not the server's): an in-memory workbook, as the old build
  // wrote it, puts its sheets before workbook.xml, which exceljs's streaming reader cannot follow.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheets = workbook.worksheets.map((sheet) => {
    const tally = { name: sheet.name, rows: 0, collectedFen: 0 };
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      tally.rows++;
      tally.collectedFen += Math.round(Number(row.getCell(7).value ?? 0) * 100);
    });
    return tally;
  });
  const departments = sheets.filter((s) => !['汇总', '每笔转账', '上缴'].includes(s.name));
  const lines = departments.reduce((s, d) => s + d.rows, 0);
  const collected = departments.reduce((s, d) => s + d.collectedFen, 0);
  if (departments.length !== seeded.departments)
    return `the workbook has ${departments.length} department sheets, expected ${seeded.departments}`;
  if (lines !== seeded.lines) return `the department sheets hold ${lines} lines, expected ${seeded.lines}`;
  if (collected !== seeded.collectedFen)
    return `实收 in the department sheets adds up to ${collected} fen, the ledger to ${seeded.collectedFen}`;
  return null;
}

// ---------------------------------------------------------------------------------------------

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function printTable(options: FeeBenchOptions, rows: Measured[]): boolean {
  console.log(
    `\n收费对账基准（issue 14 第 4 项）：${options.registrations.toLocaleString('en-US')} 项报名，${options.db === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB'}，服务器 ${path.relative(process.cwd(), options.server)}，NODE_ENV=production，${os.availableParallelism()} 核，中位数 of ${options.runs}`,
  );
  const header = ['page', 'median ms', 'goal ms', 'SQL', 'KB', 'RSS before MB', 'peak RSS MB', 'goal MB', 'verdict'];
  const body = rows.map((r) => {
    const ok = (r.goalMs === null || r.ms < r.goalMs) && (r.goalMb === null || r.rssMb < r.goalMb);
    const goal = (g: number | null) => (g === null ? '-' : `< ${g}`);
    return [
      r.name,
      r.ms.toFixed(0),
      goal(r.goalMs),
      String(r.statements),
      (r.bytes / 1000).toFixed(0),
      r.rssBeforeMb.toFixed(1),
      r.rssMb.toFixed(1),
      goal(r.goalMb),
      r.goalMs === null && r.goalMb === null ? '(no goal)' : verdict(ok),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log([line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n'));
  return body.every((r) => r[8] !== 'FAIL');
}

export async function feeBenchmark(options: FeeBenchOptions): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-bench-fees-'));
  try {
    const env = await freshDatabase(options, dir);
    const seeded = await seed(options, env, dir);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = await startServer(options, env, dir, port);
    if (!resetPeak(server.child.pid!))
      console.log('  (/proc/<pid>/clear_refs not writable: peak RSS is since the server started)');
    console.log(`  server started: RSS ${rss(server.child.pid!, 'VmRSS').toFixed(1)} MB`);
    try {
      const base = `http://127.0.0.1:${port}`;
      const office = new Client(base);
      await office.signIn('office');
      const teacher = new Client(base);
      await teacher.signIn('teacher');
      console.log(`  signed in: RSS ${rss(server.child.pid!, 'VmRSS').toFixed(1)} MB`);
      const b = seeded.batchId;
      // Goals of issue 14 item 4: the page < 300 ms in constant memory, the workbook < 2 s and < 256 MB;
      // the paged lists are held to the page's goals; the office home is shown, not judged (its
      // other to-dos, materials and plans, are not fee code).
      const page = { ms: GOAL_PAGE_MS, mb: GOAL_RSS_MB };
      const rows = [
        await measure(server, office, '收费对账 /office/fees', `/office/fees?batch=${b}`, options.runs, page),
        await measure(
          server,
          office,
          '对账工作簿 /office/fees/export',
          `/office/fees/export?batch=${b}`,
          Math.min(options.runs, 3),
          { ms: GOAL_WORKBOOK_MS, mb: GOAL_RSS_MB },
        ),
        await measure(
          server,
          office,
          '收费明细（一个学院）',
          `/office/fees/departments/${seeded.departmentId}?batch=${b}`,
          options.runs,
          page,
        ),
        await measure(server, teacher, '老师收费表 /teacher/fees', `/teacher/fees?batch=${b}`, options.runs, page),
        await measure(server, office, '继续教育学院首页 /office', '/office', options.runs, { ms: null, mb: null }),
      ];
      const file = path.join(dir, 'reconciliation.xlsx');
      fs.writeFileSync(file, rows[1].body);
      const problem = await workbookProblem(file, seeded);
      const ok = printTable(options, rows);
      if (problem) console.error(`INVALID OUTPUT: ${problem}`);
      else
        console.log(
          `workbook checked: ${seeded.lines.toLocaleString('en-US')} lines in ${seeded.departments} department sheets, 实收 adds up to the ledger`,
        );
      return ok && !problem ? 0 : 1;
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
