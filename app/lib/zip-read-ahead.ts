// What yauzl reads the archive through. It walks the central directory with two small reads per
// entry (46 bytes, then the name): through the thread pool that is 200,000 reads and ~15 s for the
// 100,000 entries the README allows. One 1 MiB window read ahead serves those from memory, and
// memory stays at one window however long the names are.
import fs from 'node:fs';
import yauzl from 'yauzl';

const WINDOW = 1024 * 1024;

export class ReadAheadReader extends yauzl.RandomAccessReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  /** Reads `fd`, which its owner closes (closing the ZipFile leaves it open). */
  constructor(private readonly fd: number) {
    super();
  }

  override _readStreamForRange(start: number, end: number) {
    return fs.createReadStream('', { fd: this.fd, start, end: end - 1, autoClose: false });
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    const from = position - this.windowStart;
    if (from >= 0 && from + length <= this.window.length) {
      this.window.copy(buffer, offset, from, from + length);
      process.nextTick(callback, null, length); // never synchronously: yauzl would recurse once per entry
      return;
    }
    if (length > WINDOW) {
      fs.read(this.fd, buffer, offset, length, position, (err, bytesRead) => callback(err, bytesRead));
      return;
    }
    const window = Buffer.allocUnsafe(WINDOW);
    fs.read(this.fd, window, 0, WINDOW, position, (err, bytesRead) => {
      if (err) return callback(err);
      this.window = window.subarray(0, bytesRead);
      this.windowStart = position;
      const n = Math.min(length, bytesRead);
      this.window.copy(buffer, offset, 0, n);
      callback(null, n);
    });
  }

  override close(callback: (err: Error | null) => void): void {
    setImmediate(callback, null);
  }
}
