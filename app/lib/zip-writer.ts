// Writing ZIPs for other people's machines: store mode only (JPG and PDF do not compress; the
// province gets the exact bytes), streamed into any Writable with backpressure, names with the
// UTF-8 flag (bit 11) or, for the "GBK 兼容" option, GBK bytes without the flag, which is what old
// Windows Explorer and WinRAR in ANSI mode read on Chinese Windows.
//
// Why not archiver (the first choice; ARCHITECTURE.md § Our own ZIP writer): measured on the 5,000-candidate bundle (bench:outputs),
// archiver 8 peaked at 290–840 MB — it fires 'entry' before its stream chain has moved the bytes,
// and writes its central directory as ~200,000 tiny buffers at once — computed CRC-32 in pure JS
// (0.86 s of CPU), and cannot write GBK names without patching its header writers. Each entry
// here is one header Buffer plus the file's own Buffer, CRC-32 is zlib's native one, and the
// format is APPNOTE 6.3.x §4.3–4.4 with ZIP64 (§4.3.14, §4.5.3) once offsets or the entry count
// outgrow the classic fields. The tests read every bundle with unzip, 7-Zip and Python.
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import { formatShanghai } from '../domain/time.js';

export type NameEncoding = 'utf8' | 'gbk';

const UTF8_FLAG = 0x0800;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;
const VERSION_STORE = 20; // 2.0: what a stored file needs
const VERSION_ZIP64 = 45; // 4.5
// Made by Unix, like Info-ZIP's zip, with mode rw-r--r--: with an MS-DOS host, Info-ZIP's unzip
// converts ZIP64 entries' local names from the OEM code page and then reports them as mismatching.
const MADE_BY_UNIX = 3 << 8;
const FILE_MODE = (0o100644 << 16) >>> 0;

/** True when a name survives the trip to GBK and back (every name the GBK bundle uses must). */
export function encodableInGbk(name: string): boolean {
  return iconv.decode(iconv.encode(name, 'gbk'), 'gbk') === name;
}

/** MS-DOS date and time fields (2-second resolution), in the Shanghai wall time people expect. */
function dosDateTime(at: Date): { date: number; time: number } {
  const [y, mo, d, h, mi] = formatShanghai(at).split(/[- :]/).map(Number);
  return {
    date: ((y - 1980) << 9) | (mo << 5) | d,
    time: (h << 11) | (mi << 5) | Math.floor(((at.getTime() / 1000) % 60) / 2),
  };
}

type Written = { name: Buffer; flags: number; crc: number; size: number; offset: number };

export class ZipWriter {
  private readonly entries: Written[] = [];
  private readonly stamp = dosDateTime(new Date());
  private offset = 0;
  private failure: Error | null = null;

  constructor(
    private readonly output: Writable,
    private readonly encoding: NameEncoding,
    private readonly forceZip64 = false,
  ) {
    output.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Appends one stored file; resolves when the output can take more (backpressure). */
  async add(name: string, data: Buffer): Promise<void> {
    const encoded = this.encodeName(name);
    const entry: Written = { ...encoded, crc: crc32(data) >>> 0, size: data.length, offset: this.offset };
    if (data.length >= MAX_32) throw new RangeError(`${name}: a single file over 4 GiB is not supported`);
    this.entries.push(entry);
    await this.write(this.localHeader(entry));
    await this.write(data);
  }

  /** Writes the central directory and ends the output; resolves with the archive's size once it is all out. */
  async finish(): Promise<number> {
    const start = this.offset;
    for (let i = 0; i < this.entries.length; i += 1000) {
      await this.write(Buffer.concat(this.entries.slice(i, i + 1000).map((e) => this.centralHeader(e))));
    }
    const size = this.offset - start;
    const zip64 = this.forceZip64 || this.entries.length >= MAX_16 || start >= MAX_32 || size >= MAX_32;
    if (zip64) await this.write(this.zip64End(start, size));
    await this.write(this.end(start, size, zip64));
    this.output.end();
    await finished(this.output); // for a file: until it is closed, so a rename sees every byte
    return this.offset;
  }

  abort(): void {
    this.output.destroy();
  }

  private encodeName(name: string): { name: Buffer; flags: number } {
    if (this.encoding === 'gbk') return { name: iconv.encode(name, 'gbk'), flags: 0 };
    const bytes = Buffer.from(name, 'utf8');
    return { name: bytes, flags: bytes.length === name.length ? 0 : UTF8_FLAG };
  }

  private async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.offset += chunk.length;
    if (!this.output.write(chunk)) await this.drained();
  }

  private drained(): Promise<void> {
    const output = this.output;
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        output.off('drain', onDrain).off('error', settle).off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(this.failure ?? new Error('output closed before the ZIP was complete'));
      output.on('drain', onDrain).on('error', settle).on('close', onClose);
    });
  }

  private localHeader(e: Written): Buffer {
    const b = Buffer.alloc(30 + e.name.length);
    b.writeUInt32LE(0x04034b50, 0);
    b.writeUInt16LE(VERSION_STORE, 4);
    b.writeUInt16LE(e.flags, 6);
    b.writeUInt16LE(0, 8); // method: stored
    b.writeUInt16LE(this.stamp.time, 10);
    b.writeUInt16LE(this.stamp.date, 12);
    b.writeUInt32LE(e.crc, 14);
    b.writeUInt32LE(e.size, 18);
    b.writeUInt32LE(e.size, 22);
    b.writeUInt16LE(e.name.length, 26);
    b.writeUInt16LE(0, 28);
    e.name.copy(b, 30);
    return b;
  }

  private centralHeader(e: Written): Buffer {
    const far = this.forceZip64 || e.offset >= MAX_32;
    const extra = far ? 12 : 0; // ZIP64 extended information: only the local header offset
    const b = Buffer.alloc(46 + e.name.length + extra);
    b.writeUInt32LE(0x02014b50, 0);
    b.writeUInt16LE(MADE_BY_UNIX | (far ? VERSION_ZIP64 : VERSION_STORE), 4);
    b.writeUInt16LE(far ? VERSION_ZIP64 : VERSION_STORE, 6);
    b.writeUInt16LE(e.flags, 8);
    b.writeUInt16LE(0, 10);
    b.writeUInt16LE(this.stamp.time, 12);
    b.writeUInt16LE(this.stamp.date, 14);
    b.writeUInt32LE(e.crc, 16);
    b.writeUInt32LE(e.size, 20);
    b.writeUInt32LE(e.size, 24);
    b.writeUInt16LE(e.name.length, 28);
    b.writeUInt16LE(extra, 30);
    // comment length, disk number and internal attributes stay 0
    b.writeUInt32LE(FILE_MODE, 38);
    b.writeUInt32LE(far ? MAX_32 : e.offset, 42);
    e.name.copy(b, 46);
    if (far) {
      const at = 46 + e.name.length;
      b.writeUInt16LE(0x0001, at);
      b.writeUInt16LE(8, at + 2);
      b.writeBigUInt64LE(BigInt(e.offset), at + 4);
    }
    return b;
  }

  private zip64End(cdStart: number, cdSize: number): Buffer {
    const b = Buffer.alloc(56 + 20);
    b.writeUInt32LE(0x06064b50, 0);
    b.writeBigUInt64LE(44n, 4); // size of the rest of this record
    b.writeUInt16LE(VERSION_ZIP64, 12);
    b.writeUInt16LE(VERSION_ZIP64, 14);
    // this disk and the central directory's disk stay 0
    b.writeBigUInt64LE(BigInt(this.entries.length), 24);
    b.writeBigUInt64LE(BigInt(this.entries.length), 32);
    b.writeBigUInt64LE(BigInt(cdSize), 40);
    b.writeBigUInt64LE(BigInt(cdStart), 48);
    // the locator
    b.writeUInt32LE(0x07064b50, 56);
    b.writeBigUInt64LE(BigInt(cdStart + cdSize), 64); // where the ZIP64 end record starts
    b.writeUInt32LE(1, 72); // total number of disks
    return b;
  }

  private end(cdStart: number, cdSize: number, zip64: boolean): Buffer {
    const b = Buffer.alloc(22);
    const count = zip64 ? MAX_16 : this.entries.length;
    b.writeUInt32LE(0x06054b50, 0);
    b.writeUInt16LE(count, 8);
    b.writeUInt16LE(count, 10);
    b.writeUInt32LE(zip64 ? MAX_32 : cdSize, 12);
    b.writeUInt32LE(zip64 ? MAX_32 : cdStart, 16);
    return b;
  }
}
