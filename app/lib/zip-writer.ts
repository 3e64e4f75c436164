// Writing ZIPs for other people's machines with archiver, in store mode (JPG and PDF do not
// compress; storing is fast and the province gets the exact bytes). Files are appended as Buffers
// one at a time, the next only after archiver has taken the previous one ('entry'), so memory
// holds one file however big the bundle; piping gives backpressure from a slow download.
//
// Names: archiver writes UTF-8 names with the UTF-8 flag (bit 11), which 7-Zip, Info-ZIP, Python
// and Windows 10+ read. Old Windows (Explorer before Windows 10 1903, WinRAR set to ANSI) ignore
// the flag and read names as the ANSI code page, GBK on Chinese Windows; the 'gbk' option writes
// GBK bytes without the flag for them. archiver cannot do that by itself: it sets the flag for any
// non-ASCII name and encodes with Buffer.from(name). So, for that option only, the zip-stream
// engine's two header writers are wrapped to swap in GBK bytes and clear the flag just before the
// name is written (compress-commons 7 writes `ae.getName()` as given when the flag is off).
// test/integration/bundle.test.ts reads both variants with unzip, 7-Zip and Python.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ZipArchive } from 'archiver';
import iconv from 'iconv-lite';

export type NameEncoding = 'utf8' | 'gbk';

type Entry = { name: string | Buffer; _gbk?: boolean; getGeneralPurposeBit(): { useUTF8ForNames(on: boolean): void } };
type HeaderWriter = (entry: Entry) => void;
type Engine = Record<'_writeLocalFileHeader' | '_writeCentralFileHeader', HeaderWriter>;

/** True when a name survives the trip to GBK and back (every name the bundle uses must). */
export function encodableInGbk(name: string): boolean {
  return iconv.decode(iconv.encode(name, 'gbk'), 'gbk') === name;
}

function writeGbkNames(archive: ZipArchive) {
  const engine = (archive as unknown as { _module: { engine: Engine } })._module.engine;
  for (const method of ['_writeLocalFileHeader', '_writeCentralFileHeader'] as const) {
    const original = engine[method].bind(engine);
    engine[method] = (entry) => {
      if (!entry._gbk) {
        entry.name = iconv.encode(entry.name as string, 'gbk');
        entry.getGeneralPurposeBit().useUTF8ForNames(false);
        entry._gbk = true;
      }
      original(entry);
    };
  }
}

export class ZipWriter {
  private readonly archive = new ZipArchive({ store: true });
  private readonly failed: Promise<never>;
  private readonly date = new Date();

  constructor(output: Writable, encoding: NameEncoding) {
    if (encoding === 'gbk') writeGbkNames(this.archive);
    this.failed = new Promise<never>((_, reject) => {
      this.archive.on('error', reject);
      this.archive.on('warning', reject);
      output.on('error', reject);
    });
    this.failed.catch(() => undefined); // observed by add()/finish(); never an unhandled rejection
    this.archive.pipe(output);
  }

  /** Appends one file and resolves once archiver has written it into the stream. */
  async add(name: string, data: Buffer): Promise<void> {
    const written = once(this.archive, 'entry');
    this.archive.append(data, { name, date: this.date });
    await Promise.race([written, this.failed]);
  }

  /** Writes the central directory; resolves when the output has everything. */
  async finish(output: Writable): Promise<number> {
    const closed = once(output, 'close').catch(() => undefined);
    const finished = once(output, 'finish');
    await Promise.race([this.archive.finalize(), this.failed]);
    await Promise.race([finished, this.failed]);
    await closed;
    return this.archive.pointer();
  }

  abort(): void {
    this.archive.destroy();
  }
}
