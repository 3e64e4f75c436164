// Benchmark of issue 14: the registration rush. When the window opens, a department's students
// register in the same few minutes, on phones, most signing in for the first time. Here N students
// (200) start at the same moment against the app started as production runs it, on SQLite and then
// on MariaDB/MySQL, and go sign in → (forced password change) → 选择报考项目 → preview → confirm
// (one grade + one special item each). Then (b) 50 signed-in sessions ask for the register page
// as fast as it is answered, and the same against a bare Express + EJS + Sequelize server on the
// same database (bench/baseline-server.ts); then (c) the database is checked for the two-item rule.
// A measurement: the exit code is 0 even when a goal is missed; the table says FAIL.
//
//   npm run bench:rush                                   # both databases, 200 students, 1 run
//   npm run bench:rush -- --db=sqlite --runs=3           # medians of 3
//   npm run bench:rush -- --server=../old/dist/app/server.js --flow=two-step
//   npm run bench:rush -- --mysql-url=mysql://root@127.0.0.1:3306/bench_rush   (else DATABASE_URL, else …/test_rush)
//   npm run bench:rush -- --students=20 --env=PASSWORD_SCRYPT_LOG2N=14   # a quick try, not the production cost
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type Db, type Options } from './rush/options.js';
import { printReport } from './rush/report.js';
import { oneRun, type RunResult } from './rush/run.js';

function describeSetup(db: Db, options: Options, results: RunResult[]): void {
  const used = results.reduce(
    (sum, r) => ({ one: sum.one + r.rush.used['one-step'], two: sum.two + r.rush.used['two-step'] }),
    { one: 0, two: 0 },
  );
  const fellBack =
    options.flow === 'one-step' && used.two > 0
      ? `; the server answered the one-step sign-in with /password ${used.two} times: this server has no one-step form, the two-step change followed`
      : '';
  console.log(`\n=== ${results[0]?.place ?? db} — ${options.students} students, flow ${options.flow}${fellBack}`);
  console.log(
    `server ${path.relative(process.cwd(), options.server)}, NODE_ENV=production, ${serverEnvText(options)}, COUNT_SQL=true; ${os.availableParallelism()} cores`,
  );
  console.log(
    `each student: ${options.nat ? 'all behind one campus NAT address' : 'its own address'}, a 503 waited out (Retry-After) at most ${options.patience} times per request, ${options.timeoutSeconds} s per request without an answer = no answer`,
  );
  console.log(
    `step times are the step's requests' own times (the waits after a 503 are in the wall time, not in the step); ${results.length} run(s), medians`,
  );
  const sessions = results.map((r) => `${r.sessions.fromRush}+${r.sessions.added}`).join(', ');
  console.log(
    `phase (b): ${options.seconds} s after 1 s warm-up; sessions from the rush + signed in afterwards: ${sessions}\n`,
  );
}

function serverEnvText(options: Options): string {
  const extra = Object.entries(options.serverEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return extra ? `${extra} (NOT production settings)` : 'production password settings';
}

async function benchmark(db: Db, options: Options): Promise<boolean | null> {
  const results: RunResult[] = [];
  for (let run = 1; run <= options.runs; run++) {
    console.error(`[bench:rush] ${db}, run ${run} of ${options.runs}…`);
    try {
      results.push(await oneRun(db, options));
    } catch (error) {
      if (db === 'mysql' && results.length === 0 && isUnreachable(error)) {
        console.log(
          `\n=== MariaDB/MySQL skipped: cannot reach ${options.mysqlUrl.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message})`,
        );
        return null;
      }
      throw error;
    }
  }
  describeSetup(db, options, results);
  return printReport(results);
}

const isUnreachable = (error: unknown) =>
  /ECONNREFUSED|ENOTFOUND|ER_ACCESS_DENIED|ETIMEDOUT/.test(String((error as Error)?.message ?? error));

async function main() {
  const options = parseArgs(process.argv.slice(2), process.env);
  const verdicts: Array<[Db, boolean | null]> = [];
  for (const db of options.dbs) verdicts.push([db, await benchmark(db, options)]);
  console.log('');
  for (const [db, ok] of verdicts)
    console.log(`${db}: ${ok === null ? 'skipped' : ok ? 'every goal met' : 'FAIL: goals missed (see the table)'}`);
}

await main();
