// The provincial bundle (issue 6): every accepted grade candidate's folder, grouped by occupation
// and level, each group with its roster, plus 缺件清单.txt and SHA256SUMS.txt; streamed into any
// Writable (a file for the background job, or a response). Only packages whose check passed and
// that the office accepted go in; every other active grade candidate is listed as missing.
import { createHash } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import { QueryTypes } from 'sequelize';
import {
  candidateEntries,
  groupFolder,
  groupRosterName,
  manifestText,
  MANIFEST,
  MISSING_LIST,
  missingListText,
  type MissingCandidate,
} from '../../domain/bundle-layout.js';
import { conflict, invalid } from '../../domain/errors.js';
import { maskIdNumber, maskIdNumbersIn } from '../../domain/id-number.js';
import { itemLabel } from '../../domain/items.js';
import type { Level } from '../../domain/levels.js';
import { formatShanghai } from '../../domain/time.js';
import { encodableInGbk, ZipWriter, type NameEncoding } from '../../lib/zip-writer.js';
import type { Batch } from '../../models/index.js';
import type { ServiceContext } from '../context.js';
import { writeRoster } from './roster.js';
import { PACKAGE_STATUS_NAMES } from '../../domain/labels.js';
import type { PackageStatus } from '../../domain/package-layout.js';

// A stored path names the candidate's ID number; messages end up on the page and in the log.
export const messages = {
  notGbk: (name: string) =>
    `“${name}”中有 GBK 编码无法表示的字，不能生成“GBK 兼容”包；请改用默认（UTF-8）包，或在项目目录中改名`,
  lost: (name: string) =>
    `存储中找不到文件 ${maskIdNumbersIn(name)}，材料包没有生成；请联系系统管理员检查存储，或请该学院重新上传这名考生的材料`,
  corrupted: (name: string) =>
    `存储中的文件 ${maskIdNumbersIn(name)} 与上传时的校验值不一致，材料包没有生成；请联系系统管理员检查存储`,
};

export type BundleCandidate = {
  registrationId: number;
  idNumber: string;
  idCardPath: string;
  idCardSha256: string;
  educationPath: string;
  educationSha256: string;
};
export type BundleGroup = { folder: string; candidates: BundleCandidate[] };
export type BundleContents = { groups: BundleGroup[]; missing: MissingCandidate[]; accepted: number };

// Every active grade registration of the batch with its current package, as plain rows in one
// statement (model instances for 5,000 candidates cost a third of the bundle's time and 90 MB).
const CONTENTS_SQL = `
SELECT r.id, r.level, s.name, s.idNumber, s.studentNo, s.className, s.employer,
       i.name AS itemName, d.name AS departmentName,
       p.status AS packageStatus, p.returnReason, p.idCardPath, p.idCardSha256, p.educationPath, p.educationSha256
  FROM registrations r
  JOIN students s ON s.id = r.studentId
  JOIN catalog_items i ON i.id = r.catalogItemId
  JOIN departments d ON d.id = r.departmentId
  LEFT JOIN packages p ON p.batchId = r.batchId AND p.studentId = r.studentId AND p.currentMarker = 1
 WHERE r.batchId = :batchId AND r.kind = 'grade' AND r.status = 'active'`;

type ContentRow = {
  id: number;
  level: number | null;
  name: string;
  idNumber: string;
  studentNo: string | null;
  className: string | null;
  employer: string | null;
  itemName: string;
  departmentName: string;
  packageStatus: PackageStatus | null;
  returnReason: string | null;
  idCardPath: string;
  idCardSha256: string;
  educationPath: string;
  educationSha256: string;
};

function missingReason(row: ContentRow): string {
  if (!row.packageStatus) return '未提交材料';
  if (row.packageStatus === 'returned') return `材料被退回${row.returnReason ? `：${row.returnReason}` : ''}`;
  return `材料${PACKAGE_STATUS_NAMES[row.packageStatus]}，继续教育学院尚未接收`;
}

const collator = new Intl.Collator('zh');
const byRosterOrder = (a: ContentRow, b: ContentRow) =>
  collator.compare(a.departmentName, b.departmentName) ||
  collator.compare(a.className ?? '', b.className ?? '') ||
  (a.studentNo ?? '').localeCompare(b.studentNo ?? '') ||
  a.id - b.id;

/** Who goes into the bundle, grouped, and who is missing with the reason. */
export async function bundleContents(ctx: Pick<ServiceContext, 'sequelize'>, batchId: number): Promise<BundleContents> {
  const rows = (
    await ctx.sequelize.query<ContentRow>(CONTENTS_SQL, { replacements: { batchId }, type: QueryTypes.SELECT })
  ).sort(byRosterOrder);
  const groups = new Map<string, BundleCandidate[]>();
  const missing: MissingCandidate[] = [];
  for (const r of rows) {
    if (r.packageStatus !== 'accepted') {
      missing.push({
        departmentName: r.departmentName,
        className: r.className ?? r.employer ?? '社会人员',
        name: r.name,
        idMasked: maskIdNumber(r.idNumber),
        label: itemLabel(r.itemName, r.level as Level | null),
        reason: missingReason(r),
      });
      continue;
    }
    const folder = groupFolder(r.itemName, r.level as Level | null);
    if (!groups.has(folder)) groups.set(folder, []);
    groups.get(folder)!.push({
      registrationId: r.id,
      idNumber: r.idNumber,
      idCardPath: r.idCardPath,
      idCardSha256: r.idCardSha256,
      educationPath: r.educationPath,
      educationSha256: r.educationSha256,
    });
  }
  const sorted = [...groups]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([folder, candidates]) => ({ folder, candidates }));
  return { groups: sorted, missing, accepted: sorted.reduce((n, g) => n + g.candidates.length, 0) };
}

async function collect(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await Promise.all([write(sink), new Promise((resolve) => sink.on('end', resolve))]);
  return Buffer.concat(chunks);
}

// A stored file with its SHA-256, checked against the one recorded at upload before it goes in.
// (WebCrypto's asynchronous digest was tried: no faster here, and its native copies of every file
// raised the peak RSS by ~80 MB.)
type Hashed = { data: Buffer; sha256: string };
type Files = { idCard: Hashed; education: Hashed };

const READ_AHEAD = 8; // candidates being read and hashed ahead of the writer: ~8 × 200 KB in memory

async function readStored(ctx: ServiceContext, relative: string, expected: string): Promise<Hashed> {
  let data: Buffer;
  try {
    data = await ctx.storage.read(relative);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw conflict(messages.lost(relative));
    throw error;
  }
  const sha256 = createHash('sha256').update(data).digest('hex');
  if (sha256 !== expected) throw conflict(messages.corrupted(relative));
  return { data, sha256 };
}

/** Starts reading a candidate's two files; the caller awaits later (a failure is never left unhandled). */
function readCandidate(ctx: ServiceContext, c: BundleCandidate): Promise<Files> {
  const reading = Promise.all([
    readStored(ctx, c.idCardPath, c.idCardSha256),
    readStored(ctx, c.educationPath, c.educationSha256),
  ]).then(([idCard, education]) => ({ idCard, education }));
  reading.catch(() => undefined);
  return reading;
}

/** A group's roster, started early so it is built while the group's files are written. */
function groupRoster(ctx: ServiceContext, group: BundleGroup): Promise<Buffer> {
  const building = collect((out) =>
    writeRoster(
      ctx,
      out,
      group.candidates.map((c) => c.registrationId),
    ),
  );
  building.catch(() => undefined);
  return building;
}

export type Progress = (done: number, total: number) => Promise<void> | void;

/** A ZIP writer that keeps each file's checksum for SHA256SUMS.txt. */
function checksummedZip(output: Writable, encoding: NameEncoding) {
  const zip = new ZipWriter(output, encoding);
  const manifest: Array<{ name: string; sha256: string }> = [];
  const add = async (name: string, file: Hashed) => {
    await zip.add(name, file.data);
    manifest.push({ name, sha256: file.sha256 });
  };
  const addText = (name: string, data: Buffer) =>
    add(name, { data, sha256: createHash('sha256').update(data).digest('hex') });
  return { zip, manifest, add, addText };
}

type ChecksummedZip = ReturnType<typeof checksummedZip>;

/** Every group's candidates, their files read ahead of the writer, each group's roster after its last one. */
async function writeGroups(ctx: ServiceContext, groups: BundleGroup[], out: ChecksummedZip, progress: Progress) {
  const all = groups.flatMap((group) =>
    group.candidates.map((c, i) => ({ group, c, last: i === group.candidates.length - 1 })),
  );
  const reads = all.slice(0, READ_AHEAD).map((x) => readCandidate(ctx, x.c));
  let roster = all.length ? groupRoster(ctx, all[0].group) : null;
  for (let i = 0; i < all.length; i++) {
    const files = await reads.shift()!;
    if (i + READ_AHEAD < all.length) reads.push(readCandidate(ctx, all[i + READ_AHEAD].c));
    const { group, c, last } = all[i];
    const names = candidateEntries(group.folder, c.idNumber, c.educationPath);
    await out.add(names.idCard, files.idCard);
    await out.add(names.education, files.education);
    if (last) {
      await out.addText(groupRosterName(group.folder), await roster!);
      roster = i + 1 < all.length ? groupRoster(ctx, all[i + 1].group) : null;
    }
    await progress(i + 1, all.length);
  }
}

/** Streams the bundle into `output`; resolves with the byte count once the output has it all. */
export async function writeBundle(
  ctx: ServiceContext,
  batch: Batch,
  encoding: NameEncoding,
  output: Writable,
  progress: Progress = () => {},
): Promise<{ bytes: number; accepted: number; missing: number }> {
  const contents = await bundleContents(ctx, batch.id);
  if (encoding === 'gbk') {
    const bad = contents.groups.find((g) => !encodableInGbk(g.folder));
    if (bad) throw invalid(messages.notGbk(bad.folder));
  }
  const out = checksummedZip(output, encoding);
  try {
    await writeGroups(ctx, contents.groups, out, progress);
    const missingList = missingListText(batch.name, contents.missing, formatShanghai(ctx.now()));
    await out.addText(MISSING_LIST, Buffer.from(missingList));
    await out.zip.add(MANIFEST, Buffer.from(manifestText(out.manifest)));
    const bytes = await out.zip.finish();
    return { bytes, accepted: contents.accepted, missing: contents.missing.length };
  } catch (error) {
    out.zip.abort();
    throw error;
  }
}
