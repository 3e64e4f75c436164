// Password hashing with scrypt (memory-hard; no native build). The stored string carries its own
// parameters, so raising the cost later still verifies older hashes.
//
// Every derivation runs in a small pool of worker threads of its own (piscina), with a bounded
// queue: hashing can then never take libuv's threads from file and database I/O, and a flood of
// sign-ins is told to come back later (PasswordPoolBusy) instead of queueing without end.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Piscina } from 'piscina';
import type { DeriveTask } from './password-worker.js';

const KEY_LENGTH = 32;
const R = 8;
const P = 1;

export class PasswordPoolBusy extends Error {
  constructor() {
    super('password hashing queue is full');
    this.name = 'PasswordPoolBusy';
  }
}

export type PoolOptions = { threads: number; queue: number };

let pool: Piscina | null = null;
let queueLimit = 16;
let derivations = 0;

function newPool(options: PoolOptions): Piscina {
  return new Piscina({
    filename: new URL('./password-worker.js', import.meta.url).href,
    minThreads: 0,
    maxThreads: options.threads,
    maxQueue: options.queue,
    idleTimeout: 60_000,
    // Below the request thread in the scheduler's eyes: when hashing and pages compete for the
    // CPU, the pages and downloads win and the sign-ins wait a little longer.
    niceIncrement: 10,
  });
}

/** Sizes the pool (from config, at app start); tasks already running finish on the old one. */
export function configurePasswordPool(options: PoolOptions): void {
  const old = pool;
  queueLimit = options.queue;
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

/** How many derivations have run in this process: lets tests see that every sign-in costs the same. */
export function passwordDerivations(): number {
  return derivations;
}

async function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  pool ??= newPool({ threads: 1, queue: queueLimit });
  const task: DeriveTask = { password, salt, log2N, r, p, keyLength: KEY_LENGTH };
  let key: Uint8Array;
  try {
    key = await pool.run(task);
  } catch (error) {
    if ((error as Error)?.message === 'Task queue is at limit') throw new PasswordPoolBusy();
    throw error;
  }
  derivations += 1;
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}

export async function hashPassword(password: string, log2N: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, log2N, R, P);
  return ['scrypt', log2N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(log2N), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A stored-hash look-alike that no password matches, at the given cost: verified when there is no
 * hash to check (an unknown user, an account still on its initial password), so that every
 * sign-in costs one derivation whatever the account's state.
 */
export function decoyHash(log2N: number): string {
  return ['scrypt', log2N, R, P, randomBytes(16).toString('base64'), randomBytes(KEY_LENGTH).toString('base64')].join('$');
}

/** A one-time password a person can read out and type: no 0/O or 1/l/I. */
export function generatePassword(length = 12): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
