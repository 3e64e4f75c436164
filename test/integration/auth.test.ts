// Sign-in, forced password change, session regeneration, rate limiting, sign-out (issue 2).
import { expect } from 'chai';
import { AuditLog, Department, Session, User } from '../../app/models/index.js';
import { verifyPassword } from '../../app/lib/passwords.js';
import { messages as authMessages } from '../../app/services/accounts/auth.js';
import {
  agent,
  csrfToken,
  idNumber,
  makeAccount,
  makeStudent,
  NEW_PASSWORD,
  signIn,
  signInReady,
  uid,
} from '../factories/index.js';

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as string[] | undefined) ?? [])
    .find((c) => c.startsWith('skillcert.sid='))
    ?.split(';')[0];

describe('signing in', () => {
  it("signs in with the one-time password, forces a change, then lands on the role's home", async () => {
    const { user, password } = await makeAccount('office');
    const a = await signIn(user.username, password);
    const blocked = await a.get('/office/departments');
    expect(blocked.status).to.equal(303);
    expect(blocked.headers.location).to.equal('/password');

    const token = await csrfToken(a, '/password');
    const weak = await a
      .post('/password')
      .type('form')
      .send({ _csrf: token, current: password, next: 'short', confirm: 'short' });
    expect(weak.status).to.equal(303);
    expect((await a.get('/password')).text).to.include('新密码至少 8 位');

    const ok = await a
      .post('/password')
      .type('form')
      .send({ _csrf: token, current: password, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(ok.headers.location).to.equal('/');
    const stored = await User.findByPk(user.id);
    expect(stored!.mustChangePassword).to.equal(false);
    expect(stored!.passwordHash).to.match(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(NEW_PASSWORD, stored!.passwordHash!)).to.equal(true);
    expect((await a.get('/')).headers.location).to.equal('/office');
    expect((await a.get('/office')).text).to.include('继续教育学院工作台');
    expect(await AuditLog.count({ where: { actorId: user.id, action: 'auth.password-changed' } })).to.equal(1);
  });

  it('gives a new session id at sign-in (no session fixation)', async () => {
    const { user, password } = await makeAccount('office');
    const a = agent();
    const page = await a.get('/login');
    const before = cookieOf(page);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await a.post('/login').type('form').send({ _csrf: token, username: user.username, password });
    expect(res.status).to.equal(303);
    const after = cookieOf(res);
    expect(before).to.be.a('string');
    expect(after).to.be.a('string').and.not.equal(before);
    const cookie = cookieOf(res)!;
    expect(([] as string[]).concat(res.headers['set-cookie'] as unknown as string[]).join(';'))
      .to.match(/HttpOnly/i)
      .and.match(/SameSite=Lax/i);
    expect(cookie).to.not.equal(undefined);
  });

  it('refuses a wrong password with a Chinese sentence and 401', async () => {
    const { user } = await makeAccount('office');
    const a = agent();
    const token = await csrfToken(a);
    const res = await a
      .post('/login')
      .type('form')
      .send({ _csrf: token, username: user.username, password: 'wrong-password-1' });
    expect(res.status).to.equal(401);
    expect(res.text).to.include('用户名或密码不对');
    const unknown = await a
      .post('/login')
      .type('form')
      .send({ _csrf: token, username: `nobody${uid()}`, password: 'x' });
    expect(unknown.status).to.equal(401);
  });

  it('locks out after too many failed attempts, and says for how long', async () => {
    const { user, password } = await makeAccount('office');
    const a = agent();
    const token = await csrfToken(a);
    for (let i = 0; i < 10; i++) {
      const res = await a
        .post('/login')
        .type('form')
        .send({ _csrf: token, username: user.username, password: `bad${i}` });
      expect(res.status).to.equal(401);
    }
    const locked = await a.post('/login').type('form').send({ _csrf: token, username: user.username, password });
    expect(locked.status).to.equal(429);
    expect(locked.text).to.include('登录失败次数过多，请 15 分钟后再试');
  });

  it('lets a student in with 学号 and the last six ID characters, then forces a change', async () => {
    const department = await Department.create({ name: `学院${uid()}` });
    const student = await makeStudent(department.id, {});
    const a = await signIn(student.studentNo!, student.idNumber.slice(-6));
    expect((await a.get('/student')).headers.location).to.equal('/password');
    const token = await csrfToken(a, '/password');
    const same = await a
      .post('/password')
      .type('form')
      .send({
        _csrf: token,
        current: student.idNumber.slice(-6),
        next: student.idNumber.slice(-6),
        confirm: student.idNumber.slice(-6),
      });
    expect(same.status).to.equal(303);
    expect((await a.get('/password')).text).to.include(authMessages.tooShort);
    const ready = await signInReady(student.studentNo!, student.idNumber.slice(-6));
    const home = await ready.get('/student');
    expect(home.status).to.equal(200);
    expect(home.text).to.include(student.name).and.include(department.name);
    expect(home.text).to.not.include(student.idNumber); // masked
  });

  it('takes a lowercase x in the initial password of an ID ending in X (phone keyboards), and only there', async () => {
    const department = await Department.create({ name: `学院${uid()}` });
    const student = await makeStudent(department.id, { idNumber: idNumber({ checkX: true }) });
    const initial = student.idNumber.slice(-6);
    expect(initial).to.match(/X$/);
    const lower = await signIn(student.studentNo!, initial.toLowerCase());
    expect((await lower.get('/student')).headers.location).to.equal('/password');
    await signIn(student.studentNo!, initial); // the capital still works

    // Once the student has chosen a password, its case counts again.
    const chosen = 'Mine2024Xy';
    const token = await csrfToken(lower, '/password');
    const changed = await lower
      .post('/password')
      .type('form')
      .send({ _csrf: token, current: initial.toLowerCase(), next: chosen, confirm: chosen });
    expect(changed.headers.location).to.equal('/');
    const a = agent();
    const loginToken = await csrfToken(a);
    const res = await a
      .post('/login')
      .type('form')
      .send({ _csrf: loginToken, username: student.studentNo, password: chosen.toLowerCase() });
    expect(res.status).to.equal(401);
    const old = await a
      .post('/login')
      .type('form')
      .send({ _csrf: loginToken, username: student.studentNo, password: initial.toLowerCase() });
    expect(old.status).to.equal(401);
    await signIn(student.studentNo!, chosen);
  });

  it('signs out and the old session no longer works', async () => {
    const { user, password } = await makeAccount('office');
    const a = await signInReady(user.username, password);
    const token = await csrfToken(a, '/office');
    const res = await a.post('/logout').type('form').send({ _csrf: token });
    expect(res.headers.location).to.equal('/login');
    expect((await a.get('/office')).headers.location).to.match(/^\/login/);
  });

  it('keeps a disabled account out at once, even with a live session', async () => {
    const { user, password } = await makeAccount('office');
    const a = await signInReady(user.username, password);
    await User.update({ active: false }, { where: { id: user.id } });
    expect((await a.get('/office')).headers.location).to.match(/^\/login/);
  });

  it('ends a session after its absolute lifetime, however active it was', async () => {
    const { user, password } = await makeAccount('office');
    const a = await signInReady(user.username, password);
    expect((await a.get('/office')).status).to.equal(200);
    for (const row of await Session.findAll()) {
      const data = JSON.parse(row.get('data') as string);
      if (data.userId !== user.id) continue;
      data.loginAt = Date.now() - 13 * 3600 * 1000; // the default lifetime is 12 hours
      await row.update({ data: JSON.stringify(data) });
    }
    expect((await a.get('/office')).headers.location).to.match(/^\/login/);
  });

  it('never redirects off-site after sign-in', async () => {
    const { user, password } = await makeAccount('office');
    await signInReady(user.username, password);
    const a = agent();
    const token = await csrfToken(a, '/login?next=//evil.example');
    const res = await a
      .post('/login')
      .type('form')
      .send({ _csrf: token, username: user.username, password: NEW_PASSWORD, next: '//evil.example' });
    expect(res.headers.location).to.equal('/');
  });
});
