// A small, honest ZIP writer for fixtures: real local headers, central directory and end record,
// real CRC-32 and sizes, real deflate. It writes exactly what it is told, including hostile things
// (lying sizes, symlinks, encryption, duplicate or unsafe names), so tests exercise the reader
// against bytes that real tools could produce. No ZIP64: callers stay under 4 GiB and 65,535 entries.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';

export type ZipEntryInput = {
  /** A string is encoded per `nameEncoding`; a Buffer is written byte for byte. */
  name: string | Buffer;
  /** Omitted for directories. For symlinks: the link target. */
  data?: Buffer;
  /** Name should end with '/'; a string name without one gets it appended. */
  directory?: boolean;
  /** Default 'deflate' for files, 'store' for directories and symlinks. */
  method?: 'store' | 'deflate';
  /**
   * How a string name is written; default 'utf8-flag'. 'gbk' = iconv-lite GBK bytes without bit 11
   * (what Windows writes). For a Buffer name, bit 11 is set only if 'utf8-flag' is given explicitly.
   */
  nameEncoding?: 'utf8-flag' | 'utf8-noflag' | 'gbk' | 'cp437-ascii';
  /** Adds the Info-ZIP Unicode Path extra field (0x7075) to the local and central headers. */
  unicodePathExtra?: string;
  /** Unix symlink: version made by Unix, external attributes 0o120777 << 16. */
  symlink?: boolean;
  /** Sets bit 0 and encrypts for real with traditional PKWARE encryption (password FIXTURE_PASSWORD). */
  encrypted?: boolean;
  /** Lie about the uncompressed size in both headers (zip-bomb fixtures). */
  declaredUncompressedSize?: number;
};

/** Encrypted entries can be opened with this password (`unzip -t -P skillcert x.zip`). */
export const FIXTURE_PASSWORD = 'skillcert';

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const END_SIGNATURE = 0x06054b50;
const FLAG_ENCRYPTED = 1 << 0;
const FLAG_UTF8 = 1 << 11;
const UNICODE_PATH_FIELD = 0x7075;
const HOST_DOS = 0;
const HOST_UNIX = 3;
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;
// A fixed timestamp (2024-09-01 08:00:00) keeps zipBuffer() deterministic.
const DOS_TIME = 8 << 11;
const DOS_DATE = ((2024 - 1980) << 9) | (9 << 5) | 1;
// MS-DOS attribute bits, as Windows writes them.
const DOS_DIRECTORY = 0x10;
const DOS_ARCHIVE = 0x20;

type Encoded = { local: Buffer; payload: Buffer; central: (offset: number) => Buffer };

function nameBytes(entry: ZipEntryInput): { raw: Buffer; utf8Flag: boolean } {
  if (Buffer.isBuffer(entry.name)) return { raw: entry.name, utf8Flag: entry.nameEncoding === 'utf8-flag' };
  const name = entry.directory && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
  switch (entry.nameEncoding ?? 'utf8-flag') {
    case 'utf8-flag':
      return { raw: Buffer.from(name, 'utf8'), utf8Flag: true };
    case 'utf8-noflag':
      return { raw: Buffer.from(name, 'utf8'), utf8Flag: false };
    case 'gbk':
      return { raw: iconv.encode(name, 'gbk'), utf8Flag: false };
    case 'cp437-ascii':
      // Anything beyond ASCII would need a real CP437 table; fixtures that want odd bytes pass a Buffer.
      if (!/^[\x20-\x7e]*$/.test(name)) throw new Error(`cp437-ascii name must be printable ASCII: ${name}`);
      return { raw: Buffer.from(name, 'latin1'), utf8Flag: false };
  }
}

/** Info-ZIP Unicode Path: version 1, CRC-32 of the header name it stands for, then UTF-8. */
function unicodePathField(raw: Buffer, unicodeName: string): Buffer {
  const utf8 = Buffer.from(unicodeName, 'utf8');
  const field = Buffer.alloc(4 + 5 + utf8.length);
  field.writeUInt16LE(UNICODE_PATH_FIELD, 0);
  field.writeUInt16LE(5 + utf8.length, 2);
  field.writeUInt8(1, 4);
  field.writeUInt32LE(crc32(raw), 5);
  utf8.copy(field, 9);
  return field;
}

// Traditional PKWARE encryption (APPNOTE 6.1). Real, so `unzip -P` can open what we write; it also
// means a reader cannot tell these apart from what WinRAR or 7-Zip make with ZipCrypto.
function crc32Byte(crc: number, byte: number): number {
  return (crc32(Buffer.of(byte), (crc ^ MAX_U32) >>> 0) ^ MAX_U32) >>> 0;
}

function zipCrypto(password: string, header: Buffer, payload: Buffer): Buffer {
  let k0 = 0x12345678;
  let k1 = 0x23456789;
  let k2 = 0x34567890;
  const update = (byte: number) => {
    k0 = crc32Byte(k0, byte);
    k1 = (Math.imul((k1 + (k0 & 0xff)) >>> 0, 134775813) + 1) >>> 0;
    k2 = crc32Byte(k2, k1 >>> 24);
  };
  for (const byte of Buffer.from(password, 'latin1')) update(byte);
  const plain = Buffer.concat([header, payload]);
  const out = Buffer.alloc(plain.length);
  for (let i = 0; i < plain.length; i++) {
    const t = (k2 | 2) & 0xffff;
    out[i] = plain[i] ^ ((Math.imul(t, t ^ 1) >>> 8) & 0xff);
    update(plain[i]);
  }
  return out;
}

/** 12-byte encryption header: 11 deterministic "random" bytes, then the CRC's high byte (the password check). */
function encryptionHeader(raw: Buffer, crc: number): Buffer {
  const header = createHash('sha256').update(raw).digest().subarray(0, 12);
  header[11] = crc >>> 24;
  return header;
}

function check(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new Error(`${what} ${value} does not fit a non-ZIP64 archive`);
}

function encodeEntry(entry: ZipEntryInput): Encoded {
  const isDirectory = entry.directory === true;
  const data = isDirectory ? Buffer.alloc(0) : (entry.data ?? Buffer.alloc(0));
  const method = entry.method ?? (isDirectory || entry.symlink ? 'store' : 'deflate');
  const { raw, utf8Flag } = nameBytes(entry);
  const extra = entry.unicodePathExtra === undefined ? Buffer.alloc(0) : unicodePathField(raw, entry.unicodePathExtra);
  const crc = crc32(data);
  let payload = method === 'deflate' ? deflateRawSync(data) : data;
  if (entry.encrypted) payload = zipCrypto(FIXTURE_PASSWORD, encryptionHeader(raw, crc), payload);
  const flags = (entry.encrypted ? FLAG_ENCRYPTED : 0) | (utf8Flag ? FLAG_UTF8 : 0);
  const methodCode = method === 'deflate' ? 8 : 0;
  const versionNeeded = method === 'deflate' || isDirectory || entry.encrypted ? 20 : 10;
  const uncompressed = entry.declaredUncompressedSize ?? data.length;
  check(raw.length, MAX_U16, 'name length');
  check(extra.length, MAX_U16, 'extra field length');
  check(payload.length, MAX_U32 - 1, 'compressed size');
  check(uncompressed, MAX_U32 - 1, 'uncompressed size');

  const local = Buffer.alloc(30);
  local.writeUInt32LE(LOCAL_SIGNATURE, 0);
  local.writeUInt16LE(versionNeeded, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(methodCode, 8);
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(payload.length, 18);
  local.writeUInt32LE(uncompressed, 22);
  local.writeUInt16LE(raw.length, 26);
  local.writeUInt16LE(extra.length, 28);

  const versionMadeBy = entry.symlink ? (HOST_UNIX << 8) | 30 : (HOST_DOS << 8) | 20;
  // 0o120777 << 16 overflows a signed 32-bit shift, hence the multiplication.
  const externalAttributes = entry.symlink ? 0o120777 * 0x10000 : isDirectory ? DOS_DIRECTORY : DOS_ARCHIVE;
  const central = (offset: number) => {
    check(offset, MAX_U32 - 1, 'local header offset');
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    header.writeUInt16LE(versionMadeBy, 4);
    local.copy(header, 6, 4, 30); // version needed … extra length are the same fields in the same order
    header.writeUInt16LE(0, 32); // comment length
    header.writeUInt16LE(0, 34); // disk number
    header.writeUInt16LE(0, 36); // internal attributes
    header.writeUInt32LE(externalAttributes, 38);
    header.writeUInt32LE(offset, 42);
    return Buffer.concat([header, raw, extra]);
  };
  return { local: Buffer.concat([local, raw, extra]), payload, central };
}

function endRecord(count: number, centralSize: number, centralOffset: number): Buffer {
  check(count, MAX_U16 - 1, 'entry count');
  check(centralSize, MAX_U32 - 1, 'central directory size');
  check(centralOffset, MAX_U32 - 1, 'central directory offset');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_SIGNATURE, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);
  return end;
}

/** The whole archive in memory; fine for small fixtures. */
export function zipBuffer(entries: ZipEntryInput[]): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const encoded = encodeEntry(entry);
    centrals.push(encoded.central(offset));
    parts.push(encoded.local, encoded.payload);
    offset += encoded.local.length + encoded.payload.length;
  }
  const centralSize = centrals.reduce((sum, c) => sum + c.length, 0);
  return Buffer.concat([...parts, ...centrals, endRecord(centrals.length, centralSize, offset)]);
}

/**
 * Streams the archive to `file`: each entry is written as it comes and only the central-directory
 * records stay in memory, so a generator can feed hundreds of megabytes without holding them.
 */
export async function writeZip(
  file: string,
  entries: Iterable<ZipEntryInput> | AsyncIterable<ZipEntryInput>,
): Promise<void> {
  const handle = await fs.promises.open(file, 'w');
  try {
    const centrals: Buffer[] = [];
    let offset = 0;
    for await (const entry of entries) {
      const encoded = encodeEntry(entry);
      centrals.push(encoded.central(offset));
      await handle.writev([encoded.local, encoded.payload]);
      offset += encoded.local.length + encoded.payload.length;
    }
    const central = Buffer.concat(centrals);
    await handle.writev([central, endRecord(centrals.length, central.length, offset)]);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(file, { force: true });
    throw error;
  }
}

/**
 * Adds a directory entry before the first entry inside each folder that has none, the way Windows
 * and Info-ZIP list folders. Use it on the combined list when joining several candidates' entries.
 */
export function withDirectories(entries: ZipEntryInput[]): ZipEntryInput[] {
  const seen = new Set<string>();
  for (const e of entries) if (e.directory && typeof e.name === 'string') seen.add(e.name.replace(/\/?$/, '/'));
  const out: ZipEntryInput[] = [];
  for (const entry of entries) {
    if (typeof entry.name === 'string') {
      const parts = entry.name.split('/').slice(0, -1);
      for (let i = 1; i <= parts.length; i++) {
        const dir = `${parts.slice(0, i).join('/')}/`;
        if (dir === entry.name || seen.has(dir)) continue;
        seen.add(dir);
        out.push({ name: dir, directory: true, nameEncoding: entry.nameEncoding });
      }
    }
    out.push(entry);
  }
  return out;
}
