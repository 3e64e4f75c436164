// Accounts the office creates: the first admin, further office staff, department teachers.
// Each gets a one-time password shown once; the holder must change it at first sign-in.
import { compareChinese } from '../../domain/chinese-order.js';
import { parseEmail } from '../../domain/email.js';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { normalizeUsername } from '../../domain/usernames.js';
import { generatePassword, hashPassword } from '../../lib/passwords.js';
import { Department, User } from '../../models/index.js';
import type { Role } from '../../models/user.js';
import { recordAudit } from '../audit.js';
import { systemActor, transaction, type Actor, type ServiceContext } from '../context.js';
import { endSessionsOf } from './sessions.js';

export const messages = {
  username: '用户名应为 3–40 位字母、数字、点、下划线或连字符',
  displayName: '姓名不能为空，且不超过 40 个字',
  usernameTaken: (u: string) => `用户名 ${u} 已被使用，请换一个`,
  departmentMissing: '请选择老师所属的二级学院（须是启用中的）',
  notTeacher: '找不到这位老师',
  notYours: '只能修改自己的邮箱，或由继续教育学院修改指定老师的邮箱',
};

export type NewAccount = {
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  email?: string;
};

function accountProblems(a: NewAccount): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9._-]{3,40}$/.test(normalizeUsername(a.username))) problems.push(messages.username);
  if (!a.displayName.trim() || a.displayName.length > 40) problems.push(messages.displayName);
  const email = parseEmail(a.email ?? '');
  if (!email.ok) problems.push(email.message);
  return problems;
}

/** Creates the account and returns its one-time password (never stored in clear, never logged). */
export async function createAccount(
  ctx: ServiceContext,
  actor: Actor,
  account: NewAccount,
): Promise<{ user: User; password: string }> {
  const problems = accountProblems(account);
  if (problems.length) throw invalid(problems[0], problems);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const user = await transaction(ctx, async (t) => {
    if (account.role === 'teacher') {
      const department = await Department.findByPk(account.departmentId ?? -1, { transaction: t });
      if (!department || !department.active) throw invalid(messages.departmentMissing);
    }
    if (await User.findByUsername(account.username, t)) {
      throw conflict(messages.usernameTaken(account.username));
    }
    const created = await User.create(
      {
        ...account,
        displayName: account.displayName.trim(),
        email: (parseEmail(account.email ?? '') as { email: string | null }).email,
        passwordHash,
        mustChangePassword: true,
      },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action: 'account.created',
      entityType: 'user',
      entityId: created.id,
      departmentId: account.departmentId,
      after: { username: created.username, displayName: account.displayName, role: account.role },
    });
    return created;
  });
  return { user, password };
}

export async function resetPassword(ctx: ServiceContext, actor: Actor, userId: number): Promise<string> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await transaction(ctx, async (t) => {
    const user = await User.findByPk(userId, { transaction: t });
    if (!user || user.role === 'student') throw notFound(messages.notTeacher);
    await user.update({ passwordHash, mustChangePassword: true }, { transaction: t });
    await endSessionsOf(user.id, t);
    await recordAudit(t, actor, {
      action: 'account.password-reset',
      entityType: 'user',
      entityId: user.id,
      departmentId: user.departmentId,
    });
  });
  return password;
}

export async function setAccountActive(
  ctx: ServiceContext,
  actor: Actor,
  userId: number,
  active: boolean,
): Promise<void> {
  await transaction(ctx, async (t) => {
    const user = await User.findByPk(userId, { transaction: t });
    if (!user || user.role !== 'teacher') throw notFound(messages.notTeacher);
    await user.update({ active }, { transaction: t });
    await recordAudit(t, actor, {
      action: active ? 'account.enabled' : 'account.disabled',
      entityType: 'user',
      entityId: user.id,
      departmentId: user.departmentId,
    });
  });
}

/** The address a staff member's notifications go to, '' when none is set. */
export async function accountEmail(userId: number): Promise<string> {
  const user = await User.findByPk(userId, { attributes: ['email'] });
  return user?.email ?? '';
}

/** Where a staff member's notifications go: their own, or a teacher's set by the office. */
export async function setAccountEmail(
  ctx: ServiceContext,
  actor: Actor,
  userId: number,
  text: string,
): Promise<string | null> {
  const parsed = parseEmail(text);
  if (!parsed.ok) throw invalid(parsed.message);
  return transaction(ctx, async (t) => {
    const user = await User.findByPk(userId, { transaction: t });
    if (!user || user.role === 'student') throw notFound(messages.notTeacher);
    if (user.id !== actor.userId && !(actor.role === 'office' && user.role === 'teacher'))
      throw forbidden(messages.notYours);
    const before = { email: user.email };
    await user.update({ email: parsed.email }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'account.email-changed',
      entityType: 'user',
      entityId: user.id,
      departmentId: user.departmentId,
      before,
      after: { email: parsed.email },
    });
    return parsed.email;
  });
}

export async function listTeachers() {
  const users = await User.findAll({
    where: { role: 'teacher' },
    include: [{ model: Department, as: 'department' }],
    order: [['username', 'ASC']],
  });
  const rows = users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    departmentName: (u as User & { department?: Department }).department?.name ?? '',
  }));
  // Grouped by department in pinyin order; Array.prototype.sort is stable, so usernames stay sorted within.
  return rows.sort((a, b) => compareChinese(a.departmentName, b.departmentName));
}

/** First start: when there is no office account yet, create `admin` and hand back its password once. */
export async function ensureFirstAdmin(ctx: ServiceContext): Promise<string | null> {
  const existing = await User.count({ where: { role: 'office' } });
  if (existing > 0) return null;
  try {
    const { password } = await createAccount(ctx, systemActor, {
      username: 'admin',
      displayName: '继续教育学院管理员',
      role: 'office',
      departmentId: null,
    });
    return password;
  } catch (error) {
    // Several processes starting at once against one MySQL: one of them creates admin, the rest stand back.
    if (await User.findByUsername('admin')) return null;
    throw error;
  }
}
