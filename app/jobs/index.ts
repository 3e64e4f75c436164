// The background work of an app process (started by server.ts): the jobs table's kinds of job,
// the mail outbox and the deadline reminders. Any number of processes may run all three.
import { createMailer } from '../lib/mailer.js';
import { bundleHandler, BUNDLE } from '../services/outputs/bundle-jobs.js';
import type { ServiceContext } from '../services/context.js';
import { OutboxWorker, type OutboxOptions } from './mail-outbox.js';
import { reminderScheduler } from './reminders.js';
import { JobRunner, type RunnerOptions } from './runner.js';

export function createJobRunner(ctx: ServiceContext, options: RunnerOptions = {}): JobRunner {
  return new JobRunner(ctx, { [BUNDLE]: bundleHandler }, { staleMs: ctx.config.jobStaleSeconds * 1000, ...options });
}

/** Without SMTP settings the worker sends nothing and the mail waits in the outbox. */
export function createOutboxWorker(ctx: ServiceContext, options: OutboxOptions = {}): OutboxWorker {
  return new OutboxWorker(ctx, ctx.config.smtp ? createMailer(ctx.config.smtp) : null, options);
}

export function startBackgroundWork(ctx: ServiceContext): { stop(): Promise<void> } {
  const parts = [createJobRunner(ctx), createOutboxWorker(ctx), reminderScheduler(ctx)];
  parts.forEach((p) => p.start());
  return {
    stop: async () => {
      await Promise.all(parts.map((p) => p.stop()));
    },
  };
}
