// Password hashing: argon2id (OWASP's first choice) at 19 MiB, t=2, p=1 by default — as strong as
// the scrypt N=2^17 used before, for a sixth of the memory and a fiftieth of the time here (issue
// 14: a rush of 200 first sign-ins). The stored string names its scheme and parameters, so older
// scrypt hashes still verify; needsRehash tells the sign-in to replace them.
//
// Every derivation runs in a small pool of worker threads of its own (piscina), with a bounded
// queue: hashing can then never take libuv's threads from file and database I/O, and a flood of
// sign-ins is told to come back later (PasswordPoolBusy) instead of queueing without end.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Piscina } from 'piscina';
import type { Argon2Cost, PasswordTask } from './password-worker.js';
import { RetryTickets } from './retry-tickets.js';

export type { Argon2Cost } from './password-worker.js';
export const DEFAULT_COST: Argon2Cost = { memoryKiB: 19_456, timeCost: 2 };

export class PasswordPoolBusy extends Error {
  constructor() {
    super('password hashing queue is full');
    this.name = 'PasswordPoolBusy';
  }
}

export type PoolOptions = { threads: number; queue: number; cost?: Argon2Cost };

let pool: Piscina | null = null;
let queueLimit = 16;
let cost: Argon2Cost = DEFAULT_COST;
let derivations = 0;
let threads = 1;
let averageMs = 20; // a derivation's recent duration, for telling a refused sign-in when to come back
const tickets = new RetryTickets();

function newPool(options: PoolOptions): Piscina {
  return new Piscina({
    filename: new URL('./password-worker.js', import.meta.url).href,
    minThreads: 0,
    maxThreads: options.threads,
    maxQueue: options.queue,
    idleTimeout: 60_000,
    // Not niced: by default the pool has one thread fewer than the machine has cores, so it cannot
    // take the request thread's core; niced (10, until issue 14) it lost to every other process on
    // the machine — the database, a backup — and the sign-ins of a rush waited seconds for it.
    niceIncrement: 0,
  });
}

/** Sizes the pool and sets the cost of new hashes (from config, at app start); running tasks finish on the old pool. */
export function configurePasswordPool(options: PoolOptions): void {
  const old = pool;
  queueLimit = options.queue;
  cost = options.cost ?? DEFAULT_COST;
  threads = options.threads;
  pool = newPool(options);
  void old?.close();
}

export async function closePasswordPool(): Promise<void> {
  const old = pool;
  pool = null;
  await old?.close();
}

/** Whether a new derivation would be refused now: lets the web edge answer before doing any work. */
export function passwordPoolFull(): boolean {
  return pool !== null && pool.queueSize >= queueLimit; // a waiting task means every thread is busy
}

/** When a refused sign-in should come back, in whole seconds (a ticket: see retry-tickets.ts). */
export function retryAfterSeconds(): number {
  const perSignIn = averageMs / threads;
  return tickets.next(queueLimit * perSignIn, perSignIn);
}

/** How many derivations have run in this process: lets tests see that every sign-in costs the same. */
export function passwordDerivations(): number {
  return derivations;
}

async function run<T>(task: PasswordTask): Promise<T> {
  pool ??= newPool({ threads: 1, queue: queueLimit });
  let result: { value: T; ms: number };
  try {
    result = await pool.run(task);
  } catch (error) {
    if ((error as Error)?.message === 'Task queue is at limit') throw new PasswordPoolBusy();
    throw error;
  }
  derivations += 1;
  averageMs = 0.8 * averageMs + 0.2 * result.ms;
  return result.value;
}

export async function hashPassword(password: string): Promise<string> {
  return run<string>({ kind: 'argon2-hash', password, cost });
}

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, log2N, r, p, salt, hash] = stored.split('$');
  if (!hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await run<Uint8Array>({
    kind: 'scrypt',
    password,
    salt: Buffer.from(salt, 'base64'),
    log2N: Number(log2N),
    r: Number(r),
    p: Number(p),
    keyLength: expected.length,
  });
  const actual = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2id$')) return run<boolean>({ kind: 'argon2-verify', password, stored });
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  return false;
}

/** Whether a stored hash is of an older scheme or cost: replaced at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(`$argon2id$v=19$m=${cost.memoryKiB},t=${cost.timeCost},p=1$`);
}

/**
 * A stored-hash look-alike that no password matches, at the given cost: verified when there is no
 * hash to check (an unknown user, an account still on its initial password), so that every
 * sign-in costs one derivation whatever the account's state.
 */
export function decoyHash(at: Argon2Cost = cost): string {
  const b64 = (n: number) => randomBytes(n).toString('base64').replace(/=+$/, '');
  return `$argon2id$v=19$m=${at.memoryKiB},t=${at.timeCost},p=1$${b64(16)}$${b64(32)}`;
}

/** A one-time password a person can read out and type: no 0/O or 1/l/I. */
export function generatePassword(length = 12): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
