// Signing in and changing passwords. Students start with the last six characters of their ID
// number (their teacher tells them; the campus portal does the same) and must change it before
// anything else — either on the sign-in page itself (one hash, the registration rush's way) or on
// the password page right after.
import { invalid, AppError } from '../../domain/errors.js';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../lib/passwords.js';
import { Student, User } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { endSessionsOf } from './sessions.js';

export const messages = {
  badCredentials: '用户名或密码不对。学生的用户名是学号，初始密码是身份证号后 6 位；忘记密码请找本院指定老师重置',
  currentWrong: '当前密码不对，请重新输入',
  tooShort: '新密码至少 8 位',
  needsMix: '新密码需同时包含字母和数字',
  sameAsUsername: '新密码不能与用户名相同',
  sameAsInitial: '新密码不能与初始密码相同',
  mismatch: '两次输入的新密码不一致',
  newPasswordIgnored: '你的账号已设置过自己的密码，这次填写的新密码没有采用；如需修改，请到「修改密码」',
};

async function initialPasswordOf(user: User): Promise<string | null> {
  if (user.role !== 'student') return null;
  const student = await Student.findOne({ where: { userId: user.id }, attributes: ['idNumber'] });
  return student ? student.idNumber.slice(-6) : null;
}

/** The initial password ignores the case of a trailing X: phone keyboards type a lowercase x, and the
 * stored ID number always has the capital. Only the initial password: a chosen one stays exact. */
function isInitialPassword(typed: string, initial: string | null): boolean {
  return initial !== null && typed.toUpperCase() === initial.toUpperCase();
}

export type NewPassword = { next: string; confirm: string };

function passwordProblems(user: User, change: NewPassword, initial: string | null): string[] {
  const problems: string[] = [];
  if (change.next !== change.confirm) problems.push(messages.mismatch);
  if (change.next.length < 8) problems.push(messages.tooShort);
  if (!/[A-Za-z]/.test(change.next) || !/\d/.test(change.next)) problems.push(messages.needsMix);
  if (change.next === user.username) problems.push(messages.sameAsUsername);
  if (isInitialPassword(change.next, initial)) problems.push(messages.sameAsInitial);
  return problems;
}

type Check = { matches: boolean; initial: boolean; newHash: string | null };

/**
 * Checks the password and, on a first sign-in that brings its new password, hashes that one
 * instead. Every call costs exactly one hash derivation, whether the account exists, is still on
 * its initial password or has its own: otherwise the time of a failed sign-in would tell which
 * of these it is. (An old scrypt hash verified costs one more, once, to replace it.)
 */
async function checkPassword(
  user: User | null,
  password: string,
  first: NewPassword | null,
  rehash = true,
): Promise<Check> {
  if (user?.passwordHash) {
    const matches = await verifyPassword(password, user.passwordHash);
    const newHash = matches && rehash && needsRehash(user.passwordHash) ? await hashPassword(password) : null;
    return { matches, initial: false, newHash };
  }
  const initial = user ? await initialPasswordOf(user) : null;
  if (!user || !isInitialPassword(password, initial) || !first) {
    await verifyPassword(password, decoyHash());
    return { matches: user !== null && isInitialPassword(password, initial), initial: true, newHash: null };
  }
  const problems = passwordProblems(user, first, initial);
  if (problems.length) throw invalid(problems[0], problems);
  return { matches: true, initial: true, newHash: await hashPassword(first.next) };
}

export type SignIn = { user: User; newPasswordIgnored: boolean };

/** `first`: the new password typed on the sign-in page, for an account still on its initial one. */
export async function authenticate(
  ctx: ServiceContext,
  username: string,
  password: string,
  ip: string | null,
  first: NewPassword | null = null,
): Promise<SignIn> {
  const found = await User.findByUsername(username);
  const user = found?.active ? found : null;
  const check = await checkPassword(user, password, first);
  if (!check.matches || !user) throw new AppError('unauthenticated', messages.badCredentials);
  const actor: Actor = { userId: user.id, name: user.username, role: user.role, departmentId: user.departmentId, ip };
  await transaction(ctx, async (t) => {
    const changed = check.initial && check.newHash !== null;
    await user.update(
      {
        lastLoginAt: ctx.now(),
        ...(check.newHash ? { passwordHash: check.newHash } : {}),
        ...(changed ? { mustChangePassword: false } : {}),
      },
      { transaction: t },
    );
    await recordAudit(t, actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
    if (changed)
      await recordAudit(t, actor, { action: 'auth.password-changed', entityType: 'user', entityId: user.id });
  });
  return { user, newPasswordIgnored: first !== null && !check.initial };
}

export type PasswordChange = NewPassword & { current: string };

/** Sets a new password and ends the account's other sessions (keepSessionId is the one that changed it). */
export async function changePassword(
  ctx: ServiceContext,
  actor: Actor,
  change: PasswordChange,
  keepSessionId: string,
): Promise<void> {
  const user = await User.findByPk(actor.userId!);
  if (!user) throw new AppError('unauthenticated', '请重新登录');
  if (!(await checkPassword(user, change.current, null, false)).matches) throw invalid(messages.currentWrong);
  const problems = passwordProblems(user, change, await initialPasswordOf(user));
  if (problems.length) throw invalid(problems[0], problems);
  const passwordHash = await hashPassword(change.next);
  await transaction(ctx, async (t) => {
    await user.update({ passwordHash, mustChangePassword: false }, { transaction: t });
    await endSessionsOf(user.id, t, keepSessionId);
    await recordAudit(t, actor, { action: 'auth.password-changed', entityType: 'user', entityId: user.id });
  });
}
