// Runs the jobs table's queued work in this process (app/jobs/README.md). Several app processes
// may run a runner against one database:
// - a job is claimed by a conditional UPDATE (status queued → running), so only one process runs it;
// - a running job beats its heart (updatedAt) every few seconds; one whose heart stopped (its
//   process died or restarted) is marked failed by whichever runner sweeps next, and its
//   partial output is removed, so a half-written file is never offered as done;
// - a handler's output is written to a temp name and renamed before the job is marked done.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { Job } from '../models/index.js';
import { transaction, type ServiceContext } from '../services/context.js';
import { Poller } from './poller.js';

export const messages = {
  interrupted: '任务中断（服务重启或停止），没有生成完整文件；请点击“重新生成”',
  crashed: '生成时出错，没有生成文件；请稍后点击“重新生成”，如果一直失败请联系系统管理员',
};

export type JobOutcome = { resultPath?: string; resultBytes?: number; summary?: unknown };
export type JobHandler = {
  run(ctx: ServiceContext, job: Job, report: (done: number, total: number) => Promise<void>): Promise<JobOutcome>;
  /** Removes whatever a run of this job may have left behind (temp or final files). */
  cleanup(ctx: ServiceContext, job: Job): Promise<void>;
};

/** A worker id names its host and pid; on this host, a pid that is gone means its job is orphaned. */
export function deadLocalProcess(workerId: string | null): boolean {
  const [host, pid] = (workerId ?? '').split(':');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '') || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export type RunnerOptions = {
  pollMs?: number;
  heartbeatMs?: number;
  staleMs?: number;
  log?: (message: string) => void;
};

export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly poller: Poller;
  private current: Job | null = null;
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly handlers: Record<string, JobHandler>,
    options: RunnerOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.staleMs = options.staleMs ?? 60_000;
    this.log = options.log ?? ((m) => console.error(m));
    this.poller = new Poller(
      () => this.sweepStale().then(() => this.runOnce()),
      options.pollMs ?? 1000,
      (m) => this.log(`jobs: ${m}`),
    );
  }

  start(): void {
    this.poller.start();
  }

  /**
   * Stops polling. A job still running here is marked failed (it cannot finish once the process
   * goes); otherwise the tick in flight, if any, is awaited so nothing touches a closed database.
   */
  async stop(): Promise<void> {
    const stopped = this.poller.stop();
    if (this.current) await this.fail(this.current, messages.interrupted);
    else await stopped;
  }

  /** Claims and runs one queued job; false when there was none to claim. */
  async runOnce(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    this.current = job;
    const heartbeat = setInterval(() => {
      void this.beat(job.id).catch(() => undefined);
    }, this.heartbeatMs);
    try {
      const outcome = await this.handlers[job.kind].run(this.ctx, job, (done, total) =>
        this.report(job.id, done, total),
      );
      await this.finish(job, outcome);
    } catch (error) {
      // Only an AppError is written for the office to read; anything else (a driver's message may
      // name hosts and paths) goes to the log, and the office is told it crashed.
      if (error instanceof AppError) await this.fail(job, error.message);
      else {
        this.log(`job ${job.id} (${job.kind}) failed: ${(error as Error)?.stack ?? error}`);
        await this.fail(job, messages.crashed);
      }
    } finally {
      clearInterval(heartbeat);
      this.current = null;
    }
    return true;
  }

  /**
   * Marks failed every running job whose heartbeat is older than the stale limit, and at once any
   * job of a process on this machine that no longer exists (a restart need not wait for staleness).
   */
  async sweepStale(): Promise<number> {
    const cutoff = new Date(this.ctx.now().getTime() - this.staleMs);
    let swept = 0;
    for (const job of await Job.findAll({ where: { status: 'running' } })) {
      const dead = job.updatedAt < cutoff || deadLocalProcess(job.workerId);
      if (
        dead &&
        (await this.fail(job, messages.interrupted, {
          status: 'running',
          workerId: job.workerId,
          updatedAt: job.updatedAt,
        }))
      )
        swept++;
    }
    return swept;
  }

  private async claim(): Promise<Job | null> {
    const kinds = Object.keys(this.handlers);
    for (const candidate of await Job.findAll({
      where: { status: 'queued', kind: kinds },
      order: [['id', 'ASC']],
      limit: 5,
    })) {
      const [claimed] = await transaction(this.ctx, (t) =>
        Job.update(
          { status: 'running', workerId: this.workerId, startedAt: this.ctx.now() },
          { where: { id: candidate.id, status: 'queued' }, transaction: t },
        ),
      );
      if (claimed === 1) return Job.findByPk(candidate.id);
    }
    return null;
  }

  private beat(id: number) {
    return transaction(this.ctx, (t) =>
      Job.update(
        { workerId: this.workerId },
        { where: { id, status: 'running', workerId: this.workerId }, transaction: t },
      ),
    );
  }

  private report(id: number, progress: number, total: number) {
    return transaction(this.ctx, async (t) => {
      await Job.update(
        { progress, total },
        { where: { id, status: 'running', workerId: this.workerId }, transaction: t },
      );
    });
  }

  private async finish(job: Job, outcome: JobOutcome) {
    const [marked] = await transaction(this.ctx, (t) =>
      Job.update(
        {
          status: 'done',
          resultPath: outcome.resultPath ?? null,
          resultBytes: outcome.resultBytes ?? null,
          summary: JSON.stringify(outcome.summary ?? {}),
          finishedAt: this.ctx.now(),
        },
        { where: { id: job.id, status: 'running', workerId: this.workerId }, transaction: t },
      ),
    );
    // Swept as stale meanwhile (a very long pause): the job is failed, so its file must go too.
    if (marked !== 1) await this.handlers[job.kind].cleanup(this.ctx, job);
  }

  private async fail(
    job: Job,
    error: string,
    where: Record<string, unknown> = { status: 'running', workerId: this.workerId },
  ): Promise<boolean> {
    const [marked] = await transaction(this.ctx, (t) =>
      Job.update(
        { status: 'failed', error: error.slice(0, 500), finishedAt: this.ctx.now() },
        { where: { id: job.id, ...where }, transaction: t },
      ),
    );
    if (marked === 1)
      await this.handlers[job.kind]?.cleanup(this.ctx, job).catch((e) => this.log(`job ${job.id} cleanup: ${e}`));
    return marked === 1;
  }
}
