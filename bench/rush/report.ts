// The table `npm run bench:rush` prints: figure | measured | baseline | goal | pass/fail, each figure
// the median over the runs (with the range when there were several), and samples of what failed.
import { median, percentile } from '../lib/stats.js';
import type { RunResult } from './run.js';
import { ruleViolations } from './rules.js';
import { STEPS, type StepName } from './student-run.js';

const STEP_LABELS: Record<StepName, string> = {
  signIn: '登录 sign-in',
  password: '修改初始密码 password change',
  registerPage: '选择报考项目 register page',
  preview: '核对费用 preview',
  confirm: '确认报名 confirm',
};

type Row = { figure: string; measured: string; baseline?: string; goal: string; pass?: boolean };

/** A figure over the runs: the median, and the range when the runs differ. */
function over(
  results: RunResult[],
  pick: (r: RunResult) => number,
  show: (v: number) => string,
): { value: number; text: string } {
  const values = results.map(pick).filter((v) => !Number.isNaN(v));
  if (values.length === 0) return { value: NaN, text: '—' };
  const value = median(values);
  const low = Math.min(...values);
  const high = Math.max(...values);
  return {
    value,
    text: low === high || results.length === 1 ? show(value) : `${show(value)} (${show(low)}–${show(high)})`,
  };
}

const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
const mib = (v: number) => `${v.toFixed(0)} MB`;
const count = (v: number) => String(Math.round(v));
const perSecond = (v: number) => `${v.toFixed(0)} req/s`;

function stepRows(results: RunResult[]): Row[] {
  const rows: Row[] = [];
  for (const step of STEPS) {
    if (results.every((r) => r.rush.steps[step].length === 0)) continue; // the password step of a one-step sign-in
    const p50 = over(results, (r) => percentile(r.rush.steps[step], 50), ms);
    const p99 = over(results, (r) => percentile(r.rush.steps[step], 99), ms);
    const done = median(results.map((r) => r.rush.steps[step].length));
    rows.push({
      figure: `${STEP_LABELS[step]} p50 / p99 (${Math.round(done)} done)`,
      measured: `${p50.text} / ${p99.text}`,
      goal: 'p99 < 1 s',
      pass: p99.value < 1000,
    });
  }
  return rows;
}

function rushRows(results: RunResult[]): Row[] {
  const students = results[0].rush.students;
  const through = over(results, (r) => r.rush.through, count);
  const wall = over(results, (r) => r.rush.wallMs, ms);
  const busy = over(results, (r) => r.rush.tally.busy, count);
  const unanswered = Math.max(...results.map((r) => r.rush.tally.noAnswer));
  const failed = Math.max(
    ...results.map((r) => r.rush.failures.filter((f) => f.kind !== 'timeout' && f.kind !== 'connection').length),
  );
  const rss = over(results, (r) => r.rushMemory.peakRssMiB, mib);
  const sampled = over(results, (r) => r.rushMemory.sampledRssMiB, mib);
  return [
    {
      figure: `students through all steps (of ${students})`,
      measured: through.text,
      goal: `all ${students}`,
      pass: through.value === students,
    },
    ...stepRows(results),
    journeyRow(results),
    { figure: 'whole rush, wall', measured: wall.text, goal: '< 20 s', pass: wall.value < 20_000 },
    { figure: 'slowest single answer', measured: slowestAnswer(results), goal: '(10 s = SQLite busy timeout)' },
    { figure: "503 '请稍后再试' answers (waited out, retried)", measured: busy.text, goal: '(an answer)' },
    {
      figure: 'requests with no answer (timeout, connection)',
      measured: count(unanswered),
      goal: '0',
      pass: unanswered === 0,
    },
    {
      figure: '  (sent again: kept-alive connection had closed)',
      measured: over(results, (r) => r.rush.reconnects, count).text,
      goal: '(as browsers do)',
    },
    {
      figure: 'students stopped (5xx, wrong page, gave up on 503)',
      measured: count(failed),
      goal: '0',
      pass: failed === 0,
    },
    { figure: 'server peak RSS during the rush (VmHWM)', measured: rss.text, goal: '< 300 MB', pass: rss.value < 300 },
    { figure: '  … highest VmRSS sampled (every 200 ms)', measured: sampled.text, goal: '' },
  ];
}

/** Each student's time from the first tap to 报名成功, the waits after a 503 included: no goal of its own, shown so the step times cannot hide the waiting. */
function journeyRow(results: RunResult[]): Row {
  const journeys = (r: RunResult) =>
    r.rush.outcomes.flatMap((o) => (o.run.journeyMs === null ? [] : [o.run.journeyMs]));
  const p50 = over(results, (r) => percentile(journeys(r), 50), ms);
  const p99 = over(results, (r) => percentile(journeys(r), 99), ms);
  return {
    figure: '  each student, first tap to 报名成功 (waits included) p50 / p99',
    measured: `${p50.text} / ${p99.text}`,
    goal: '(within the wall)',
  };
}

/** The longest any one answer took over the runs, and to what: a stall at the busy timeout shows here. */
function slowestAnswer(results: RunResult[]): string {
  const slowest = results.flatMap((r) => r.rush.outcomes.map((o) => o.run.slowest)).sort((a, b) => b.ms - a.ms)[0];
  return slowest && slowest.ms > 0 ? `${ms(slowest.ms)} ${slowest.what}` : '—';
}

function pageRows(results: RunResult[]): Row[] {
  const app = (pick: (h: NonNullable<RunResult['app']>) => number) => (r: RunResult) => (r.app ? pick(r.app) : NaN);
  const rate = over(
    results,
    app((h) => h.perSecond),
    perSecond,
  );
  const base = over(results, (r) => r.baseline.perSecond, perSecond);
  const ratio = over(
    results,
    (r) => (r.app ? r.app.perSecond / r.baseline.perSecond : NaN),
    (v) => `${v.toFixed(2)}×`,
  );
  const p99 = over(
    results,
    app((h) => percentile(h.latencies, 99)),
    ms,
  );
  const p50 = over(
    results,
    app((h) => percentile(h.latencies, 50)),
    ms,
  );
  const baseP = (p: number) => over(results, (r) => percentile(r.baseline.latencies, p), ms).text;
  const sessions = over(results, (r) => r.sessions.fromRush + r.sessions.added, count);
  const statements = statementsSeen(results);
  const bytes = over(
    results,
    app((h) => h.meanBytes),
    (v) => `${(v / 1024).toFixed(1)} KB`,
  );
  const baseBytes = over(
    results,
    (r) => r.baseline.meanBytes,
    (v) => `${(v / 1024).toFixed(1)} KB`,
  );
  const errors = Math.max(...results.map((r) => (r.app?.errors ?? 0) + r.baseline.errors));
  const rss = over(results, (r) => r.appMemory.peakRssMiB, mib);
  const baseRss = over(results, (r) => r.baselineMemory.peakRssMiB, mib);
  return [
    {
      figure: `GET /student/register, ${sessions.text} sessions: throughput`,
      measured: rate.text,
      baseline: base.text,
      goal: '≥ 0.5× baseline',
      pass: ratio.value >= 0.5,
    },
    { figure: '  … app / baseline', measured: ratio.text, goal: '≥ 0.5×', pass: ratio.value >= 0.5 },
    {
      figure: '  … p50 / p99',
      measured: `${p50.text} / ${p99.text}`,
      baseline: `${baseP(50)} / ${baseP(99)}`,
      goal: 'p99 < 200 ms',
      pass: p99.value < 200,
    },
    {
      figure: '  … SQL statements per page view',
      measured: statements.text,
      baseline: '1',
      goal: '≤ 4',
      pass: statements.max <= 4,
    },
    { figure: '  … page size', measured: bytes.text, baseline: baseBytes.text, goal: '(comparable)' },
    { figure: '  … answers that were not the page', measured: count(errors), goal: '0', pass: errors === 0 },
    {
      figure: 'server peak RSS after phase (b) (VmHWM)',
      measured: rss.text,
      baseline: baseRss.text,
      goal: '< 300 MB',
      pass: rss.value < 300,
    },
  ];
}

/** The X-SQL-Statements values seen, e.g. "12" or "11–13 (mostly 12)"; "none" if the server did not send it. */
function statementsSeen(results: RunResult[]): { text: string; max: number } {
  const seen = new Map<string, number>();
  for (const r of results)
    for (const [value, n] of r.app?.sqlStatements ?? []) seen.set(value, (seen.get(value) ?? 0) + n);
  if (seen.size === 0) return { text: '—', max: NaN };
  if (seen.has('none')) return { text: 'no X-SQL-Statements header (server without COUNT_SQL?)', max: NaN };
  const values = [...seen.keys()].map(Number).sort((a, b) => a - b);
  const mostly = [...seen].sort((a, b) => b[1] - a[1])[0][0];
  const text = values.length === 1 ? String(values[0]) : `${values[0]}–${values.at(-1)} (mostly ${mostly}; varies)`;
  return { text, max: values.at(-1)! };
}

/**
 * Whether the database agrees with what the students were told: everyone whose 确认报名 was
 * answered as registered has one grade and one special item on file, and nobody else does — save
 * those whose confirming post got no answer, who may or may not have been written.
 */
function agreement(r: RunResult): { text: string; ok: boolean } {
  const outcomes = [...r.rush.outcomes, ...r.addedOutcomes];
  const registered = outcomes.filter((o) => o.told === 'registered').length;
  const unknown = outcomes.filter((o) => o.told === 'unknown').length;
  const onFile = r.rules.studentsComplete;
  const ok = r.rules.studentsRegistered === onFile && onFile >= registered && onFile <= registered + unknown;
  return {
    text: `${registered}${unknown ? ` (+${unknown} unanswered)` : ''} ~ ${onFile} (${r.rules.studentsRegistered} with any)`,
    ok,
  };
}

function ruleRows(results: RunResult[]): Row[] {
  const violations = Math.max(...results.map((r) => ruleViolations(r.rules)));
  const agreements = results.map(agreement);
  const unanswered = Math.max(...results.map((r) => r.rush.tally.noAnswer));
  const detail = results.map((r) => `${r.rules.overTwo}/${r.rules.twoGrades}/${r.rules.sameItemTwice}`).join(', ');
  return [
    {
      figure: 'two-item rule: >2 items / 2 grade / one item twice',
      measured: detail,
      goal: '0/0/0',
      pass: violations === 0,
    },
    {
      figure: 'told registered ~ grade + special on file',
      measured: agreements.map((a) => a.text).join(', '),
      goal: 'agree',
      pass: agreements.every((a) => a.ok),
    },
    {
      figure: 'every request got an answer (503 counts)',
      measured: unanswered === 0 ? 'yes' : `no: ${unanswered} without`,
      goal: 'yes',
      pass: unanswered === 0,
    },
  ];
}

export function printReport(results: RunResult[]): boolean {
  const rows = [...rushRows(results), ...pageRows(results), ...ruleRows(results)];
  const table = [
    ['figure', 'measured', 'baseline', 'goal', 'pass/fail'],
    ...rows.map((row) => [
      row.figure,
      row.measured,
      row.baseline ?? '',
      row.goal,
      row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL',
    ]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((cells) => columns(cells[i]))));
  const line = (cells: string[]) =>
    console.log(
      cells
        .map((c, i) => pad(c, widths[i] ?? 0))
        .join(' | ')
        .trimEnd(),
    );
  line(table[0]);
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-') + '-+-----');
  for (const cells of table.slice(1)) line(cells);
  printFailures(results);
  return rows.every((r) => r.pass !== false);
}

function printFailures(results: RunResult[]): void {
  const groups = new Map<string, { n: number; sample: string }>();
  for (const failure of results.flatMap((r) => r.rush.failures)) {
    const key = `${failure.kind} at ${failure.step}`;
    const group = groups.get(key) ?? { n: 0, sample: failure.detail };
    group.n += 1;
    groups.set(key, group);
  }
  if (groups.size)
    console.log('\nstudents who did not get through (all runs), by what stopped them — one sample each:');
  for (const [key, { n, sample }] of groups) console.log(`  ${String(n).padStart(4)} × ${key}: ${sample}`);
  const sample =
    results.find((r) => r.app?.errorSample)?.app?.errorSample ??
    results.find((r) => r.baseline.errorSample)?.baseline.errorSample;
  if (sample) console.log(`  phase (b): ${sample}`);
  printServerErrors(results);
}

/** The app's error log, summed over the runs: a 503 from a full hashing queue is logged there too. */
function printServerErrors(results: RunResult[]): void {
  const lines = new Map<string, number>();
  for (const r of results) for (const [line, n] of r.serverErrors) lines.set(line, (lines.get(line) ?? 0) + n);
  if (lines.size === 0) return;
  console.log("\nthe app's error log (stderr), stack traces left out:");
  for (const [line, n] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`  ${String(n).padStart(4)} × ${line}`);
}

/** How many columns a terminal gives the text: a CJK character takes two. */
const columns = (text: string) => [...text].reduce((n, ch) => n + (/[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - columns(text)));
