// Passwords for the registration rush (issue 14): argon2id for new hashes, old scrypt hashes still
// accepted and replaced at the next sign-in, and a first sign-in that sets its new password on the
// sign-in page itself — one hash derivation instead of three.
import { randomBytes, scryptSync } from 'node:crypto';
import { expect } from 'chai';
import { passwordDerivations, verifyPassword } from '../../app/lib/passwords.js';
import { AuditLog, User } from '../../app/models/index.js';
import { messages as authMessages } from '../../app/services/accounts/auth.js';
import {
  agent,
  csrfToken,
  makeAccount,
  makeDepartment,
  makeStudent,
  NEW_PASSWORD,
  signIn,
  uid,
} from '../factories/index.js';

const ARGON2ID = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/;

async function postLogin(fields: Record<string, string>) {
  const a = agent();
  const token = await csrfToken(a);
  const before = passwordDerivations();
  const res = await a
    .post('/login')
    .type('form')
    .send({ _csrf: token, next: '/student/register', ...fields });
  return { a, res, derivations: passwordDerivations() - before };
}

/** A hash as the previous release stored it: scrypt, its parameters in the string. */
function scryptHash(password: string, log2N = 14): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** log2N, r: 8, p: 1, maxmem: 256 * 2 ** log2N * 8 });
  return ['scrypt', log2N, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('first sign-in and password hashes', () => {
  it('sets the new password on the sign-in page: one derivation, straight to where the student was going', async () => {
    const student = await makeStudent((await makeDepartment()).id);
    const initial = student.idNumber.slice(-6);
    const { a, res, derivations } = await postLogin({
      username: student.studentNo!,
      password: initial,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/student/register');
    expect(derivations).to.equal(1);
    expect((await a.get('/student/register')).status).to.not.equal(303); // no detour to /password
    const user = (await User.findByPk(student.userId!))!;
    expect(user.mustChangePassword).to.equal(false);
    expect(user.passwordHash).to.match(ARGON2ID);
    expect(await AuditLog.count({ where: { actorId: user.id, action: 'auth.password-changed' } })).to.equal(1);
    expect((await postLogin({ username: student.studentNo!, password: initial })).res.status).to.equal(401);
    expect((await postLogin({ username: student.studentNo!, password: NEW_PASSWORD })).res.status).to.equal(303);
  });

  it('refuses a weak new password on the sign-in page with every rule it breaks, and signs nobody in', async () => {
    const student = await makeStudent((await makeDepartment()).id);
    const initial = student.idNumber.slice(-6);
    const { a, res } = await postLogin({
      username: student.studentNo!,
      password: initial,
      newPassword: 'short',
      confirmPassword: 'other',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(authMessages.mismatch).and.include(authMessages.tooShort);
    expect(res.text).to.match(/<details class="first-password" open>/);
    expect((await a.get('/student')).headers.location).to.match(/^\/login/);
    expect((await User.findByPk(student.userId!))!.mustChangePassword).to.equal(true);
  });

  it('costs one derivation when the initial password is wrong, whether or not a new one came with it', async () => {
    const student = await makeStudent((await makeDepartment()).id);
    for (const extra of [{}, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }] as Record<
      string,
      string
    >[]) {
      const { res, derivations } = await postLogin({ username: student.studentNo!, password: '000000', ...extra });
      expect([res.status, derivations]).to.deep.equal([401, 1]);
    }
    const { res, derivations } = await postLogin({
      username: `nobody${uid()}`,
      password: 'x',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect([res.status, derivations]).to.deep.equal([401, 1]);
  });

  it("keeps an account's own password when new-password fields come along, and says so", async () => {
    const { user, password } = await makeAccount('office');
    const ready = await signIn(user.username, password);
    const token = await csrfToken(ready, '/password');
    await ready
      .post('/password')
      .type('form')
      .send({ _csrf: token, current: password, next: NEW_PASSWORD, confirm: NEW_PASSWORD })
      .expect(303);
    const { a, res } = await postLogin({
      username: user.username,
      password: NEW_PASSWORD,
      newPassword: 'Another2026',
      confirmPassword: 'Another2026',
      next: '/office',
    });
    expect(res.status).to.equal(303);
    expect((await a.get('/office')).text).to.include(authMessages.newPasswordIgnored);
    expect(await verifyPassword(NEW_PASSWORD, (await User.findByPk(user.id))!.passwordHash!)).to.equal(true);
  });

  it('still accepts an old scrypt hash and replaces it with argon2id at that sign-in', async () => {
    const { user } = await makeAccount('office');
    await User.update(
      { passwordHash: scryptHash('Legacy2025pw'), mustChangePassword: false },
      { where: { id: user.id } },
    );
    expect((await postLogin({ username: user.username, password: 'Wrong2025pw' })).res.status).to.equal(401);
    expect((await User.findByPk(user.id))!.passwordHash).to.match(/^scrypt\$/); // a wrong guess changes nothing
    const { res } = await postLogin({ username: user.username, password: 'Legacy2025pw', next: '/office' });
    expect(res.headers.location).to.equal('/office');
    const stored = (await User.findByPk(user.id))!.passwordHash!;
    expect(stored).to.match(ARGON2ID);
    expect(await verifyPassword('Legacy2025pw', stored)).to.equal(true);
    expect((await postLogin({ username: user.username, password: 'Legacy2025pw' })).res.status).to.equal(303);
  });
});
