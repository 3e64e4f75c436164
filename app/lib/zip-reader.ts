// Reads a ZIP from disk with yauzl, entry by entry, and refuses the whole archive for anything
// hostile before a single byte is kept. Pass 1 reads only the central directory (names, flags,
// links, encryption, counts). Pass 2 reads each file's compressed bytes, inflates them with a hard
// output cap (counting bytes actually inflated, not what the headers claim), checks size and
// CRC-32, and hands the data to a sink; at most a few entries are in memory at once. A file whose
// name no disk can take (domain/entry-names.ts) is never read: it comes back with its problem.
import fs, { type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { crc32, inflateRaw, type ZlibOptions } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { conflictProblem, entryNameProblem, folderConflicts, type EntryProblem } from '../domain/entry-names.js';
import { sniffKind, type FileKind } from '../domain/file-kind.js';
import { decodeEntryName, normalisePath, unsafePathReason } from './zip-names.js';
import { ReadAheadReader } from './zip-read-ahead.js';

const inflate = promisify(inflateRaw) as (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>;

export type ArchiveCode =
  | 'ARCHIVE_INVALID'
  | 'ARCHIVE_UNSAFE_PATH'
  | 'ARCHIVE_LINK'
  | 'ARCHIVE_ENCRYPTED'
  | 'ARCHIVE_TOO_MANY_ENTRIES'
  | 'ARCHIVE_TOO_LARGE';

/** A short Chinese tag for each reason an archive is refused whole (the code stays in the CLI's JSON). */
export const ARCHIVE_TAGS: Record<ArchiveCode, string> = {
  ARCHIVE_INVALID: '压缩包损坏',
  ARCHIVE_UNSAFE_PATH: '路径不安全',
  ARCHIVE_LINK: '含符号链接',
  ARCHIVE_ENCRYPTED: '已加密',
  ARCHIVE_TOO_MANY_ENTRIES: '文件过多',
  ARCHIVE_TOO_LARGE: '压缩包过大',
};

export class ArchiveRejected extends Error {
  constructor(
    readonly code: ArchiveCode,
    message: string,
    readonly path: string | null = null,
  ) {
    super(message);
  }
}

/** A file of the archive; `problem` when it was skipped unread because its name cannot be a file. */
export type ArchiveFile = { path: string; size: number; kind: FileKind; problem?: EntryProblem };
export type ZipLimits = { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number };
export const DEFAULT_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 ** 3,
};

/** Receives each file's bytes once, in archive order; may write them somewhere. */
export type Sink = (file: ArchiveFile, data: Buffer) => Promise<void>;

const MB = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
export const messages = {
  invalid: '文件不是有效的 ZIP 压缩包（可能已损坏或没有上传完整）：请重新压缩后上传',
  unsafe: (path: string, why: string) =>
    `压缩包里的“${path}”${why}，为安全起见整个压缩包不予处理：请直接压缩身份证号文件夹后重新上传`,
  link: (path: string) => `压缩包里的“${path}”是符号链接，不予处理：请放入真实的文件后重新压缩`,
  encrypted: (path: string) => `压缩包里的“${path}”设置了密码，无法检查：请不要加密，重新压缩后上传`,
  tooMany: (n: number, max: number) => `压缩包里有 ${n} 个条目，超过上限 ${max}：请按学院分开压缩`,
  entryTooLarge: (path: string, max: number) =>
    `压缩包里的“${path}”解压后超过 ${MB(max)}，不予处理：请检查是否放错了文件`,
  totalTooLarge: (max: number) => `压缩包解压后超过 ${MB(max)}，不予处理：请分成几个压缩包上传`,
  unsupported: (path: string) =>
    `压缩包里的“${path}”使用了不支持的压缩方式：请用系统自带的“压缩(zipped)文件夹”或 WinRAR 的 ZIP 格式重新压缩`,
  corrupt: (path: string) => `压缩包里的“${path}”已损坏（校验不通过）：请重新压缩后上传`,
};

type Listed = { entry: Entry; path: string; isDirectory: boolean; problem?: EntryProblem | null };

function open(handle: FileHandle, size: number): Promise<ZipFile> {
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
  return new Promise((resolve, reject) =>
    yauzl.fromRandomAccessReader(new ReadAheadReader(handle.fd), size, options, (err, zip) =>
      err || !zip ? reject(new ArchiveRejected('ARCHIVE_INVALID', messages.invalid)) : resolve(zip),
    ),
  );
}

function isSymlink(entry: Entry): boolean {
  const unix = entry.versionMadeBy >> 8 === 3;
  return unix && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}

/** Pass 1: every entry's metadata, refusing unsafe names, links, encryption and too many entries. */
function listEntries(zip: ZipFile, limits: ZipLimits): Promise<Listed[]> {
  if (zip.entryCount > limits.maxEntries)
    return Promise.reject(
      new ArchiveRejected('ARCHIVE_TOO_MANY_ENTRIES', messages.tooMany(zip.entryCount, limits.maxEntries)),
    );
  return new Promise((resolve, reject) => {
    const listed: Listed[] = [];
    zip.on('entry', (entry: Entry) => {
      const name = decodeEntryName(entry.fileNameRaw, entry.generalPurposeBitFlag, entry.extraFields);
      const unsafe = unsafePathReason(name);
      const path = normalisePath(name);
      if (unsafe) return reject(new ArchiveRejected('ARCHIVE_UNSAFE_PATH', messages.unsafe(name, unsafe), name));
      if (isSymlink(entry)) return reject(new ArchiveRejected('ARCHIVE_LINK', messages.link(path), path));
      if (entry.isEncrypted()) return reject(new ArchiveRejected('ARCHIVE_ENCRYPTED', messages.encrypted(path), path));
      listed.push({ entry, path, isDirectory: /[/\\]$/.test(name) });
      zip.readEntry();
    });
    zip.on('end', () => resolve(listed));
    zip.on('error', () => reject(new ArchiveRejected('ARCHIVE_INVALID', messages.invalid)));
    zip.readEntry();
  });
}

const LOCAL_HEADER = 0x04034b50;
const HEADER_SLACK = 1024; // room for the local header's name and extra field in the same read

/**
 * An entry's compressed bytes in one read: the local header (whose name and extra lengths may
 * differ from the central directory's) and the data right after it. One positioned read per entry
 * instead of a stream keeps the check close to `unzip -t`'s speed.
 */
async function readRaw(handle: FileHandle, entry: Entry, path: string): Promise<Buffer> {
  const start = entry.relativeOffsetOfLocalHeader;
  let buffer = Buffer.allocUnsafe(30 + HEADER_SLACK + entry.compressedSize);
  let { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
  if (bytesRead < 30 || buffer.readUInt32LE(0) !== LOCAL_HEADER)
    throw new ArchiveRejected('ARCHIVE_INVALID', messages.corrupt(path), path);
  const dataStart = 30 + buffer.readUInt16LE(26) + buffer.readUInt16LE(28);
  if (dataStart + entry.compressedSize > buffer.length) {
    buffer = Buffer.allocUnsafe(dataStart + entry.compressedSize);
    ({ bytesRead } = await handle.read(buffer, 0, buffer.length, start));
  }
  if (bytesRead < dataStart + entry.compressedSize)
    throw new ArchiveRejected('ARCHIVE_INVALID', messages.corrupt(path), path); // truncated
  return buffer.subarray(dataStart, dataStart + entry.compressedSize);
}

/** One entry's bytes, never more than `cap` of them however the data was compressed. */
async function entryData(
  handle: FileHandle,
  item: Listed,
  cap: number,
  tooLarge: () => ArchiveRejected,
): Promise<Buffer> {
  const { entry, path } = item;
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw new ArchiveRejected('ARCHIVE_INVALID', messages.unsupported(path), path);
  if (entry.compressedSize > cap + 65_536 || (entry.compressionMethod === 0 && entry.compressedSize > cap))
    throw tooLarge();
  const raw = await readRaw(handle, entry, path);
  let data = raw;
  if (entry.compressionMethod === 8) {
    try {
      data = await inflate(raw, { maxOutputLength: cap + 1 });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw new ArchiveRejected('ARCHIVE_INVALID', messages.corrupt(path), path);
    }
  }
  if (data.length > cap) throw tooLarge();
  if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc32)
    throw new ArchiveRejected('ARCHIVE_INVALID', messages.corrupt(path), path);
  return data;
}

const CONCURRENCY = 6; // reads and zlib's async inflate run on the thread pool: both cores stay busy

/** The archive's files (directories omitted), each with its name problem if it has one. */
function filesOf(listed: Listed[]): Listed[] {
  const files = listed.filter((l) => !l.isDirectory).map((l) => ({ ...l, problem: entryNameProblem(l.path) }));
  const conflicts = folderConflicts(files.filter((f) => !f.problem).map((f) => f.path));
  for (const f of files) if (!f.problem && conflicts.has(f.path)) f.problem = conflictProblem(f.path);
  return files;
}

/** The results array with the files skipped unread for their names already in their places. */
function skippedFiles(files: Listed[]): ArchiveFile[] {
  const results: ArchiveFile[] = new Array(files.length);
  files.forEach((f, index) => {
    if (f.problem) results[index] = { path: f.path, size: f.entry.uncompressedSize, kind: 'other', problem: f.problem };
  });
  return results;
}

/** Pass 2's progress, shared by the readers that work through the files at once. */
type Pass = {
  handle: FileHandle;
  sink: Sink | null;
  limits: ZipLimits;
  files: Listed[];
  results: ArchiveFile[];
  total: number;
  next: number;
  failed: boolean; // once one entry refuses the archive, the others stop before their sink
};

/** One entry's bytes, counted against the archive's total; refused when either limit is passed. */
async function countedData(pass: Pass, item: Listed): Promise<Buffer> {
  const { limits } = pass;
  const cap = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - pass.total);
  const tooLarge = () =>
    cap < limits.maxEntryBytes
      ? new ArchiveRejected('ARCHIVE_TOO_LARGE', messages.totalTooLarge(limits.maxTotalBytes))
      : new ArchiveRejected('ARCHIVE_TOO_LARGE', messages.entryTooLarge(item.path, limits.maxEntryBytes), item.path);
  const data = await entryData(pass.handle, item, cap, tooLarge);
  pass.total += data.length;
  if (pass.total > limits.maxTotalBytes)
    throw new ArchiveRejected('ARCHIVE_TOO_LARGE', messages.totalTooLarge(limits.maxTotalBytes));
  return data;
}

/** One reader of pass 2: takes the next file until none is left or one has refused the archive. */
async function readNextFiles(pass: Pass): Promise<void> {
  while (pass.next < pass.files.length && !pass.failed) {
    const index = pass.next++;
    const item = pass.files[index];
    if (item.problem) continue;
    try {
      const data = await countedData(pass, item);
      const described: ArchiveFile = { path: item.path, size: data.length, kind: sniffKind(data.subarray(0, 16)) };
      if (pass.failed) return;
      if (pass.sink) await pass.sink(described, data);
      pass.results[index] = described;
    } catch (error) {
      pass.failed = true;
      throw error;
    }
  }
}

/** Reads the archive; returns its files (directories omitted) after every usable one reached the sink. */
export async function readZip(
  file: string,
  sink: Sink | null,
  limits: ZipLimits = DEFAULT_LIMITS,
): Promise<ArchiveFile[]> {
  const handle = await fs.open(file, 'r');
  let zip: ZipFile | null = null;
  try {
    zip = await open(handle, (await handle.stat()).size);
    const files = filesOf(await listEntries(zip, limits));
    const pass: Pass = { handle, sink, limits, files, results: skippedFiles(files), total: 0, next: 0, failed: false };
    await Promise.all(Array.from({ length: CONCURRENCY }, () => readNextFiles(pass)));
    return pass.results;
  } finally {
    zip?.close();
    await handle.close();
  }
}
