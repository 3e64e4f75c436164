// Benchmark of the office's big outputs. Section `bundle` (issue 6): the provincial bundle of 5,000
// accepted grade candidates (a ~140 KB JPEG and a ~40 KB PDF each, ~0.9 GB) beside `zip -0 -r` over
// the same files, and the 20,000-row 报名花名册 beside a bare exceljs streaming write of the same rows.
// Section `fees` (issue 14 item 4, bench/fee-outputs.ts): 收费对账 and its workbook with 20,000
// registrations over HTTP from the production server, on SQLite or MySQL (--db=mysql).
// Every measurement runs in a Node process of its own, so the peak RSS it reports (getrusage
// ru_maxrss, which process.resourceUsage().maxRSS gives in KiB) belongs to that task alone. Times
// are taken inside that process around the service call: Node start-up and opening the database
// are left out, as `zip` has none of either.
//
//   npm run bench:outputs                                   # 5,000 of 20,000 students, 3 runs
//   node dist/bench/outputs.js --runs=1 --keep              # keep the data; the next --keep reuses it
//   node dist/bench/outputs.js --candidates=500 --students=2000 --runs=1
//   node dist/bench/outputs.js --only=fees --db=mysql --mysql-url=mysql://root@127.0.0.1:3306/bench
//   node dist/bench/outputs.js --only=fees --server=../old/dist/app/server.js   # another build serves the fee pages
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { groupFolder } from '../app/domain/bundle-layout.js';
import { checkDigitOf } from '../app/domain/id-number.js';
import type { Level } from '../app/domain/levels.js';
import { ROSTER_COLUMNS } from '../app/domain/roster.js';
import type { Actor, ServiceContext } from '../app/services/context.js';
import type { FeeBenchOptions } from './fee-outputs.js';

// The app and the fixture builders are imported where they are used, not here: the baseline's
// process must hold exceljs and nothing else, or its RSS would include Sequelize and pdfkit.

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '../..');
const KEPT_DIR = path.join(os.tmpdir(), 'skillcert-bench-outputs');
const ID_CARD_BYTES = 140_000;
const EDUCATION_BYTES = 40_000;
const DISTINCT_BODIES = 32; // bodies reused across candidates: the zip writer does not care
const CHUNK = 500;
const GOAL_RATIO = 1.5;
const GOAL_RSS_MB = 256;
const MB = 1_000_000; // decimal megabytes, as bench:packages states its goal (ru_maxrss comes in KiB)
const OFFICE: Actor = { userId: null, name: 'bench', role: 'office', departmentId: null, ip: null };

type Section = 'bundle' | 'fees';
type Options = {
  candidates: number;
  students: number;
  runs: number;
  keep: boolean;
  only: Section[];
  fees: FeeBenchOptions;
};

const USAGE =
  '--candidates=5000 --students=20000 --runs=3 --keep --only=bundle,fees; for fees: --registrations=20000 --db=sqlite|mysql --mysql-url=… --server=dist/app/server.js --fee-runs=5 --profile=<dir>';

function parseArgs(argv: string[]): Options {
  const fees: FeeBenchOptions = {
    registrations: 20_000,
    db: 'sqlite',
    mysqlUrl: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/skillcert_bench_fees',
    server: path.join(ROOT, 'dist/app/server.js'),
    runs: 5,
    profile: null,
  };
  const options: Options = { candidates: 5000, students: 20_000, runs: 3, keep: false, only: ['bundle', 'fees'], fees };
  const count = (value: string) => Math.max(1, Math.floor(Number(value)) || 1);
  for (const arg of argv) {
    const [key, value = ''] = arg.replace(/^--/, '').split(/=(.*)/s);
    if (key === 'candidates') options.candidates = count(value);
    else if (key === 'students') options.students = count(value);
    else if (key === 'runs') options.runs = count(value);
    else if (key === 'keep') options.keep = true;
    else if (key === 'only')
      options.only = value.split(',').filter((v): v is Section => v === 'bundle' || v === 'fees');
    else if (key === 'registrations') fees.registrations = count(value);
    else if (key === 'db' && (value === 'sqlite' || value === 'mysql')) fees.db = value;
    else if (key === 'mysql-url') fees.mysqlUrl = value;
    else if (key === 'server') fees.server = path.resolve(value);
    else if (key === 'fee-runs') fees.runs = count(value);
    else if (key === 'profile') fees.profile = value;
    else throw new Error(`unknown option ${arg} (use ${USAGE})`);
  }
  if (options.only.length === 0) throw new Error(`--only names no section (use ${USAGE})`);
  if (options.candidates > options.students)
    throw new Error('--candidates cannot exceed --students (one registration each)');
  return options;
}

function paths(dir: string) {
  return {
    sqlite: path.join(dir, 'bench.sqlite'),
    storage: path.join(dir, 'storage'),
    tree: path.join(dir, 'tree'),
    out: path.join(dir, 'out'),
    rows: path.join(dir, 'roster-rows.json'),
    setup: path.join(dir, 'setup.json'),
  };
}

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A ServiceContext on the bench's own SQLite file; DATABASE_URL and the rest of process.env are ignored. */
async function connect(dir: string): Promise<ServiceContext> {
  const [{ loadConfig }, { createSequelize }, { Storage }, { initModels }] = await Promise.all([
    import('../app/config.js'),
    import('../app/db/connection.js'),
    import('../app/lib/storage.js'),
    import('../app/models/index.js'),
  ]);
  const config = loadConfig({
    NODE_ENV: 'development',
    SQLITE_PATH: paths(dir).sqlite,
    STORAGE_ROOT: paths(dir).storage,
  });
  const sequelize = createSequelize(config);
  initModels(sequelize);
  return { sequelize, config, storage: new Storage(config.storageRoot), now: () => new Date() };
}

// ---------------------------------------------------------------------------------------------
// Test data: 20,000 students in six departments, one registration each; 5,000 of them grade
// candidates with an accepted package on disk, the rest special items; ~70% have paid.

const DEPARTMENTS: Array<[name: string, classPrefix: string]> = [
  ['电子工程学院', '电子'],
  ['机电工程学院', '机电'],
  ['信息工程学院', '计算机'],
  ['汽车工程学院', '汽修'],
  ['经济管理学院', '会计'],
  ['建筑工程学院', '建工'],
];
// [item, level, weight]: the grade candidates' mix over the seeded catalog, weights summing to 50.
const GRADE_MIX: Array<[string, Level, number]> = [
  ['电工', 4, 12],
  ['电工', 3, 4],
  ['汽车维修工', 4, 7],
  ['汽车维修工', 3, 3],
  ['工业机器人系统操作员', 4, 5],
  ['计算机程序设计员', 4, 6],
  ['计算机程序设计员', 3, 2],
  ['网络与信息安全管理员', 4, 5],
  ['无人机装调检修工', 4, 3],
  ['电子设备调试工', 4, 3],
];
const GRADE_SLOTS = GRADE_MIX.flatMap(([name, level, weight]) =>
  Array.from({ length: weight }, () => ({ name, level })),
);
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

/** GB 11643, distinct for every i: birth day over 1998–2007 and the sequence digits from i. */
function benchIdNumber(i: number): string {
  const birth = new Date(Date.UTC(1998, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `430105${birth}${String(Math.floor(i / 3650)).padStart(3, '0')}`;
  return first17 + checkDigitOf(first17);
}

/** Exactly `candidates` of `students` indexes, spread evenly. */
const isCandidate = (i: number, o: Options) =>
  Math.floor(((i + 1) * o.candidates) / o.students) > Math.floor((i * o.candidates) / o.students);

type Person = {
  no: string;
  idNumber: string;
  departmentId: number;
  itemId: number;
  itemName: string;
  level: Level | null;
  studentId: number;
  registrationId: number;
  feeFen: number;
};
type Setup = { candidates: number; students: number; batchId: number; groups: number; storedBytes: number };

async function insertPeople(batchId: number, options: Options): Promise<Person[]> {
  const { CatalogItem, Department, Registration, Student } = await import('../app/models/index.js');
  const departments = await Department.bulkCreate(DEPARTMENTS.map(([name]) => ({ name })));
  const items = new Map((await CatalogItem.findAll()).map((c) => [c.name, c]));
  const specials = [...items.values()].filter((c) => c.kind === 'special');
  let graded = 0;
  const people: Person[] = Array.from({ length: options.students }, (_, i) => {
    const grade = isCandidate(i, options) ? GRADE_SLOTS[graded++ % GRADE_SLOTS.length] : null;
    const item = grade ? items.get(grade.name)! : specials[i % specials.length];
    const feeFen = grade ? (grade.level === 3 ? 38000 : 32000) : i % 10 === 0 ? 17600 : 20000;
    return {
      no: `B26${String(i).padStart(6, '0')}`,
      idNumber: benchIdNumber(i),
      departmentId: departments[i % departments.length].id,
      itemId: item.id,
      itemName: item.name,
      level: grade?.level ?? null,
      studentId: 0,
      registrationId: 0,
      feeFen,
    };
  });
  for (let at = 0; at < people.length; at += CHUNK) {
    await Student.bulkCreate(
      people.slice(at, at + CHUNK).map((p, k) => {
        const i = at + k;
        const prefix = DEPARTMENTS[i % DEPARTMENTS.length][1];
        return {
          userId: null,
          departmentId: p.departmentId,
          studentNo: p.no,
          name: SURNAMES[i % 20] + GIVEN[(i * 7) % 20] + (i % 3 ? GIVEN[(i * 13) % 20] : ''),
          idNumber: p.idNumber,
          className: `${prefix}23${String((i % 8) + 1).padStart(2, '0')}`,
          phone: `139${String(i).padStart(8, '0')}`,
          email: null,
        };
      }),
    );
  }
  const studentIds = new Map(
    (await Student.findAll({ attributes: ['id', 'studentNo'], raw: true })).map((s) => [s.studentNo, s.id]),
  );
  for (const p of people) p.studentId = studentIds.get(p.no)!;
  for (let at = 0; at < people.length; at += CHUNK) {
    await Registration.bulkCreate(
      people.slice(at, at + CHUNK).map((p) => ({
        batchId,
        studentId: p.studentId,
        departmentId: p.departmentId,
        catalogItemId: p.itemId,
        kind: p.level === null ? ('special' as const) : ('grade' as const),
        level: p.level,
        attempt: p.feeFen === 17600 ? ('retake' as const) : ('initial' as const),
        feeFen: p.feeFen,
        status: 'active' as const,
        channel: 'teacher' as const,
        activeSlot: 1,
        activeGrade: p.level === null ? null : 1,
        activeItem: 1,
        heldNone: p.level === null ? null : true,
        createdBy: null,
      })),
    );
  }
  const registrationIds = new Map(
    (await Registration.findAll({ attributes: ['id', 'studentId'], where: { batchId }, raw: true })).map((r) => [
      r.studentId,
      r.id,
    ]),
  );
  for (const p of people) p.registrationId = registrationIds.get(p.studentId)!;
  return people;
}

async function insertPayments(batchId: number, people: Person[]): Promise<void> {
  const { FeeEntry } = await import('../app/models/index.js');
  const paid = people.filter((_, i) => i % 10 < 7);
  for (let at = 0; at < paid.length; at += CHUNK) {
    await FeeEntry.bulkCreate(
      paid.slice(at, at + CHUNK).map((p) => ({
        batchId,
        departmentId: p.departmentId,
        registrationId: p.registrationId,
        kind: 'collected' as const,
        amountFen: p.feeFen,
        reason: null,
        reversesId: null,
        idempotencyKey: `bench-${p.registrationId}`,
        createdBy: null,
      })),
    );
  }
}

/** A few dozen real JPEG and PDF bodies (test/factories), each with its checksum. */
async function documentBodies() {
  const { jpegNear, pdf } = await import('../test/factories/package-files.js');
  const bodies = [];
  for (let k = 0; k < DISTINCT_BODIES; k++) {
    const idCard = jpegNear(ID_CARD_BYTES - 10_000 + k * 650, k + 1);
    const education = await pdf(`学籍在线验证报告 ${k}`, { minBytes: EDUCATION_BYTES, seed: 1000 + k });
    bodies.push({ idCard, idCardSha256: sha256(idCard), education, educationSha256: sha256(education) });
  }
  return bodies;
}

/**
 * Accepted packages, files stored as ingestDepartmentUpload lays them out, and the same files
 * hard-linked into <tree>/<group>/<ID>/… for `zip -r`, so the baseline copies nothing.
 */
async function insertPackages(
  dir: string,
  batchId: number,
  people: Person[],
): Promise<{ groups: number; storedBytes: number }> {
  const { Package } = await import('../app/models/index.js');
  const { storage, tree } = paths(dir);
  const bodies = await documentBodies();
  const candidates = people.filter((p) => p.level !== null);
  const groups = new Set<string>();
  let storedBytes = 0;
  const rows = candidates.map((p, j) => {
    const body = bodies[j % bodies.length];
    const base = path.posix.join('packages', String(batchId), String(p.studentId), 'v1', p.idNumber);
    const files: Array<[string, string, Buffer]> = [
      ['证件复印件', `${p.idNumber}.jpg`, body.idCard],
      ['学历证书', `${p.idNumber}.pdf`, body.education],
    ];
    const group = groupFolder(p.itemName, p.level);
    groups.add(group);
    for (const [folder, name, data] of files) {
      const stored = path.join(storage, base, folder, name);
      const linked = path.join(tree, group, p.idNumber, folder, name);
      fs.mkdirSync(path.dirname(stored), { recursive: true });
      fs.mkdirSync(path.dirname(linked), { recursive: true });
      fs.writeFileSync(stored, data);
      fs.linkSync(stored, linked);
      storedBytes += data.length;
    }
    return {
      batchId,
      departmentId: p.departmentId,
      studentId: p.studentId,
      uploadId: null,
      version: 1,
      currentMarker: 1,
      status: 'accepted' as const,
      idCardPath: `${base}/证件复印件/${p.idNumber}.jpg`,
      idCardBytes: body.idCard.length,
      idCardSha256: body.idCardSha256,
      educationPath: `${base}/学历证书/${p.idNumber}.pdf`,
      educationBytes: body.education.length,
      educationSha256: body.educationSha256,
      uploadedBy: null,
    };
  });
  for (let at = 0; at < rows.length; at += CHUNK) await Package.bulkCreate(rows.slice(at, at + CHUNK));
  return { groups: groups.size, storedBytes };
}

/** The roster's rows as exceljs cell values (what app/lib/excel-stream.ts hands to addRow), for the baseline. */
async function dumpRosterRows(dir: string, batchId: number, sequelize: ServiceContext['sequelize']): Promise<number> {
  const [{ rosterIds, rosterRows }, { safeText }] = await Promise.all([
    import('../app/services/outputs/roster.js'),
    import('../app/lib/excel.js'),
  ]);
  const rows: Array<Array<string | number | null>> = [];
  for await (const row of rosterRows(sequelize, await rosterIds(OFFICE, batchId, {}))) {
    rows.push(
      row.map((v, i) =>
        v === null
          ? null
          : ROSTER_COLUMNS[i].kind === 'money'
            ? Math.round(Number(v)) / 100
            : ROSTER_COLUMNS[i].kind === 'text'
              ? safeText(String(v))
              : v,
      ),
    );
  }
  fs.writeFileSync(paths(dir).rows, JSON.stringify(rows));
  return rows.length;
}

/** Registration closed and materials due ten days ago: the office is making the bundle. */
function timeline() {
  const at = (days: number) => new Date(Date.now() + days * 86_400_000);
  return {
    plansDueAt: at(-30),
    registrationOpensAt: at(-29),
    registrationClosesAt: at(-20),
    materialsDueAt: at(-10),
    confirmationDueAt: at(-8),
    feesDueAt: at(-8),
    ticketsAt: at(5),
    examAt: at(15),
    certificatesAt: at(75),
  };
}

async function buildData(dir: string, options: Options): Promise<Setup> {
  const [{ prepareDatabase }, { migrate }, { createBatch }, { systemActor }, { noticeSchedule }] = await Promise.all([
    import('../app/db/connection.js'),
    import('../app/db/migrator.js'),
    import('../app/services/season/batches.js'),
    import('../app/services/context.js'),
    import('../app/domain/fees.js'),
  ]);
  const ctx = await connect(dir);
  await prepareDatabase(ctx.sequelize);
  await migrate(ctx.sequelize);
  const batch = await createBatch(ctx, systemActor, {
    name: '2026年下半年（基准）',
    year: 2026,
    half: 2,
    timeline: timeline(),
    fees: noticeSchedule(),
  });
  const people = await insertPeople(batch.id, options);
  await insertPayments(batch.id, people);
  const { groups, storedBytes } = await insertPackages(dir, batch.id, people);
  const rows = await dumpRosterRows(dir, batch.id, ctx.sequelize);
  if (rows !== options.students) throw new Error(`the roster has ${rows} rows, expected ${options.students}`);
  await ctx.sequelize.close();
  return { candidates: options.candidates, students: options.students, batchId: batch.id, groups, storedBytes };
}

/** The data of an earlier --keep run when it has the same sizes, else a fresh build (the directory is ours). */
async function prepare(dir: string, options: Options): Promise<Setup> {
  const file = paths(dir).setup;
  if (options.keep && fs.existsSync(file)) {
    const setup = JSON.parse(fs.readFileSync(file, 'utf8')) as Setup;
    if (setup.candidates === options.candidates && setup.students === options.students) {
      console.log(`reusing the data in ${dir}`);
      return setup;
    }
  }
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  const started = Date.now();
  const setup = await buildData(dir, options);
  fs.writeFileSync(file, JSON.stringify(setup));
  console.log(
    `setup: ${options.students.toLocaleString('en-US')} students, ${options.candidates.toLocaleString('en-US')} accepted packages (${(setup.storedBytes / MB).toFixed(0)} MB in ${(options.candidates * 2).toLocaleString('en-US')} files, ${setup.groups} groups) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return setup;
}

// ---------------------------------------------------------------------------------------------
// The measured tasks, each run as `node outputs.js --task=… --dir=… --out=…` in a process of its own

type TaskReport = { seconds: number; rssKb: number; detail: Record<string, number> };
type Task = (dir: string, out: string) => Promise<Omit<TaskReport, 'rssKb'>>;

const readSetup = (dir: string) => JSON.parse(fs.readFileSync(paths(dir).setup, 'utf8')) as Setup;

function bundleTask(encoding: 'utf8' | 'gbk'): Task {
  return async (dir, out) => {
    const ctx = await connect(dir);
    const [{ Batch }, { writeBundle }] = await Promise.all([
      import('../app/models/index.js'),
      import('../app/services/outputs/bundle.js'),
    ]);
    const batch = await Batch.findByPk(readSetup(dir).batchId);
    const start = process.hrtime.bigint();
    const result = await writeBundle(ctx, batch!, encoding, fs.createWriteStream(out));
    const seconds = elapsed(start);
    await ctx.sequelize.close();
    return { seconds, detail: result };
  };
}

const rosterTask: Task = async (dir, out) => {
  const ctx = await connect(dir);
  const { rosterIds, writeRoster } = await import('../app/services/outputs/roster.js');
  const { batchId } = readSetup(dir);
  const start = process.hrtime.bigint();
  const output = fs.createWriteStream(out);
  const rows = await writeRoster(ctx, output, await rosterIds(OFFICE, batchId, {}));
  await finished(output);
  const seconds = elapsed(start);
  await ctx.sequelize.close();
  return { seconds, detail: { rows } };
};

/** Bare exceljs: the same rows already in memory, the same sheet options as app/lib/excel-stream.ts. */
const excelTask: Task = async (dir, out) => {
  const rows = JSON.parse(fs.readFileSync(paths(dir).rows, 'utf8')) as ExcelJS.CellValue[][];
  const start = process.hrtime.bigint();
  const output = fs.createWriteStream(out);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('报名花名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.kind === 'text' ? { numFmt: '@' } : c.kind === 'money' ? { numFmt: '0.00' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await finished(output);
  return { seconds: elapsed(start), detail: { rows: rows.length } };
};

const TASKS: Record<string, Task> = {
  'bundle-utf8': bundleTask('utf8'),
  'bundle-gbk': bundleTask('gbk'),
  roster: rosterTask,
  excel: excelTask,
};

/** Child side: runs one task and prints its report as one JSON line. */
async function runTask(argv: string[]): Promise<number> {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';
  const task = TASKS[arg('task')];
  if (!task) throw new Error(`unknown task ${arg('task')}`);
  const report = await task(arg('dir'), arg('out'));
  // ru_maxrss: the kernel's high-water mark for this process, exact even while the loop was busy
  const line: TaskReport = { ...report, rssKb: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Measuring, parent side

type Run = { seconds: number; rssKb: number | null; detail: Record<string, number> };
type Measured = { runs: Run[]; seconds: number; rssMb: number | null };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function summarise(runs: Run[]): Measured {
  const rss = runs.map((r) => r.rssKb).filter((kb): kb is number => kb !== null);
  return {
    runs,
    seconds: median(runs.map((r) => r.seconds)),
    rssMb: rss.length ? (Math.max(...rss) * 1024) / MB : null,
  };
}

/**
 * Removes the last run's output and flushes dirty pages, untimed: otherwise the writeback of one
 * run's ~0.9 GB lands on whichever run comes next (here one `zip -0` took 104 s instead of 5).
 */
function settle(out: string): void {
  fs.rmSync(out, { force: true });
  spawnSync('sync');
}

function child(task: string, dir: string, out: string): Run {
  settle(out);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [SELF, `--task=${task}`, `--dir=${dir}`, `--out=${out}`], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = elapsed(started);
  if (run.error) throw new Error(`could not start the ${task} process: ${run.error.message}`);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{'))
    throw new Error(`${task} failed (exit ${run.status}):\n${run.stderr.trim() || run.stdout.trim()}`);
  const report = JSON.parse(last) as TaskReport;
  console.log(
    `  ${task.padEnd(11)} ${report.seconds.toFixed(3)} s (process ${wall.toFixed(2)} s), peak RSS ${((report.rssKb * 1024) / MB).toFixed(1)} MB, ${JSON.stringify(report.detail)}`,
  );
  return { seconds: report.seconds, rssKb: report.rssKb, detail: report.detail };
}

/** GNU time's -f/-o (BSD and busybox time lack them); this checks it rather than trusting the path. */
function gnuTimeWorks(dir: string): boolean {
  if (!fs.existsSync('/usr/bin/time')) return false;
  const out = path.join(dir, 'time-probe.txt');
  const probe = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, 'true']);
  return probe.status === 0 && fs.existsSync(out) && /^\d+\s*$/.test(fs.readFileSync(out, 'utf8'));
}

/** `zip -0 -r -q` over the hard-linked tree; its RSS through GNU time when there is one. */
function zipBaseline(dir: string, out: string, gnuTime: boolean): Run {
  settle(out);
  const rssFile = path.join(dir, 'zip-rss.txt');
  const zipArgs = ['-0', '-r', '-q', out, '.'];
  const [command, args] = gnuTime
    ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, 'zip', ...zipArgs]]
    : ['zip', zipArgs];
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: paths(dir).tree, encoding: 'utf8' });
  const seconds = elapsed(started);
  if (run.error || run.status !== 0)
    throw new Error(`zip failed (exit ${run.status}): ${run.error?.message ?? run.stderr}`);
  const rssKb = gnuTime ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : null;
  console.log(
    `  zip -0 -r   ${seconds.toFixed(3)} s, peak RSS ${rssKb === null ? 'n/a' : ((rssKb * 1024) / MB).toFixed(1)} MB, ${(fs.statSync(out).size / MB).toFixed(0)} MB`,
  );
  return { seconds, rssKb, detail: {} };
}

// ---------------------------------------------------------------------------------------------
// Are the outputs what they should be? A fast wrong answer makes the timing meaningless.

function unzipProblem(file: string): string | null {
  const test = spawnSync('unzip', ['-tq', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return test.status === 0
    ? null
    : `unzip -tq ${path.basename(file)}: exit ${test.status}\n${(test.stdout + test.stderr).slice(0, 800)}`;
}

function zipProblem(file: string, expectedFiles: number): string | null {
  const broken = unzipProblem(file);
  if (broken) return broken;
  const list = spawnSync('unzip', ['-Z1', file], { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  const files = list.stdout.split('\n').filter((n) => n && !n.endsWith('/')).length;
  return files === expectedFiles ? null : `${path.basename(file)} has ${files} files, expected ${expectedFiles}`;
}

async function sheetRows(file: string): Promise<number> {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  return rows;
}

/** An .xlsx is a zip: unzip tests it, then exceljs's streaming reader counts its rows. */
async function rosterProblem(file: string, students: number): Promise<string | null> {
  const broken = unzipProblem(file);
  if (broken) return broken;
  const rows = await sheetRows(file);
  return rows === students + 1
    ? null
    : `${path.basename(file)} reads back as ${rows} rows, expected ${students} and a header`;
}

// ---------------------------------------------------------------------------------------------
// Report

type Row = { task: string; measured: Measured; baseline?: Measured };

const fixed = (x: number, digits: number) => x.toFixed(digits);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function printTable(rows: Row[], runs: number): void {
  const header = ['task', 'runs', 'median s', 'peak RSS MB', 'baseline s', 'ratio', 'goal: ratio / MB', 'time / RSS'];
  const body = rows.map(({ task, measured: m, baseline: b }) => {
    const rss = m.rssMb === null ? 'n/a' : fixed(m.rssMb, 1);
    if (!b) return [task, String(m.runs.length), fixed(m.seconds, 3), rss, '-', '-', 'baseline', '-'];
    const ratio = m.seconds / b.seconds;
    const rssOk = m.rssMb !== null && m.rssMb < GOAL_RSS_MB;
    return [
      task,
      String(m.runs.length),
      fixed(m.seconds, 3),
      rss,
      fixed(b.seconds, 3),
      fixed(ratio, 2),
      `≤${GOAL_RATIO}× / <${GOAL_RSS_MB}`,
      `${verdict(ratio <= GOAL_RATIO)} / ${verdict(rssOk)}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(
    [
      '',
      `median of ${runs} run(s) (GBK: one); peak RSS is the largest of the runs`,
      line(header),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...body.map(line),
    ].join('\n'),
  );
}

function printGoals(rows: Row[]): void {
  console.log('');
  for (const { task, measured: m, baseline: b } of rows) {
    if (!b) continue;
    const ratio = m.seconds / b.seconds;
    console.log(
      `${verdict(ratio <= GOAL_RATIO)}  ${task}: ${fixed(m.seconds, 3)} s = ${fixed(ratio, 2)}× baseline (goal ≤ ${GOAL_RATIO}×)`,
    );
    console.log(
      `${verdict(m.rssMb !== null && m.rssMb < GOAL_RSS_MB)}  ${task}: peak RSS ${m.rssMb === null ? 'n/a' : fixed(m.rssMb, 1)} MB (goal < ${GOAL_RSS_MB} MB)`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

async function benchmark(dir: string, options: Options, setup: Setup): Promise<{ rows: Row[]; problems: string[] }> {
  const out = paths(dir).out;
  fs.mkdirSync(out, { recursive: true });
  const [bundleFile, gbkFile, zipFile, rosterFile, excelFile] = [
    'bundle.zip',
    'bundle-gbk.zip',
    'zip-0.zip',
    'roster.xlsx',
    'exceljs.xlsx',
  ].map((f) => path.join(out, f));
  const gnuTime = gnuTimeWorks(dir);
  const bundle: Run[] = [];
  const zip: Run[] = [];
  const roster: Run[] = [];
  const excel: Run[] = [];
  // Interleaved, so a slow spell of this shared machine falls on both sides of a ratio alike
  for (let i = 0; i < options.runs; i++) {
    console.log(`run ${i + 1}/${options.runs}`);
    zip.push(zipBaseline(dir, zipFile, gnuTime));
    bundle.push(child('bundle-utf8', dir, bundleFile));
    excel.push(child('excel', dir, excelFile));
    roster.push(child('roster', dir, rosterFile));
  }
  const gbk = [child('bundle-gbk', dir, gbkFile)];
  const bundleEntries = setup.candidates * 2 + setup.groups + 2; // the files, a roster per group, 缺件清单.txt, SHA256SUMS.txt
  const problems = [
    ...[...bundle, ...gbk]
      .filter((r) => r.detail.accepted !== setup.candidates || r.detail.missing !== 0)
      .map((r) => `writeBundle reported ${JSON.stringify(r.detail)}`),
    zipProblem(bundleFile, bundleEntries),
    zipProblem(gbkFile, bundleEntries),
    zipProblem(zipFile, setup.candidates * 2),
    await rosterProblem(rosterFile, setup.students),
    await rosterProblem(excelFile, setup.students),
  ].filter((p): p is string => Boolean(p));
  const zipMeasured = summarise(zip);
  const excelMeasured = summarise(excel);
  const rows: Row[] = [
    {
      task: `bundle, ${setup.candidates.toLocaleString('en-US')} candidates (UTF-8)`,
      measured: summarise(bundle),
      baseline: zipMeasured,
    },
    { task: 'bundle, GBK names', measured: summarise(gbk), baseline: zipMeasured },
    { task: 'zip -0 -r -q (same files)', measured: zipMeasured },
    {
      task: `roster, ${setup.students.toLocaleString('en-US')} rows`,
      measured: summarise(roster),
      baseline: excelMeasured,
    },
    { task: 'bare exceljs WorkbookWriter', measured: excelMeasured },
  ];
  return { rows, problems };
}

async function main(argv: string[]): Promise<number> {
  if (argv.some((a) => a.startsWith('--task='))) return runTask(argv);
  const options = parseArgs(argv);
  const bundle = options.only.includes('bundle') ? await bundleSection(options) : 0;
  // Loaded here: a task's process must not carry Sequelize it does not use (its RSS is measured)
  const fees = options.only.includes('fees') ? await (await import('./fee-outputs.js')).feeBenchmark(options.fees) : 0;
  return bundle || fees;
}

async function bundleSection(options: Options): Promise<number> {
  const dir = options.keep ? KEPT_DIR : fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const cleanUp = () => (options.keep ? console.log(`kept ${dir}`) : fs.rmSync(dir, { recursive: true, force: true }));
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    console.log(
      `node ${process.version}; SQLite in ${dir}; ${os.cpus().length} cores; peak RSS: process.resourceUsage().maxRSS in each task's own process (zip's: GNU time -f %M)`,
    );
    const setup = await prepare(dir, options);
    const { rows, problems } = await benchmark(dir, options, setup);
    printTable(rows, options.runs);
    printGoals(rows);
    for (const p of problems) console.error(`INVALID OUTPUT: ${p}`);
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
