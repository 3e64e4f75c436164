// Files under the storage root, written to a temp name and renamed so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export class Storage {
  constructor(readonly root: string) {}

  /** Resolves a storage-relative path, refusing anything that would leave the root. */
  resolve(relative: string): string {
    const full = path.resolve(this.root, relative);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) throw new Error(`path escapes storage root: ${relative}`);
    return full;
  }

  async write(relative: string, data: Buffer): Promise<string> {
    const target = this.resolve(relative);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(temp, data);
    await fs.rename(temp, target);
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
}
