// One run of the benchmark on one database: seed, start the app, the rush (a), the register page
// under 50 sessions (b), the same against the bare baseline, then the rules in the database (c).
import { Client, type Answer } from '../lib/http-client.js';
import type { ServerProcess } from '../lib/server-process.js';
import { hammer, type HammerStats } from './hammer.js';
import { hangUp, journey, runRush, type Outcome, type RushOptions, type RushStats } from './driver.js';
import { REGISTER_PAGE } from './flows.js';
import type { Db, Options } from './options.js';
import { checkRules, type RuleCheck } from './rules.js';
import { seedInChild } from './seed.js';
import { mysqlPlace, sqlitePlace, startApp, startBaseline, type Place } from './servers.js';
import { newTally } from './student-run.js';

export type Memory = { peakRssMiB: number; sampledRssMiB: number };

export type RunResult = {
  place: string;
  rush: RushStats;
  rushMemory: Memory;
  /** Phase (b)'s sessions: students who got through the rush, and those taken through it afterwards. */
  sessions: { fromRush: number; added: number };
  /** The journeys of those signed in afterwards (their registrations are on file too). */
  addedOutcomes: Outcome[];
  app: HammerStats | null;
  appMemory: Memory;
  baseline: HammerStats;
  baselineMemory: Memory;
  rules: RuleCheck;
  /** What the app wrote to stderr (its error log), line by line with counts. */
  serverErrors: Map<string, number>;
};

const CAMPUS_NAT_IP = '10.20.0.1';
const TOP_UP_AT_ONCE = 4; // few enough that the hashing queue never turns them away
const TOP_UP_PATIENCE = 30;

const isRegisterPage = (answer: Answer) => answer.status === 200 && answer.text.includes('id="register-form"');

export async function oneRun(db: Db, options: Options): Promise<RunResult> {
  const place = db === 'sqlite' ? sqlitePlace() : await mysqlPlace(options.mysqlUrl);
  try {
    const seeded = await seedInChild(place.target, options.students);
    const app = await startApp(place, {
      script: options.server,
      env: options.serverEnv,
      echoErrors: process.env.RUSH_ECHO_ERRORS === '1',
    });
    const rushOptions: RushOptions = {
      baseUrl: app.baseUrl,
      students: seeded.students,
      flow: options.flow,
      patience: options.patience,
      requestTimeoutMs: options.timeoutSeconds * 1000,
      sharedIp: options.nat ? CAMPUS_NAT_IP : undefined,
    };
    const measured = await measureApp(app, rushOptions, options);
    const base = await measureBaseline(place, options);
    const rules = await checkRules(place.target, seeded.batchId);
    return { place: place.label, ...measured, ...base, rules };
  } finally {
    await place.remove();
  }
}

async function measureApp(app: ServerProcess, rushOptions: RushOptions, options: Options) {
  let outcomes: Outcome[] = [];
  try {
    const rush = await runRush(rushOptions);
    outcomes = rush.outcomes;
    const rushMemory = app.memory();
    const { clients, added } = await sessionsFor(rush, rushOptions, options.sessions);
    outcomes = outcomes.concat(added);
    const result = clients.length
      ? await hammer({ clients, path: REGISTER_PAGE, seconds: options.seconds, isPage: isRegisterPage })
      : null;
    const addedThrough = added.filter((o) => !o.failure).length;
    return {
      rush,
      rushMemory,
      sessions: { fromRush: clients.length - addedThrough, added: addedThrough },
      addedOutcomes: added,
      app: result,
      appMemory: app.memory(),
      serverErrors: app.errorLines(),
    };
  } finally {
    hangUp(outcomes);
    await app.stop();
  }
}

/**
 * Signed-in sessions for phase (b): the students who got through the rush. If fewer than `count`
 * did, more go through the same journey a few at a time (so each page shows the same state: two
 * items registered) — but not on a server that has stopped answering.
 */
async function sessionsFor(
  rush: RushStats,
  rushOptions: RushOptions,
  count: number,
): Promise<{ clients: Client[]; added: Outcome[] }> {
  const clients = rush.outcomes
    .filter((o) => !o.failure)
    .map((o) => o.client)
    .slice(0, count);
  const spare = rush.outcomes
    .map((o, n) => ({ o, n }))
    .filter(({ o }) => o.failure?.step === 'signIn' && o.failure.kind === 'gave-up')
    .map(({ n }) => n);
  const added: Outcome[] = [];
  const topUp = { ...rushOptions, patience: TOP_UP_PATIENCE };
  while (clients.length < count && spare.length) {
    const group = spare.splice(0, Math.min(TOP_UP_AT_ONCE, count - clients.length));
    const outcomes = await Promise.all(group.map((n) => journey(topUp, n, newTally())));
    added.push(...outcomes);
    for (const o of outcomes) if (!o.failure) clients.push(o.client);
    if (outcomes.some((o) => o.failure)) break; // a calm sign-in failing too: the server is not well, measure what there is
  }
  return { clients, added };
}

async function measureBaseline(place: Place, options: Options) {
  const server = await startBaseline(place);
  const clients = Array.from({ length: options.sessions }, () => new Client(server.baseUrl));
  try {
    const baseline = await hammer({
      clients,
      path: REGISTER_PAGE,
      seconds: options.seconds,
      isPage: (a) => a.status === 200,
    });
    return { baseline, baselineMemory: server.memory() };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}
