// Benchmark of `skillcert check-package` on department ZIPs the size colleges really hand in
// (100 and 1,000 candidates, ~150 KB each, GBK names as Windows writes them). Compared with
// `unzip -t`, which inflates and CRC-checks every entry too, so the ratio says how much the
// checker's own work (Node startup, name decoding, rules) costs on top of reading the archive.
//
//   npm run bench:packages                  # sizes 100 and 1000, 3 runs each
//   node dist/bench/packages.js --sizes=100 --runs=1 --rss=preload --keep
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { candidateEntries } from '../test/factories/package-files.js';
import { writeZip, type ZipEntryInput } from '../test/factories/zip-writer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/skillcert.js');
const ID_CARD_BYTES = 140_000;
const EDUCATION_BYTES = 10_000;
const GOAL_RATIO = 0.5;
const GOAL_RSS_MB = 200;
const GOAL_FLAT = 0.3;
const MB = 1_000_000; // decimal megabytes, as the goals are stated (ru_maxrss comes in KiB)

type Options = { sizes: number[]; runs: number; rss: 'auto' | 'time' | 'preload'; keep: boolean };

function parseArgs(argv: string[]): Options {
  const options: Options = { sizes: [100, 1000], runs: 3, rss: 'auto', keep: false };
  for (const arg of argv) {
    const [key, value = ''] = arg.replace(/^--/, '').split('=');
    if (key === 'sizes')
      options.sizes = value
        .split(',')
        .map(Number)
        .filter((n) => n > 0);
    else if (key === 'runs') options.runs = Math.max(1, Number(value) || 1);
    else if (key === 'rss' && (value === 'time' || value === 'preload')) options.rss = value;
    else if (key === 'keep') options.keep = true;
    else throw new Error(`unknown option ${arg} (use --sizes=100,1000 --runs=3 --rss=time|preload --keep)`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Test data

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643: region, birth date, sequence, MOD 11-2 check character. */
function idNumber(region: string, birth: Date, sequence: number): string {
  const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, digit, i) => s + Number(digit) * ID_WEIGHTS[i], 0);
  return first17 + ID_CHECK_CHARS[sum % 11];
}

/** n distinct IDs: one birth day each from 2000-01-01, so they never collide. */
function idNumbers(n: number): string[] {
  const day = 86_400_000;
  return Array.from({ length: n }, (_, i) =>
    idNumber('430105', new Date(Date.UTC(2000, 0, 1) + i * day), (i * 7) % 1000),
  );
}

/** Entries one candidate at a time, so writeZip never holds more than one folder's files. */
async function* departmentEntries(ids: string[]): AsyncGenerator<ZipEntryInput> {
  for (const id of ids) {
    yield* await candidateEntries(id, {
      idCardBytes: ID_CARD_BYTES,
      educationBytes: EDUCATION_BYTES,
      nameEncoding: 'gbk',
      directories: true,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

type Run = { seconds: number; status: number | null; stdout: string; stderr: string; rssKb: number | null };

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Omit<Run, 'rssKb'> {
  const start = process.hrtime.bigint();
  const child = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.error) throw new Error(`could not run ${command}: ${child.error.message}`);
  return { seconds, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** GNU time's -f/-o (BSD and busybox time lack them); this checks it rather than trusting the path. */
function gnuTimeWorks(dir: string): boolean {
  if (!fs.existsSync('/usr/bin/time')) return false;
  const out = path.join(dir, 'time-probe.txt');
  const probe = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, 'true']);
  return probe.status === 0 && fs.existsSync(out) && /^\d+\s*$/.test(fs.readFileSync(out, 'utf8'));
}

// The fallback asks the kernel for the high-water mark (getrusage ru_maxrss, via
// process.resourceUsage) when the CLI exits: exact, unlike sampling a timer that cannot fire while
// the event loop is busy, which is exactly when memory peaks.
const PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => { writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });
`;

type RssMethod = { name: string; run: (args: string[]) => Run };

function rssMethod(dir: string, wanted: Options['rss']): RssMethod {
  const rssFile = path.join(dir, 'rss.txt');
  const readKb = () => {
    // GNU time puts "Command exited with non-zero status N" above the number when the CLI fails
    const kb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
    fs.rmSync(rssFile, { force: true });
    return Number.isFinite(kb) ? kb : null;
  };
  if (wanted !== 'preload' && gnuTimeWorks(dir)) {
    return {
      name: '/usr/bin/time -f %M (max RSS of the CLI process, from wait4)',
      run: (args) => ({
        ...timed('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args]),
        rssKb: readKb(),
      }),
    };
  }
  if (wanted === 'time') throw new Error('--rss=time: /usr/bin/time is missing or is not GNU time');
  const preload = path.join(dir, 'rss-preload.mjs');
  fs.writeFileSync(preload, PRELOAD);
  const env = { ...process.env, BENCH_RSS_FILE: rssFile };
  return {
    name: 'node --import preload: process.resourceUsage().maxRSS at exit (getrusage)',
    run: (args) => ({
      ...timed(process.execPath, ['--import', pathToFileURL(preload).href, ...args], env),
      rssKb: readKb(),
    }),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function unzipTest(zip: string, runs: number): number {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = timed('unzip', ['-t', '-qq', zip]);
    if (run.status !== 0)
      throw new Error(`unzip -t failed (exit ${run.status}) on our own archive ${zip}:\n${run.stdout}${run.stderr}`);
    seconds.push(run.seconds);
  }
  return median(seconds);
}

type CliJson = {
  ok?: boolean;
  fatal?: { code: string; message: string } | null;
  students?: Array<{ id: string; ok: boolean; errors?: Array<{ code: string; path: string; message: string }> }>;
  other?: unknown[];
};

/** Why this run does not count as a correct check of `n` good candidates, or null. */
function wrongResult(run: Run, n: number): string | null {
  const head = (s: string) => s.trim().slice(0, 800) || '(empty)';
  let json: CliJson;
  try {
    json = JSON.parse(run.stdout) as CliJson;
  } catch {
    const hint =
      run.status === 64 || /用法/.test(run.stderr) ? ' — it looks like the CLI has no check-package command yet' : '';
    return `exit ${run.status}, stdout is not JSON${hint}\n  stderr: ${head(run.stderr)}\n  stdout: ${head(run.stdout)}`;
  }
  const failing = (json.students ?? []).filter((s) => !s.ok);
  const problems = [
    run.status !== 0 && `exit status ${run.status} (expected 0)`,
    json.ok !== true && `"ok" is ${JSON.stringify(json.ok)}`,
    json.fatal && `fatal ${json.fatal.code}: ${json.fatal.message}`,
    json.students?.length !== n && `${json.students?.length ?? 'no'} students listed (expected ${n})`,
    failing.length > 0 && `${failing.length} students failed, e.g. ${JSON.stringify(failing.slice(0, 3))}`,
    json.other?.length && `"other" lists ${json.other.length} items, e.g. ${JSON.stringify(json.other.slice(0, 3))}`,
  ].filter(Boolean);
  return problems.length ? `${problems.join('; ')}${run.stderr.trim() ? `\n  stderr: ${head(run.stderr)}` : ''}` : null;
}

type CheckResult = { seconds: number; rssMb: number | null } | { problem: string };

function checkPackage(zip: string, n: number, runs: number, method: RssMethod): CheckResult {
  const seconds: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = method.run([CLI, 'check-package', zip, '--json']);
    const problem = wrongResult(run, n);
    if (problem) return { problem }; // a wrong answer makes the timing meaningless
    seconds.push(run.seconds);
    if (run.rssKb !== null) rss.push(run.rssKb);
  }
  return { seconds: median(seconds), rssMb: rss.length ? (median(rss) * 1024) / MB : null };
}

// ---------------------------------------------------------------------------------------------
// Report

type Row = { n: number; zipMb: number; unzipSeconds: number; check: CheckResult };

const fixed = (x: number, digits: number) => x.toFixed(digits);
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function printTable(rows: Row[]): void {
  const header = ['candidates', 'zip MB', 'unzip -t s', 'check s', 'ratio (≥0.5)', 'peak RSS MB (<200)'];
  const body = rows.map((r) => {
    const c = r.check;
    if ('problem' in c) return [String(r.n), fixed(r.zipMb, 1), fixed(r.unzipSeconds, 3), 'FAILED', '-', '-'];
    const ratio = r.unzipSeconds / c.seconds;
    const rss = c.rssMb === null ? 'n/a' : `${fixed(c.rssMb, 1)} ${mark(c.rssMb < GOAL_RSS_MB)}`;
    return [
      String(r.n),
      fixed(r.zipMb, 1),
      fixed(r.unzipSeconds, 3),
      fixed(c.seconds, 3),
      `${fixed(ratio, 2)} ${mark(ratio >= GOAL_RATIO)}`,
      rss,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(['', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n'));
}

/** Memory should not grow with the number of candidates: largest vs smallest run within +30%. */
function printFlatness(rows: Row[]): void {
  const measured = rows.filter((r) => !('problem' in r.check) && r.check.rssMb !== null);
  if (measured.length < 2) return;
  const rssOf = (r: Row) => (r.check as { rssMb: number }).rssMb;
  const [small, large] = [measured[0], measured[measured.length - 1]];
  const growth = rssOf(large) / rssOf(small) - 1;
  console.log(
    `RSS flat: ${large.n} vs ${small.n} candidates ${growth >= 0 ? '+' : ''}${fixed(growth * 100, 1)}% (goal ≤ +${GOAL_FLAT * 100}%) ${mark(growth <= GOAL_FLAT)}`,
  );
}

// ---------------------------------------------------------------------------------------------

async function benchmark(n: number, dir: string, options: Options, method: RssMethod): Promise<Row> {
  const zip = path.join(dir, `department-${n}.zip`);
  const started = Date.now();
  await writeZip(zip, departmentEntries(idNumbers(n)));
  const zipMb = fs.statSync(zip).size / MB;
  console.log(
    `${n} candidates: wrote ${fixed(zipMb, 1)} MB in ${fixed((Date.now() - started) / 1000, 1)} s; measuring ${options.runs}×…`,
  );
  const unzipSeconds = unzipTest(zip, options.runs);
  const check = checkPackage(zip, n, options.runs, method);
  if ('problem' in check) console.error(`  check-package did not pass the ${n}-candidate package: ${check.problem}`);
  if (!options.keep) fs.rmSync(zip, { force: true });
  return { n, zipMb, unzipSeconds, check };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist/app/cli.js')))
    console.warn('warning: dist/app/cli.js is missing; run `npx tsc -p .` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-bench-'));
  const cleanUp = () => (options.keep ? console.log(`kept ${dir}`) : fs.rmSync(dir, { recursive: true, force: true }));
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const method = rssMethod(dir, options.rss);
    console.log(`node ${process.version}; peak RSS via ${method.name}; median of ${options.runs} run(s)`);
    const rows: Row[] = [];
    for (const n of options.sizes) rows.push(await benchmark(n, dir, options, method));
    printTable(rows);
    printFlatness(rows);
    return rows.some((r) => 'problem' in r.check) ? 1 : 0;
  } finally {
    cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
