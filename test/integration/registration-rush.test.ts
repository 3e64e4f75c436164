// Issue 14's registration rush, small enough for the suite: 50 students on their initial passwords
// start at the same moment and go sign in (choosing a new password, on the sign-in form or on the
// forced /password page after it) → 选择报考项目 → preview → confirm, one grade + one special item.
// Against a real server process started as production starts it (dist/app/server.js,
// NODE_ENV=production), on its own database: the suite's in-process app shares the test runner's
// event loop and did not reproduce the SQLite lock-up this guards against. On MySQL (when
// DATABASE_URL is set) the server gets a database of its own on the same server (<name>_rush),
// not the suite's: its background jobs (mail, reminders) would otherwise work on the suite's data.
// RUSH_SERVER=<another build>/dist/app/server.js runs the rush against that build instead (to see
// that this test fails on a build from before the fix); RUSH_STUDENTS=100 makes the rush bigger.
import { expect } from 'chai';
import { hangUp, runRush, type RushStats } from '../../bench/rush/driver.js';
import type { ServerProcess } from '../../bench/lib/server-process.js';
import { checkRules, ruleViolations } from '../../bench/rush/rules.js';
import { seedInChild, type Seeded } from '../../bench/rush/seed.js';
import { mysqlPlace, sqlitePlace, startApp, type Place } from '../../bench/rush/servers.js';

const STUDENTS = Number(process.env.RUSH_STUDENTS) || 50;
const LIMIT_MS = 60_000; // generous: the goal for 200 students on a production server is 20 s
// SQLite's busy timeout (app/db/connection.ts) is 10 s. An answer that took that long sat behind
// a write that could not get the lock: the lock-up of issue 14 beginning (on the old session store
// such waits were 10–13 s). Anything else is answered well within 8 s, however loaded the machine:
// a page hashes nothing, and a sign-in waits at most for the bounded queue of hashes ahead of it
// (under 2 s here at these costs).
const ANSWER_LIMIT_MS = 8_000;

function rushDatabase(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}_rush`;
  return parsed.toString();
}

/** What went wrong, briefly: counts by kind and step with one sample each, and the server's last words. */
function explain(rush: RushStats, server: ServerProcess): string {
  const groups = new Map<string, { n: number; sample: string }>();
  for (const f of rush.failures) {
    const group = groups.get(`${f.kind} at ${f.step}`) ?? { n: 0, sample: f.detail };
    group.n += 1;
    groups.set(`${f.kind} at ${f.step}`, group);
  }
  const lines = [...groups].map(([key, { n, sample }]) => `${n} × ${key}: ${sample}`);
  return `${rush.through} of ${rush.students} through in ${(rush.wallMs / 1000).toFixed(1)} s\n${lines.join('\n')}\nserver output:\n${server.output().slice(-3000)}`;
}

function rushOn(label: string, makePlace: () => Promise<Place>) {
  describe(`registration rush on ${label}: ${STUDENTS} first sign-ins at once against a production server process (issue 14)`, function () {
    this.timeout(LIMIT_MS * 2);
    let place: Place | undefined;
    let server: ServerProcess | undefined;
    let seeded: Seeded;
    let rush: RushStats | undefined;

    before(async () => {
      place = await makePlace();
      seeded = await seedInChild(place.target, STUDENTS);
      // The cheapest scrypt cost the app accepts (a build hashing otherwise ignores the variable),
      // and two hashing threads, as production has on three cores (cores − 1): one thread, the
      // default on a 2-core machine, spaces the sign-ins out so that the database hardly sees the
      // rush. Everything else as in production, the hashing queue's bound included.
      server = await startApp(place, {
        script: process.env.RUSH_SERVER,
        env: { PASSWORD_SCRYPT_LOG2N: '14', PASSWORD_WORKERS: '2' },
      });
      // Patient students (a 503 is waited out up to ten times); a request still unanswered when
      // the limit is up counts as a timeout: a locked-up server fails here, not by hanging.
      rush = await runRush({
        baseUrl: server.baseUrl,
        students: seeded.students,
        flow: 'one-step',
        patience: 10,
        requestTimeoutMs: LIMIT_MS,
        deadlineMs: LIMIT_MS,
      });
    });

    after(async () => {
      if (rush) hangUp(rush.outcomes);
      await server?.stop();
      await place?.remove();
    });

    it('gets every student through every step, every request answered, within 60 s', () => {
      const why = explain(rush!, server!);
      expect(rush!.tally.noAnswer, `requests without an answer\n${why}`).to.equal(0);
      expect(rush!.failures, why).to.deep.equal([]);
      expect(rush!.through, why).to.equal(STUDENTS);
      expect(rush!.wallMs, why).to.be.below(LIMIT_MS);
    });

    it(`answers every request within ${ANSWER_LIMIT_MS / 1000} s`, () => {
      const slow = rush!.outcomes
        .filter((o) => o.run.slowest.ms >= ANSWER_LIMIT_MS)
        .map((o) => `${o.student.username}: ${o.run.slowest.what} ${Math.round(o.run.slowest.ms)} ms`);
      expect(slow, explain(rush!, server!)).to.deep.equal([]);
    });

    it('keeps the two-item rule in the database, and the database agrees with what the students were told', async () => {
      const rules = await checkRules(place!.target, seeded.batchId);
      expect(ruleViolations(rules), JSON.stringify(rules)).to.equal(0);
      // A confirmation that got no answer may or may not have been written; every other one is known.
      const registered = rush!.outcomes.filter((o) => o.told === 'registered').length;
      const unknown = rush!.outcomes.filter((o) => o.told === 'unknown').length;
      expect(rules.studentsComplete, JSON.stringify(rules)).to.be.within(registered, registered + unknown);
      expect(rules.studentsRegistered, JSON.stringify(rules)).to.equal(rules.studentsComplete);
    });
  });
}

rushOn('SQLite', async () => sqlitePlace());
if (process.env.DATABASE_URL)
  rushOn('MySQL', () => mysqlPlace(rushDatabase(process.env.DATABASE_URL!), { dropAfter: true }));
