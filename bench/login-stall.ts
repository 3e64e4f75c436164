// Benchmark of issue 13 item 1: can a flood of bogus sign-ins stall the server? The server runs as
// production runs it (`node dist/app/server.js`, NODE_ENV=production, scrypt N=2^17) on a SQLite
// file of its own. The office downloads a 2 MB file and opens its home page, first on an idle
// server (the baseline), then while 32 clients keep sign-ins for made-up user names in flight
// without pause; then one real sign-in is timed under the same flood. Medians of --runs timings.
//
//   npm run bench:login                      # 32 attackers, 11 timings each
//   node dist/bench/login-stall.js --attackers=64 --runs=21
//   node dist/bench/login-stall.js --server=../old/dist/app/server.js   # another build as the server
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, csrfTokenOf } from './lib/http-client.js';
import { startServer, type ServerProcess } from './lib/server-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GOAL_RATIO = 2;
const OFFICE_PASSWORD = 'Bench2026office';
const DOWNLOAD_BYTES = 2 * 1024 * 1024;
const OFFICE_IP = '10.1.0.1';
const randomIp = () => `10.2.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

type Options = { attackers: number; runs: number; server: string };

function parseArgs(argv: string[]): Options {
  const options: Options = { attackers: 32, runs: 11, server: path.join(ROOT, 'dist/app/server.js') };
  for (const arg of argv) {
    const [key, value = ''] = arg.replace(/^--/, '').split('=');
    const n = Math.max(1, Math.floor(Number(value)) || 1);
    if (key === 'attackers') options.attackers = n;
    else if (key === 'runs') options.runs = n;
    else if (key === 'server') options.server = path.resolve(value);
    else throw new Error(`unknown option ${arg} (use --attackers=32 --runs=11 --server=dist/app/server.js)`);
  }
  return options;
}

/** A database with an office account (password already chosen) and a student with a 2 MB photo. */
async function prepare(dir: string): Promise<{ studentId: number }> {
  const [
    { loadConfig },
    { createSequelize, prepareDatabase },
    { migrate },
    { initModels, Department, Student, User },
    { hashPassword },
    { insertStudent },
    { studentRecord },
  ] = await Promise.all([
    import('../app/config.js'),
    import('../app/db/connection.js'),
    import('../app/db/migrator.js'),
    import('../app/models/index.js'),
    import('../app/lib/passwords.js'),
    import('../app/services/accounts/students.js'),
    import('../test/factories/index.js'),
  ]);
  const config = loadConfig({
    NODE_ENV: 'development',
    SQLITE_PATH: path.join(dir, 'bench.sqlite'),
    STORAGE_ROOT: path.join(dir, 'storage'),
  });
  const sequelize = createSequelize(config);
  await prepareDatabase(sequelize);
  await migrate(sequelize);
  initModels(sequelize);
  const passwordHash = await hashPassword(OFFICE_PASSWORD);
  await User.create({
    username: 'office',
    displayName: '继续教育学院',
    role: 'office',
    departmentId: null,
    passwordHash,
    mustChangePassword: false,
  });
  const department = await Department.create({ name: '电子工程学院' });
  const student = await sequelize.transaction((t) => insertStudent(studentRecord(), department.id, t));
  const photoPath = `photos/${student.id}.jpg`;
  fs.mkdirSync(path.join(config.storageRoot, 'photos'), { recursive: true });
  fs.writeFileSync(
    path.join(config.storageRoot, photoPath),
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(DOWNLOAD_BYTES)]),
  );
  await Student.update({ photoPath }, { where: { id: student.id } });
  const { closePasswordPool } = await import('../app/lib/passwords.js');
  await closePasswordPool();
  await sequelize.close();
  return { studentId: student.id };
}

function startApp(server: string, dir: string): Promise<ServerProcess> {
  return startServer({
    script: server,
    readyText: 'skillcert 已启动',
    echoErrors: true,
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      SQLITE_PATH: path.join(dir, 'bench.sqlite'),
      STORAGE_ROOT: path.join(dir, 'storage'),
      SESSION_SECRET: randomBytes(24).toString('hex'),
      TRUST_PROXY: 'loopback',
    },
  });
}

/**
 * Sign-in and timed requests on the benchmarks' cookie-keeping client. Each browser comes from an
 * address of its own (X-Forwarded-For, the server trusting loopback as its proxy): the attack is
 * a botnet, so the per-IP throttle never helps and the hashing pool alone must hold.
 */
class Browser {
  private readonly client: Client;
  private token = '';

  // No timeout worth the name: the old build made a page wait 40 s and more, and that is the figure.
  constructor(base: string, ip: string) {
    this.client = new Client(base, { ip, timeoutMs: 600_000 });
  }

  async signIn(username: string, password: string): Promise<number> {
    if (!this.token) this.token = csrfTokenOf((await this.client.get('/login')).text) ?? '';
    const res = await this.client.post('/login', { _csrf: this.token, username, password });
    return res.status;
  }

  async timed(url: string): Promise<number> {
    const res = await this.client.get(url);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (url.includes('photo') && res.body.length < DOWNLOAD_BYTES) throw new Error('download cut short');
    return res.ms;
  }

  close(): void {
    this.client.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timings(office: Browser, studentId: number, runs: number) {
  const download: number[] = [];
  const page: number[] = [];
  for (let i = 0; i < runs; i++) {
    download.push(await office.timed(`/students/${studentId}/photo`));
    page.push(await office.timed('/office'));
  }
  return { download: median(download), page: median(page) };
}

/**
 * Keeps `count` bogus sign-ins in flight until stopped; counts the answers by status. Each attacker
 * sends its next as soon as the last is answered, but no more than once a second: 32 a second is
 * thirty times what one hashing thread can serve (a hash costs ~1 s of CPU at N=2^17), so the pool
 * stays full. A flood of cheap requests as fast as the network allows is another attack, for the
 * proxy's rate limit (nginx limit_req), not for the password pool.
 */
function flood(base: string, count: number) {
  const statuses = new Map<number, number>();
  let running = true;
  const attacker = async () => {
    const browser = new Browser(base, randomIp());
    while (running) {
      const paced = new Promise((r) => setTimeout(r, 1000));
      const status = await browser.signIn(`nobody${randomBytes(4).toString('hex')}`, 'guess-123').catch(() => 0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      await paced;
    }
    browser.close();
  };
  const all = Array.from({ length: count }, attacker);
  return {
    statuses,
    stop: async () => {
      running = false;
      await Promise.all(all);
    },
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-bench-login-'));
  const { studentId } = await prepare(dir);
  const server = await startApp(options.server, dir);
  const base = server.baseUrl;
  const office = new Browser(base, OFFICE_IP);
  try {
    if ((await office.signIn('office', OFFICE_PASSWORD)) !== 303) throw new Error('office sign-in failed');
    await timings(office, studentId, 5); // warm-up: views compiled, connections open, the CPU clocked up
    const idle = await timings(office, studentId, options.runs);
    const idleSignIn = await timedSignIn(base);

    const attack = flood(base, options.attackers);
    await new Promise((r) => setTimeout(r, 1500)); // let the flood fill the hashing queue
    const loaded = await timings(office, studentId, options.runs);
    const floodSignIn = await timedSignIn(base);
    await attack.stop();

    const ratio = loaded.download / idle.download;
    console.log(`\n服务器：${path.relative(process.cwd(), options.server)}`);
    console.log(
      `登录洪水基准（issue 13 第 1 项）：${options.attackers} 个并发的虚构用户名登录，NODE_ENV=production，scrypt N=2^17，${os.availableParallelism()} 核`,
    );
    console.log('                         空闲服务器     登录洪水中');
    console.log(
      `  下载 2 MB 文件（中位数）  ${ms(idle.download)}      ${ms(loaded.download)}   (${ratio.toFixed(2)}×，目标 < ${GOAL_RATIO}×)`,
    );
    console.log(
      `  打开 /office（中位数）   ${ms(idle.page)}      ${ms(loaded.page)}   (${(loaded.page / idle.page).toFixed(2)}×)`,
    );
    console.log(
      `  一次真实登录              ${ms(idleSignIn.ms)} ${idleSignIn.status}  ${ms(floodSignIn.ms)} ${floodSignIn.status}`,
    );
    console.log(`  洪水中登录请求的回答：${[...attack.statuses].map(([s, n]) => `${s}×${n}`).join('，')}`);
    console.log(ratio < GOAL_RATIO ? '  达到目标' : '  未达到目标');
    process.exitCode = ratio < GOAL_RATIO ? 0 : 1;
  } finally {
    office.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function timedSignIn(base: string): Promise<{ ms: number; status: number }> {
  const start = performance.now();
  const browser = new Browser(base, randomIp());
  const status = await browser.signIn('office', OFFICE_PASSWORD);
  browser.close();
  return { ms: performance.now() - start, status };
}

const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;

await main();
