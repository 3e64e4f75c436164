// Files under the storage root, written to a temp name and renamed so a reader never sees half a file.
// tmp/ holds what is in flight (multer's files, upload staging, imports waiting for their confirm);
// what a crash or an abandoned import leaves there is swept at start-up once it is a day old.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const DAY = 24 * 60 * 60 * 1000;

export class Storage {
  constructor(readonly root: string) {}

  /** Resolves a storage-relative path, refusing anything that would leave the root. */
  resolve(relative: string): string {
    const full = path.resolve(this.root, relative);
    if (full !== this.root && !full.startsWith(this.root + path.sep))
      throw new Error(`path escapes storage root: ${relative}`);
    return full;
  }

  async write(relative: string, data: Buffer): Promise<string> {
    const target = this.resolve(relative);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temp, data);
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true }); // a failed rename (the target is a folder) must not leave the bytes behind
      throw error;
    }
    return target;
  }

  /** Moves a file multer wrote (already on the same disk) into place under a new name. */
  async adopt(tempFile: string, relative: string): Promise<string> {
    const target = this.resolve(relative);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(tempFile, target);
    return target;
  }

  read(relative: string): Promise<Buffer> {
    return fs.readFile(this.resolve(relative));
  }

  async remove(relative: string): Promise<void> {
    await fs.rm(this.resolve(relative), { force: true });
  }

  tempDir(): string {
    return this.resolve('tmp');
  }

  /** Removes files and folders under tmp/ untouched for `maxAgeMs`; returns how many files went. Never leaves tmp/. */
  async sweepTemp(now = Date.now(), maxAgeMs = DAY): Promise<number> {
    return sweep(this.tempDir(), now - maxAgeMs);
  }
}

/** Removes old entries below `dir` (links themselves, never what they point to); keeps `dir`. */
async function sweep(dir: string, cutoff: number): Promise<number> {
  let removed = 0;
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    try {
      const { mtimeMs } = await fs.lstat(full); // before the sweep below changes a folder's mtime
      if (entry.isDirectory()) {
        removed += await sweep(full, cutoff);
        if (mtimeMs < cutoff) await fs.rmdir(full).catch(() => undefined); // only once empty
      } else if (mtimeMs < cutoff) {
        await fs.rm(full, { force: true });
        removed++;
      }
    } catch {
      // gone already (another process swept it): nothing to do
    }
  }
  return removed;
}
