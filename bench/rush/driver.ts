// The registration rush of issue 14: every student starts at the same moment on a phone of their
// own and goes sign in → (password change) → 选择报考项目 → preview → confirm, choosing one grade
// item and one special item. Used by `npm run bench:rush` and by the suite's rush test.
import { Client, csrfTokenOf, formHtml, hiddenFields, NoAnswer, type Fields } from '../lib/http-client.js';
import { flows, REGISTER_PAGE, type FlowName, type FlowUsed } from './flows.js';
import type { RushStudent } from './seed.js';
import {
  failureOf,
  newTally,
  pageMessage,
  STEPS,
  StudentRun,
  type Failure,
  type StepName,
  type Tally,
} from './student-run.js';

export type RushOptions = {
  baseUrl: string;
  students: RushStudent[];
  flow: FlowName;
  /** How many 503s a student waits out on one request before giving up. */
  patience?: number;
  requestTimeoutMs?: number;
  /** Milliseconds after the start when every request still waiting counts as unanswered (default: none). */
  deadlineMs?: number;
  /** Students behind one campus NAT share an address; by default each phone has its own. */
  sharedIp?: string;
};

/**
 * What a student was told about the registration itself: `registered` once 确认报名 answered with
 * the redirect to /student, `unknown` when that post got no answer (it may have been written).
 */
export type Told = 'registered' | 'unknown' | 'nothing';

export type Outcome = {
  student: RushStudent;
  client: Client;
  run: StudentRun;
  used: FlowUsed | null;
  told: Told;
  failure: Failure | null;
};

export type RushStats = {
  flow: FlowName;
  students: number;
  through: number;
  wallMs: number;
  steps: Record<StepName, number[]>;
  tally: Tally;
  failures: Failure[];
  used: Record<FlowUsed, number>;
  /** Requests sent again on a new connection because the kept-alive one had been closed (see Client). */
  reconnects: number;
  outcomes: Outcome[];
};

const SUCCESS = '报名成功';

/** A distinct private address per phone (10.20.x.y), as a mobile network would give them. */
const phoneIp = (n: number) => `10.${20 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;

/** The register page, and the choice this student makes on it: one grade item and one special. */
async function openRegisterPage(run: StudentRun, n: number): Promise<Fields> {
  const page = await run.get(REGISTER_PAGE);
  const form = formHtml(page.text, '/student/register/preview');
  run.expect(page, page.status === 200 && form !== null, 'the 选择报考项目 form');
  const enabled = (re: RegExp) =>
    [...form!.matchAll(re)].filter(([, , rest]) => !/disabled/.test(rest)).map(([, value]) => value);
  const grades = enabled(/type="radio" name="grade" value="(\d+:\d)"([^>]*)>/g);
  const specials = enabled(/type="checkbox" name="special" value="(\d+)"([^>]*)>/g);
  run.expect(page, grades.length > 0 && specials.length > 0, 'a grade and a special item to choose');
  // Students spread over the items, as a department does: not everyone on the same catalog row.
  const hidden = Object.fromEntries(hiddenFields(form!));
  return {
    _csrf: hidden._csrf,
    batchId: hidden.batchId,
    grade: grades[n % grades.length],
    special: [specials[n % specials.length]],
    heldNone: 'on',
  };
}

/** 下一步：核对费用 → the confirmation page, whose form carries the choices back. */
async function preview(run: StudentRun, choice: Fields): Promise<Fields> {
  const answer = await run.post('/student/register/preview', choice);
  const form = formHtml(answer.text, '/student/register');
  run.expect(answer, answer.status === 200 && form !== null && csrfTokenOf(form) !== null, 'the 确认报名 page');
  const fields: Record<string, string[]> = {};
  for (const [name, value] of hiddenFields(form!)) (fields[name] ??= []).push(value);
  return fields;
}

/** 确认报名, then the page the redirect leads to, which must say it worked. */
async function confirm(run: StudentRun, fields: Fields, tell: (told: Told) => void): Promise<void> {
  const answer = await run.post('/student/register', fields).catch((error: unknown) => {
    if (error instanceof NoAnswer) tell('unknown');
    throw error;
  });
  if (answer.status === 303 && answer.location === REGISTER_PAGE) {
    const back = await run.get(REGISTER_PAGE); // the refusal is on the form it sends the student back to
    run.expect(back, false, `303 to /student (registered); refused: ${pageMessage(back.text)}`);
  }
  run.expect(answer, answer.status === 303 && answer.location === '/student', '303 to /student (registered)');
  tell('registered');
  const home = await run.get('/student');
  run.expect(home, home.status === 200 && home.text.includes(SUCCESS), `the home page saying ${SUCCESS}`);
}

/** One student's whole journey; never throws: what went wrong is in the outcome. */
export async function journey(options: RushOptions, n: number, tally: Tally, deadline?: number): Promise<Outcome> {
  const student = options.students[n];
  const client = new Client(options.baseUrl, {
    ip: options.sharedIp ?? phoneIp(n),
    timeoutMs: options.requestTimeoutMs,
    deadline,
  });
  const run = new StudentRun(client, tally, options.patience ?? 5);
  let used: FlowUsed | null = null;
  let told: Told = 'nothing';
  const began = performance.now();
  try {
    used = await flows[options.flow](run, student, newPasswordOf(student));
    const choice = await run.timed('registerPage', () => openRegisterPage(run, n));
    const fields = await run.timed('preview', () => preview(run, choice));
    await run.timed('confirm', () =>
      confirm(run, fields, (t) => {
        told = t;
      }),
    );
    run.journeyMs = performance.now() - began;
    return { student, client, run, used, told, failure: null };
  } catch (error) {
    return { student, client, run, used, told, failure: failureOf(error, run.step) };
  }
}

/** The password each student chooses: letters and digits, not the user name, not the initial one. */
export const newPasswordOf = (student: RushStudent) => `Rush${student.username}x`;

export async function runRush(options: RushOptions): Promise<RushStats> {
  const tally = newTally();
  const start = performance.now();
  const deadline = options.deadlineMs === undefined ? undefined : start + options.deadlineMs;
  const outcomes = await Promise.all(options.students.map((_, n) => journey(options, n, tally, deadline)));
  const wallMs = performance.now() - start;
  const steps = Object.fromEntries(
    STEPS.map((s) => [s, outcomes.flatMap((o) => (o.run.stepMs.has(s) ? [o.run.stepMs.get(s)!] : []))]),
  ) as RushStats['steps'];
  const used = { 'one-step': 0, 'two-step': 0 };
  for (const o of outcomes) if (o.used) used[o.used] += 1;
  return {
    flow: options.flow,
    students: outcomes.length,
    through: outcomes.filter((o) => !o.failure).length,
    wallMs,
    steps,
    tally,
    failures: outcomes.flatMap((o) => (o.failure ? [o.failure] : [])),
    used,
    outcomes,
    reconnects: outcomes.reduce((sum, o) => sum + o.client.reconnects, 0),
  };
}

/** Closes every phone's connection (the sessions stay valid on the server). */
export function hangUp(outcomes: Outcome[]): void {
  for (const o of outcomes) o.client.close();
}
