// Runs in a worker thread of the password pool (lib/passwords.ts). Only synchronous derivations:
// the asynchronous ones (node:crypto's scrypt, @node-rs/argon2's hash) queue their work on libuv's
// four threads, which file and SQLite I/O share, and a burst of sign-ins would stall every download.
import { scryptSync } from 'node:crypto';
import { hashSync, verifySync } from '@node-rs/argon2';

const ARGON2ID = 2; // @node-rs/argon2's Algorithm.Argon2id (a const enum, not importable as a value)

export type Argon2Cost = { memoryKiB: number; timeCost: number };

export type PasswordTask =
  | { kind: 'argon2-hash'; password: string; cost: Argon2Cost }
  | { kind: 'argon2-verify'; password: string; stored: string }
  | { kind: 'scrypt'; password: string; salt: Uint8Array; log2N: number; r: number; p: number; keyLength: number };

function scrypt(task: Extract<PasswordTask, { kind: 'scrypt' }>): Uint8Array {
  const N = 2 ** task.log2N;
  return scryptSync(task.password, task.salt, task.keyLength, { N, r: task.r, p: task.p, maxmem: 256 * N * task.r });
}

function derive(task: PasswordTask): string | boolean | Uint8Array {
  // The same password typed on a phone and on a PC can differ in Unicode form (e.g. full-width digits stay, but composed accents don't).
  const password = task.password.normalize('NFC');
  switch (task.kind) {
    case 'argon2-hash':
      return hashSync(password, {
        algorithm: ARGON2ID,
        memoryCost: task.cost.memoryKiB,
        timeCost: task.cost.timeCost,
        parallelism: 1,
      });
    case 'argon2-verify':
      return verifySync(task.stored, password);
    case 'scrypt':
      return scrypt({ ...task, password });
  }
}

/** The answer and how long the derivation itself took (not the wait for this thread). */
export default function run(task: PasswordTask): { value: string | boolean | Uint8Array; ms: number } {
  const started = performance.now();
  const value = derive(task);
  return { value, ms: performance.now() - started };
}
