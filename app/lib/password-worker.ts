// Runs in a worker thread of the password pool (lib/passwords.ts). The synchronous scrypt keeps the
// work on this thread: the asynchronous one would queue it on libuv's four threads, which file and
// SQLite I/O share, and a burst of sign-ins would stall every download.
import { scryptSync } from 'node:crypto';

export type DeriveTask = { password: string; salt: Uint8Array; log2N: number; r: number; p: number; keyLength: number };

export default function derive(task: DeriveTask): Uint8Array {
  const N = 2 ** task.log2N;
  return scryptSync(task.password.normalize('NFC'), task.salt, task.keyLength, { N, r: task.r, p: task.p, maxmem: 256 * N * task.r });
}
