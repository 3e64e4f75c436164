// Benchmark of reading an uploaded .xlsx (issue 13): a 1,000,000-row workbook (~20 MB; ID number,
// name and 学号 as text, shared strings as Excel writes them) read with the import's 5,000-row cap,
// through the old whole-file path (`workbook.xlsx.readFile`, kept below for comparison only) and
// through app/lib/xlsx-reader.ts, one and three at once. Each measurement runs in a Node process of
// its own with NODE_ENV=production, and reports that process's peak RSS (VmHWM).
//
//   npm run bench:imports                     # 1,000,000 rows, 3 runs of each
//   node dist/bench/xlsx-import.js --rows=200000 --runs=1 --keep
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { SheetRow } from '../app/domain/sheet.js';
import { cellText } from '../app/lib/xlsx-reader.js';

// app/lib/xlsx-reader.js is imported inside its task only, so the baseline's process holds exceljs alone

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '../..');
const KEPT_DIR = path.join(os.tmpdir(), 'skillcert-bench-imports');
const CAP = 5000 + 1; // what the three imports pass: MAX_ROWS + 1
const GOAL_RSS_MB = 200;
const MB = 1_000_000; // decimal megabytes, as the other benchmarks state their goals

type Options = { rows: number; runs: number; keep: boolean };

function parseArgs(argv: string[]): Options {
  const options: Options = { rows: 1_000_000, runs: 3, keep: false };
  const count = (value: string) => Math.max(1, Math.floor(Number(value)) || 1);
  for (const arg of argv) {
    const [key, value = ''] = arg.replace(/^--/, '').split('=');
    if (key === 'rows') options.rows = count(value);
    else if (key === 'runs') options.runs = count(value);
    else if (key === 'keep') options.keep = true;
    else throw new Error(`unknown option ${arg} (use --rows=1000000 --runs=3 --keep)`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// The workbook

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';

function idNumber(i: number): string {
  const birth = new Date(Date.UTC(1995, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${430100 + (Math.floor(i / 3650) % 100)}${birth}${String(Math.floor(i / 365_000) % 1000).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, digit, k) => s + Number(digit) * ID_WEIGHTS[k], 0);
  return first17 + ID_CHECK_CHARS[sum % 11];
}

const nameOf = (i: number) =>
  `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13) % GIVEN.length]}`;

/** Written row by row with exceljs's streaming writer: the generator's memory stays flat too. */
async function writeWorkbook(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('学生名单');
  sheet.columns = [
    { header: '学号', width: 12 },
    { header: '姓名', width: 10 },
    { header: '身份证号', width: 22, style: { numFmt: '@' } },
  ];
  sheet.getRow(1).commit();
  for (let i = 0; i < rows; i++) sheet.addRow([`23${String(i).padStart(7, '0')}`, nameOf(i), idNumber(i)]).commit();
  sheet.commit();
  await workbook.commit();
}

// ---------------------------------------------------------------------------------------------
// The tasks, each run as `node xlsx-import.js --task=… --file=…` in a process of its own

/** The reader before issue 13: the whole workbook in memory, then the cap (cells read as the app reads them). */
async function readWholeWorkbook(file: string, maxRows: number): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length > maxRows) return;
    const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (cells.some((c) => c.text !== '')) rows.push({ rowNumber, cells });
  });
  return rows;
}

type Reader = (file: string, maxRows: number) => Promise<SheetRow[]>;
const readers: Record<string, () => Promise<Reader>> = {
  old: async () => readWholeWorkbook,
  new: async () => (await import('../app/lib/xlsx-reader.js')).readFirstSheet,
};

type TaskReport = { seconds: number; rssKb: number; rows: number[]; lastId: string };

/**
 * The kernel's high-water mark for this process: VmHWM belongs to the memory map exec created,
 * whereas getrusage's ru_maxrss survives exec and so starts at what the forking parent held (here
 * the parent that wrote the 1,000,000-row workbook: 278 MB before a single row was read).
 */
function peakRssKb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS;
}

/** Child side: `--task=old|new --copies=1|3`; prints one JSON line. */
async function runTask(argv: string[]): Promise<number> {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';
  const read = await readers[arg('task')]?.();
  if (!read) throw new Error(`unknown task ${arg('task')}`);
  const copies = Number(arg('copies')) || 1;
  const start = process.hrtime.bigint();
  const results = await Promise.all(Array.from({ length: copies }, () => read(arg('file'), CAP)));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const last = results[0][results[0].length - 1];
  const report: TaskReport = {
    seconds,
    rssKb: peakRssKb(),
    rows: results.map((r) => r.length),
    lastId: last?.cells[2]?.text ?? '',
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Parent side

type Measured = { seconds: number; rssMb: number; problem: string | null };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function child(task: string, copies: number, file: string): TaskReport {
  const env = { ...process.env, NODE_ENV: 'production' };
  const run = spawnSync(process.execPath, [SELF, `--task=${task}`, `--copies=${copies}`, `--file=${file}`], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.error) throw new Error(`could not start the ${task} process: ${run.error.message}`);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{'))
    throw new Error(`${task} ×${copies} failed (exit ${run.status}):\n${run.stderr.trim() || run.stdout.trim()}`);
  const report = JSON.parse(last) as TaskReport;
  console.log(
    `  ${task} ×${copies}: ${report.seconds.toFixed(3)} s, peak RSS ${((report.rssKb * 1024) / MB).toFixed(1)} MB, rows ${report.rows.join('/')}`,
  );
  return report;
}

function measure(task: string, copies: number, file: string, runs: number): Measured {
  const reports = Array.from({ length: runs }, () => child(task, copies, file));
  // every read must stop at the same place: header + 5,001 data rows, the last being data row 5,001
  const wrong = reports.find((r) => r.rows.some((n) => n !== CAP + 1) || r.lastId !== idNumber(CAP - 1));
  return {
    seconds: median(reports.map((r) => r.seconds)),
    rssMb: (Math.max(...reports.map((r) => r.rssKb)) * 1024) / MB,
    problem: wrong ? `${task} ×${copies} read ${wrong.rows.join('/')} rows ending with ID ${wrong.lastId}` : null,
  };
}

function printTable(rows: Array<{ label: string; old: Measured; new: Measured }>): void {
  const header = ['reading', 'old: readFile', 'old peak RSS', 'new: stream', `new peak RSS (<${GOAL_RSS_MB})`];
  const body = rows.map((r) => [
    r.label,
    `${r.old.seconds.toFixed(3)} s`,
    `${r.old.rssMb.toFixed(1)} MB`,
    `${r.new.seconds.toFixed(3)} s`,
    `${r.new.rssMb.toFixed(1)} MB ${r.new.rssMb < GOAL_RSS_MB ? 'ok' : 'MISSED'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(['', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n'));
}

async function main(argv: string[]): Promise<number> {
  if (argv.some((a) => a.startsWith('--task='))) return runTask(argv);
  const options = parseArgs(argv);
  const dir = options.keep ? KEPT_DIR : fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const cleanUp = () => (options.keep ? console.log(`kept ${dir}`) : fs.rmSync(dir, { recursive: true, force: true }));
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const file = path.join(dir, `students-${options.rows}.xlsx`);
    if (!fs.existsSync(file)) {
      const started = Date.now();
      await writeWorkbook(`${file}.part`, options.rows);
      fs.renameSync(`${file}.part`, file);
      console.log(
        `wrote ${options.rows.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    console.log(
      `node ${process.version}; ${os.cpus().length} cores; ${file}: ${(fs.statSync(file).size / MB).toFixed(1)} MB; cap ${CAP} rows; median of ${options.runs} run(s), peak RSS the highest`,
    );
    const rows = [1, 3].map((copies) => ({
      label: copies === 1 ? 'one import' : 'three at once',
      old: measure('old', copies, file, options.runs),
      new: measure('new', copies, file, options.runs),
    }));
    printTable(rows);
    const problems = rows.flatMap((r) => [r.old.problem, r.new.problem]).filter((p): p is string => p !== null);
    for (const p of problems) console.error(`WRONG RESULT: ${p}`);
    return problems.length ? 1 : 0;
  } finally {
    cleanUp();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
