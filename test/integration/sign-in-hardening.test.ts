// What an attack on sign-in found (issue 13 items 1, 2, 3, 9, 11, 12): a flood of bogus sign-ins
// is bounded and counted per IP, a name is one account whatever its case or width, every failed
// sign-in costs the same, a password change signs the account out elsewhere, anonymous requests
// leave no session rows, and a trusted proxy means listening on loopback.
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../app/app.js';
import { loadConfig } from '../../app/config.js';
import { configurePasswordPool, decoyHash, passwordDerivations, verifyPassword } from '../../app/lib/passwords.js';
import { Session, User } from '../../app/models/index.js';
import { h, testConfig } from '../setup/hooks.js';
import {
  agent,
  csrfToken,
  makeAccount,
  makeDepartment,
  makeStudent,
  NEW_PASSWORD,
  postForm,
  signIn,
  signInReady,
  teacherAgent,
  uid,
  type Agent,
} from '../factories/index.js';

/** An app of its own on the suite's database, with its own limits; the suite's pool is put back after. */
async function withApp<T>(overrides: Record<string, string>, run: (a: () => Agent) => Promise<T>): Promise<T> {
  const config = testConfig(h().workDir, overrides);
  const app = createApp({ config, sequelize: h().sequelize, log: () => {} });
  try {
    return await run(() => request.agent(app.app));
  } finally {
    app.stop();
    configurePasswordPool({ threads: h().config.passwordWorkers, queue: h().config.passwordQueue });
  }
}

async function tryLogin(a: Agent, username: string, password: string) {
  const token = await csrfToken(a);
  return a.post('/login').type('form').send({ _csrf: token, username, password });
}

describe('sign-in under attack', () => {
  it('answers 503 "登录的人太多" when the hashing queue is full, and keeps serving the rest', async () => {
    await withApp({ PASSWORD_WORKERS: '1', PASSWORD_QUEUE: '1', PASSWORD_SCRYPT_LOG2N: '16' }, async (a) => {
      const agents = Array.from({ length: 8 }, a);
      const tokens = await Promise.all(agents.map((x) => csrfToken(x)));
      const answers = await Promise.all(
        agents.map((x, i) =>
          x
            .post('/login')
            .type('form')
            .send({ _csrf: tokens[i], username: `bogus${uid()}`, password: 'guess-123' }),
        ),
      );
      const busy = answers.filter((r) => r.status === 503);
      expect(busy.length, 'one hashing, one waiting, the rest refused').to.be.at.least(5);
      expect(busy[0].text).to.include('登录的人太多，请稍后再试');
      expect(Number(busy[0].headers['retry-after'])).to.be.within(1, 60);
      expect(answers.filter((r) => r.status === 401).length).to.be.at.least(1);
      expect((await a().get('/login')).status).to.equal(200);
    });
  });

  it('does not count "come back later" as a failed guess', async () => {
    const { user, password } = await makeAccount('office');
    await withApp({ PASSWORD_WORKERS: '1', PASSWORD_QUEUE: '1', LOGIN_MAX_FAILURES: '3' }, async (a) => {
      const x = a();
      // Hashes kept coming (one running, one waiting, one for any gap) until the four tries are answered.
      let flooding = true;
      const keepBusy = async () => {
        while (flooding)
          await verifyPassword('x', decoyHash({ memoryKiB: 19_456, timeCost: 30 })).catch(
            () => new Promise((r) => setTimeout(r, 5)),
          );
      };
      const flood = [keepBusy(), keepBusy(), keepBusy()];
      try {
        for (let i = 0; i < 4; i++) expect((await tryLogin(x, user.username, password)).status).to.equal(503);
      } finally {
        flooding = false;
        await Promise.all(flood);
      }
      expect((await tryLogin(x, user.username, password)).status).to.equal(303);
    });
  });

  it('counts failed sign-ins per IP too, so made-up user names are throttled', async () => {
    const { user, password } = await makeAccount('office');
    await withApp({ LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_IP: '10' }, async (a) => {
      const x = a();
      for (let i = 0; i < 10; i++) expect((await tryLogin(x, `nobody${uid()}`, 'guess')).status).to.equal(401);
      const locked = await tryLogin(x, user.username, password);
      expect(locked.status).to.equal(429);
      expect(locked.text).to.include('登录失败次数过多');
    });
  });

  it('throttles one account whatever the case or width of its name, and never matches a look-alike', async () => {
    const department = await makeDepartment();
    const { user, password } = await makeAccount('teacher', department.id);
    const base = user.username; // stored normalised: teacher.<uid>
    const student = await makeStudent(department.id, { studentNo: `A${uid().slice(0, 8).toUpperCase()}` });
    expect(student.studentNo!).to.match(/^A/);
    const account = await User.findByPk(student.userId!);
    expect(account!.username).to.equal(student.studentNo!.toLowerCase());

    await withApp({ LOGIN_MAX_FAILURES: '3' }, async (a) => {
      const x = a();
      // A full-width 学号 is the same account: it signs in.
      const fullWidthNo = student.studentNo!.replace(/[A-Za-z0-9]/g, (c) =>
        String.fromCharCode(c.charCodeAt(0) + 0xfee0),
      );
      expect((await tryLogin(a(), fullWidthNo, student.idNumber.slice(-6))).status).to.equal(303);

      for (let i = 0; i < 3; i++) expect((await tryLogin(x, base, `bad-${i}`)).status).to.equal(401);
      const upper = base.toUpperCase();
      const fullWidth = base.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      for (const variant of [base, upper, fullWidth]) {
        expect((await tryLogin(x, variant, password)).status, variant).to.equal(429);
      }
      // An accented look-alike is another name (MySQL's collation would match it): never this account.
      const accented = base.replace('e', 'é');
      expect((await tryLogin(a(), accented, password)).status).to.equal(401);
    });
  });

  it("costs one hash derivation for every sign-in, whatever the account's state", async () => {
    const department = await makeDepartment();
    const onInitial = await makeStudent(department.id);
    const { user: hashed } = await makeAccount('office');
    const a = agent();
    const costOf = async (username: string, password: string) => {
      const token = await csrfToken(a);
      const before = passwordDerivations();
      const res = await a.post('/login').type('form').send({ _csrf: token, username, password });
      return { status: res.status, derivations: passwordDerivations() - before };
    };
    expect(await costOf(`nobody${uid()}`, 'wrong-1')).to.deep.equal({ status: 401, derivations: 1 });
    expect(await costOf(hashed.username, 'wrong-2')).to.deep.equal({ status: 401, derivations: 1 });
    expect(await costOf(onInitial.studentNo!, '000000')).to.deep.equal({ status: 401, derivations: 1 });
    expect(await costOf(onInitial.studentNo!, onInitial.idNumber.slice(-6))).to.deep.equal({
      status: 303,
      derivations: 1,
    });
  });

  it("ends the account's other sessions when its password is changed, and all of them on a reset", async () => {
    const { user, password } = await makeAccount('office');
    const first = await signInReady(user.username, password);
    const second = await signIn(user.username, NEW_PASSWORD);
    expect((await second.get('/office')).status).to.equal(200);

    const res = await postForm(first, '/password', '/password', {
      current: NEW_PASSWORD,
      next: 'Another2025pw',
      confirm: 'Another2025pw',
    });
    expect(res.headers.location).to.equal('/');
    expect((await first.get('/office')).status, 'the session that changed it stays').to.equal(200);
    const gone = await second.get('/office');
    expect(gone.status).to.equal(303);
    expect(gone.headers.location).to.match(/^\/login/);

    const { department, agent: teacher } = await teacherAgent();
    const student = await makeStudent(department.id);
    const studentSession = await signIn(student.studentNo!, student.idNumber.slice(-6));
    expect((await studentSession.get('/password')).status).to.equal(200);
    await postForm(teacher, '/teacher/students', `/teacher/students/${student.id}/reset-password`, {});
    expect(await Session.count({ where: { userId: student.userId! } })).to.equal(0);
    expect((await studentSession.get('/password')).headers.location).to.match(/^\/login/);
  });

  it('writes no session row for anonymous requests that show no form', async () => {
    const before = await Session.count();
    for (const url of ['/no-such-page', '/static/no-such.css', '/']) {
      const res = await request(h().app.app).get(url);
      expect(res.headers['set-cookie'], url).to.equal(undefined);
    }
    expect(await Session.count()).to.equal(before);
    // The sign-in page has a form, so it needs a session for its token.
    const login = await request(h().app.app).get('/login');
    expect(String(login.headers['set-cookie'])).to.include('skillcert.sid=');
  });

  it('listens on loopback when a proxy is trusted, unless HOST says otherwise', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).host).to.equal('127.0.0.1');
    expect(loadConfig({ TRUST_PROXY: '1', HOST: '0.0.0.0' }).host).to.equal('0.0.0.0');
    expect(loadConfig({}).host).to.equal('0.0.0.0');
  });
});
