// Builders: each test makes its own data with random suffixes, so tests run in any order, on
// either database, and again on the same database.
import { randomInt, randomBytes } from 'node:crypto';
import request from 'supertest';
import { checkDigitOf } from '../../app/domain/id-number.js';
import type { StudentRecord } from '../../app/domain/student-record.js';
import { Department, User, type Student } from '../../app/models/index.js';
import { hashPassword } from '../../app/lib/passwords.js';
import type { Role } from '../../app/models/user.js';
import { createAccount } from '../../app/services/accounts/accounts.js';
import { systemActor, transaction } from '../../app/services/context.js';
import { insertStudent } from '../../app/services/accounts/students.js';
import { h } from '../setup/hooks.js';

export const uid = () => randomBytes(4).toString('hex');

let serial = randomInt(100, 900);

/** A valid GB 11643 number, unique within the run (the sequence digits count up). */
export function idNumber(options: { region?: string; birth?: string; checkX?: boolean } = {}): string {
  for (;;) {
    const region = options.region ?? '430105';
    const birth =
      options.birth ??
      `${randomInt(1998, 2007)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
    serial = (serial + 1) % 1000;
    const first17 = `${region}${birth}${String(serial).padStart(3, '0')}`;
    const id = first17 + checkDigitOf(first17);
    if (options.checkX === undefined || options.checkX === id.endsWith('X')) return id;
  }
}

export function studentRecord(overrides: Partial<StudentRecord> = {}): StudentRecord {
  return {
    studentNo: `S${Date.now().toString(36).slice(-5)}${uid()}`.slice(0, 16),
    name: `学生${uid().slice(0, 4)}`,
    idNumber: idNumber(),
    className: '电子2301',
    phone: `138${String(randomInt(0, 1e8)).padStart(8, '0')}`,
    email: null,
    ...overrides,
  };
}

export async function makeDepartment(name = `测试学院${uid()}`): Promise<Department> {
  return Department.create({ name });
}

export async function makeAccount(role: Role, departmentId: number | null = null) {
  const username = `${role}.${uid()}`;
  return createAccount({ ...h().app.ctx }, systemActor, {
    username,
    displayName: `${role}${uid().slice(0, 3)}`,
    role,
    departmentId,
  });
}

export async function makeStudent(departmentId: number, overrides: Partial<StudentRecord> = {}): Promise<Student> {
  const record = studentRecord(overrides);
  return transaction(h().app.ctx, (t) => insertStudent(record, departmentId, t));
}

export type Agent = ReturnType<typeof request.agent>;

export function agent(): Agent {
  return request.agent(h().app.app);
}

/** The CSRF token a page hands to its forms. */
export async function csrfToken(a: Agent, url = '/login'): Promise<string> {
  const res = await a.get(url);
  // A token scraped from an error page would hide a broken form page.
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}, not the form page`);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text) ?? /_csrf=([0-9a-f]+)/.exec(res.text);
  if (!match) throw new Error(`no CSRF token on ${url} (status ${res.status})`);
  return decodeURIComponent(match[1]);
}

export async function signIn(username: string, password: string): Promise<Agent> {
  const a = agent();
  const token = await csrfToken(a);
  const res = await a.post('/login').type('form').send({ _csrf: token, username, password });
  if (res.status !== 303) throw new Error(`sign-in failed for ${username}: ${res.status}`);
  return a;
}

export const NEW_PASSWORD = 'Changed2024pw';

/** Signs in and gets past the forced initial-password change. */
export async function signInReady(username: string, password: string): Promise<Agent> {
  const a = await signIn(username, password);
  const token = await csrfToken(a, '/password');
  const res = await a
    .post('/password')
    .type('form')
    .send({ _csrf: token, current: password, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
  if (res.status !== 303 || res.headers.location !== '/')
    throw new Error(`password change failed: ${res.status} ${res.headers.location}`);
  return a;
}

// The agents below are signed in and past the first-sign-in password change, which has tests of its
// own (first-sign-in.test.ts, auth.test.ts): their accounts are given a known password whose hash
// is made once per process, so an agent costs one sign-in instead of three password hashes.
export const READY_PASSWORD = 'Ready2024pw';
let readyHash: Promise<string> | null = null;

async function readyAccount(userId: number): Promise<void> {
  readyHash ??= hashPassword(READY_PASSWORD);
  await User.update({ passwordHash: await readyHash, mustChangePassword: false }, { where: { id: userId } });
}

async function signedInAs(user: { id: number; username: string }): Promise<Agent> {
  await readyAccount(user.id);
  return signIn(user.username, READY_PASSWORD);
}

export async function officeAgent() {
  const { user } = await makeAccount('office');
  return { user, agent: await signedInAs(user) };
}

export async function teacherAgent(departmentId?: number) {
  const department = departmentId ? await Department.findByPk(departmentId) : await makeDepartment();
  const { user } = await makeAccount('teacher', department!.id);
  return { user, department: department!, agent: await signedInAs(user) };
}

export async function studentAgent(departmentId: number) {
  const student = await makeStudent(departmentId);
  return { student, agent: await signedInAs({ id: student.userId!, username: student.studentNo! }) };
}

/** Posts a form with the page's CSRF token. */
export async function postForm(a: Agent, pageUrl: string, url: string, fields: Record<string, string | string[]>) {
  const token = await csrfToken(a, pageUrl);
  return a
    .post(url)
    .type('form')
    .send({ _csrf: token, ...fields });
}
