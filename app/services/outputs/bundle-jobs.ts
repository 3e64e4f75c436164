// The provincial bundle as a background job: the office asks for one (UTF-8 or GBK 兼容), the
// runner in app/jobs builds it into a temp file that is renamed when complete, the page follows
// its progress, and the finished file stays for download. A failed job can be started again.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import type { JobHandler } from '../../jobs/runner.js';
import type { NameEncoding } from '../../lib/zip-writer.js';
import { Batch, Job } from '../../models/index.js';
import { recordAudit, type AuditAction } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { writeBundle } from './bundle.js';

export const BUNDLE = 'bundle';

export const messages = {
  noBatch: '找不到这个批次',
  encoding: '请选择材料包的文件名编码：默认（UTF-8）或 GBK 兼容',
  busy: '这个批次已有一个同样编码的材料包正在生成，请等它完成（页面会显示进度）',
  notFailed: '只有失败的任务可以重新生成',
  notReady: '这个材料包还没有生成完成，暂时不能下载',
  gone: '这个材料包文件已不在服务器上，请重新生成',
  missing: '找不到这个材料包任务',
};

type BundleParams = { encoding: NameEncoding };

export const ENCODING_NAMES: Record<NameEncoding, string> = { utf8: '默认（UTF-8）', gbk: 'GBK 兼容（旧版 Windows）' };

const finalPath = (job: Job) => path.posix.join('bundles', String(job.batchId), `job-${job.id}.zip`);
const partialPath = (job: Job) => `${finalPath(job)}.partial`;
const paramsOf = (job: Job) => JSON.parse(job.params) as BundleParams;

async function queue(ctx: ServiceContext, actor: Actor, batchId: number, params: BundleParams, action: AuditAction) {
  return transaction(ctx, async (t) => {
    // Locking the batch row serialises two clicks (or two clerks) asking at the same moment.
    await Batch.findByPk(batchId, { transaction: t, lock: t.LOCK.UPDATE });
    const running = await Job.findAll({
      where: { kind: BUNDLE, batchId, status: ['queued', 'running'] },
      transaction: t,
    });
    if (running.some((j) => paramsOf(j).encoding === params.encoding)) throw conflict(messages.busy);
    const job = await Job.create(
      { kind: BUNDLE, batchId, status: 'queued', params: JSON.stringify(params), createdBy: actor.userId },
      { transaction: t },
    );
    await recordAudit(t, actor, {
      action,
      entityType: 'job',
      entityId: job.id,
      after: { batchId, encoding: params.encoding },
    });
    return job;
  });
}

export async function requestBundle(ctx: ServiceContext, actor: Actor, batchId: number, encoding: string) {
  if (encoding !== 'utf8' && encoding !== 'gbk') throw invalid(messages.encoding);
  if (!(await Batch.findByPk(batchId))) throw notFound(messages.noBatch);
  return queue(ctx, actor, batchId, { encoding }, 'bundle.request');
}

export async function restartBundle(ctx: ServiceContext, actor: Actor, jobId: number) {
  const job = await Job.findOne({ where: { id: jobId, kind: BUNDLE } });
  if (!job) throw notFound(messages.missing);
  if (job.status !== 'failed') throw conflict(messages.notFailed);
  return queue(ctx, actor, job.batchId!, paramsOf(job), 'bundle.restart');
}

export function presentJob(job: Job) {
  const encoding = paramsOf(job).encoding;
  return {
    id: job.id,
    status: job.status,
    encoding,
    encodingName: ENCODING_NAMES[encoding],
    progress: job.progress,
    total: job.total,
    percent: job.total ? Math.floor((job.progress / job.total) * 100) : job.status === 'done' ? 100 : 0,
    bytes: job.resultBytes,
    error: job.error,
    summary: job.summary ? (JSON.parse(job.summary) as { accepted?: number; missing?: number }) : null,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

export async function bundleJobs(batchId: number, limit = 10) {
  return (await Job.findAll({ where: { kind: BUNDLE, batchId }, order: [['id', 'DESC']], limit })).map(presentJob);
}

export async function bundleJob(jobId: number) {
  const job = await Job.findOne({ where: { id: jobId, kind: BUNDLE } });
  if (!job) throw notFound(messages.missing);
  return presentJob(job);
}

/** The finished file and the name to save it under. */
export async function bundleDownload(ctx: ServiceContext, jobId: number) {
  const job = await Job.findOne({ where: { id: jobId, kind: BUNDLE } });
  if (!job) throw notFound(messages.missing);
  if (job.status !== 'done' || !job.resultPath) throw conflict(messages.notReady);
  const file = ctx.storage.resolve(job.resultPath);
  if (!fs.existsSync(file)) throw notFound(messages.gone);
  const batch = await Batch.findByPk(job.batchId!);
  const suffix = paramsOf(job).encoding === 'gbk' ? '_GBK兼容' : '';
  return { file, name: `${batch?.name ?? '批次'}_省平台材料包${suffix}.zip` };
}

export const bundleHandler: JobHandler = {
  async run(ctx, job, report) {
    const batch = await Batch.findByPk(job.batchId!);
    if (!batch) throw invalid(messages.noBatch);
    const partial = ctx.storage.resolve(partialPath(job));
    await fsp.mkdir(path.dirname(partial), { recursive: true });
    const output = fs.createWriteStream(partial);
    let lastReport = 0;
    const result = await writeBundle(ctx, batch, paramsOf(job).encoding, output, async (done, total) => {
      // The page polls once a second; writing progress more often only adds database load.
      if (done === total || Date.now() - lastReport > 500) {
        lastReport = Date.now();
        await report(done, total);
      }
    }).catch(async (error) => {
      output.destroy();
      await finished(output).catch(() => undefined);
      throw error;
    });
    await fsp.rename(partial, ctx.storage.resolve(finalPath(job)));
    return {
      resultPath: finalPath(job),
      resultBytes: result.bytes,
      summary: { accepted: result.accepted, missing: result.missing },
    };
  },
  async cleanup(ctx, job) {
    await ctx.storage.remove(partialPath(job));
    await ctx.storage.remove(finalPath(job));
  },
};
