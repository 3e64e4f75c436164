// The provincial bundle (issue 6): every accepted grade candidate's folder, grouped by occupation
// and level, each group with its roster, plus 缺件清单.txt and SHA256SUMS.txt; streamed into any
// Writable (a file for the background job, or a response). Only packages whose check passed and
// that the office accepted go in; every other active grade candidate is listed as missing.
import { createHash } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import { candidateEntries, groupFolder, groupRosterName, manifestText, MANIFEST, MISSING_LIST, missingListText, type MissingCandidate } from '../domain/bundle-layout.js';
import { invalid } from '../domain/errors.js';
import { maskIdNumber } from '../domain/id-number.js';
import { itemLabel } from '../domain/items.js';
import type { Level } from '../domain/levels.js';
import { formatShanghai } from '../domain/time.js';
import { encodableInGbk, ZipWriter, type NameEncoding } from '../lib/zip-writer.js';
import { CatalogItem, Department, Package, Registration, Student, type Batch } from '../models/index.js';
import type { ServiceContext } from './context.js';
import { STATUS_NAMES } from './package-queries.js';
import { writeRoster } from './roster.js';

export const messages = {
  notGbk: (name: string) => `“${name}”中有 GBK 编码无法表示的字，不能生成“GBK 兼容”包；请改用默认（UTF-8）包，或在项目目录中改名`,
  lost: (name: string) => `存储中找不到文件 ${name}，材料包没有生成；请联系系统管理员检查存储，或请该学院重新上传这名考生的材料`,
  corrupted: (name: string) => `存储中的文件 ${name} 与上传时的校验值不一致，材料包没有生成；请联系系统管理员检查存储`,
};

export type BundleCandidate = {
  registrationId: number; idNumber: string;
  idCardPath: string; idCardSha256: string; educationPath: string; educationSha256: string;
};
export type BundleGroup = { folder: string; candidates: BundleCandidate[] };
export type BundleContents = { groups: BundleGroup[]; missing: MissingCandidate[]; accepted: number };

type Loaded = Registration & { student: Student; item: CatalogItem; department: Department };

async function activeGradeRegistrations(batchId: number): Promise<Loaded[]> {
  return (await Registration.findAll({
    where: { batchId, kind: 'grade', status: 'active' },
    include: [
      { model: Student, as: 'student', attributes: ['id', 'name', 'idNumber', 'studentNo', 'className', 'employer'] },
      { model: CatalogItem, as: 'item', attributes: ['name'] },
      { model: Department, as: 'department', attributes: ['name'] },
    ],
  })) as Loaded[];
}

function missingReason(pkg: Package | undefined): string {
  if (!pkg) return '未提交材料';
  if (pkg.status === 'returned') return `材料被退回${pkg.returnReason ? `：${pkg.returnReason}` : ''}`;
  return `材料${STATUS_NAMES[pkg.status]}，继续教育学院尚未接收`;
}

const byRosterOrder = (a: Loaded, b: Loaded) =>
  a.department.name.localeCompare(b.department.name, 'zh') || (a.student.className ?? '').localeCompare(b.student.className ?? '', 'zh') ||
  (a.student.studentNo ?? '').localeCompare(b.student.studentNo ?? '') || a.id - b.id;

/** Who goes into the bundle, grouped, and who is missing with the reason. */
export async function bundleContents(batchId: number): Promise<BundleContents> {
  const registrations = (await activeGradeRegistrations(batchId)).sort(byRosterOrder);
  const packages = await Package.findAll({ where: { batchId, currentMarker: 1 } });
  const current = new Map(packages.map((p) => [p.studentId, p]));
  const groups = new Map<string, BundleCandidate[]>();
  const missing: MissingCandidate[] = [];
  for (const r of registrations) {
    const pkg = current.get(r.studentId);
    if (pkg?.status !== 'accepted') {
      missing.push({
        departmentName: r.department.name, className: r.student.className ?? r.student.employer ?? '社会人员', name: r.student.name,
        idMasked: maskIdNumber(r.student.idNumber), label: itemLabel(r.item.name, r.level as Level | null), reason: missingReason(pkg),
      });
      continue;
    }
    const folder = groupFolder(r.item.name, r.level as Level | null);
    if (!groups.has(folder)) groups.set(folder, []);
    groups.get(folder)!.push({
      registrationId: r.id, idNumber: r.student.idNumber,
      idCardPath: pkg.idCardPath, idCardSha256: pkg.idCardSha256, educationPath: pkg.educationPath, educationSha256: pkg.educationSha256,
    });
  }
  const sorted = [...groups].sort(([a], [b]) => a.localeCompare(b, 'zh')).map(([folder, candidates]) => ({ folder, candidates }));
  return { groups: sorted, missing, accepted: sorted.reduce((n, g) => n + g.candidates.length, 0) };
}

async function collect(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await Promise.all([write(sink), new Promise((resolve) => sink.on('end', resolve))]);
  return Buffer.concat(chunks);
}

type Files = { idCard: Buffer; education: Buffer };

async function readStored(ctx: ServiceContext, relative: string): Promise<Buffer> {
  try {
    return await ctx.storage.read(relative);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(messages.lost(relative));
    throw error;
  }
}

/** Starts reading a candidate's two files; the caller awaits later (a failure is never left unhandled). */
function readCandidate(ctx: ServiceContext, c: BundleCandidate): Promise<Files> {
  const reading = Promise.all([readStored(ctx, c.idCardPath), readStored(ctx, c.educationPath)]).then(([idCard, education]) => ({ idCard, education }));
  reading.catch(() => undefined);
  return reading;
}

export type Progress = (done: number, total: number) => Promise<void> | void;

/** Streams the bundle into `output`; resolves with the byte count once the output has it all. */
export async function writeBundle(ctx: ServiceContext, batch: Batch, encoding: NameEncoding, output: Writable, progress: Progress = () => {}): Promise<{ bytes: number; accepted: number; missing: number }> {
  const contents = await bundleContents(batch.id);
  if (encoding === 'gbk') {
    const bad = contents.groups.find((g) => !encodableInGbk(g.folder));
    if (bad) throw invalid(messages.notGbk(bad.folder));
  }
  const zip = new ZipWriter(output, encoding);
  const manifest: Array<{ name: string; sha256: string }> = [];
  const add = async (name: string, data: Buffer, expected?: string) => {
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (expected && sha256 !== expected) throw new Error(messages.corrupted(name));
    await zip.add(name, data);
    manifest.push({ name, sha256 });
  };
  try {
    const all = contents.groups.flatMap((g) => g.candidates.map((c) => ({ group: g.folder, c })));
    // Read the next candidate's files while the current ones are written: disk and zip overlap.
    let next = all.length ? readCandidate(ctx, all[0].c) : null;
    for (let i = 0; i < all.length; i++) {
      const files = await next!;
      next = i + 1 < all.length ? readCandidate(ctx, all[i + 1].c) : null;
      const { group, c } = all[i];
      const names = candidateEntries(group, c.idNumber, c.educationPath);
      await add(names.idCard, files.idCard, c.idCardSha256);
      await add(names.education, files.education, c.educationSha256);
      const last = i + 1 === all.length || all[i + 1].group !== group;
      if (last) {
        const ids = contents.groups.find((g) => g.folder === group)!.candidates.map((x) => x.registrationId);
        await add(groupRosterName(group), await collect((out) => writeRoster(out, batch.id, ids)));
      }
      await progress(i + 1, all.length);
    }
    await add(MISSING_LIST, Buffer.from(missingListText(batch.name, contents.missing, formatShanghai(ctx.now()))));
    await zip.add(MANIFEST, Buffer.from(manifestText(manifest)));
    const bytes = await zip.finish(output);
    return { bytes, accepted: contents.accepted, missing: contents.missing.length };
  } catch (error) {
    zip.abort();
    throw error;
  }
}
