// The kinds of background job this app knows, wired to one runner per process (started by server.ts).
import { bundleHandler, BUNDLE } from '../services/bundle-jobs.js';
import type { ServiceContext } from '../services/context.js';
import { JobRunner, type RunnerOptions } from './runner.js';

export function createJobRunner(ctx: ServiceContext, options: RunnerOptions = {}): JobRunner {
  return new JobRunner(ctx, { [BUNDLE]: bundleHandler }, { staleMs: ctx.config.jobStaleSeconds * 1000, ...options });
}
