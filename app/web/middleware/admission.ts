// Admission: at most `inFlight` requests are worked on at once, the rest wait their turn (first
// come, first served), and a request that would wait longer than `queueMs` is told at once to come
// back (503, Retry-After) before anything of it is read or done.
// Why (issue 14, measured): with 200 students at once, every request worked on together made each
// one slower — the write transactions waited for the busy event loop between their statements and
// held the SQLite write queue the longer — and nobody got an answer in under a few seconds. Taking
// 16 at a time got the same rush done in less time; the bounded wait keeps every answer quick.
// Uploads are let through without waiting: their bytes are already on the way, and refusing them
// would make a student pick the files again.
// A lane is a gate of its own for one kind of request, with its own places and its own pace. Sign-ins
// have one: measured in a 200-student rush on SQLite, 200 sign-ins worked on at once (they skipped
// admission for the hashing pool's queue) kept the event loop so busy that every write
// transaction waited between its statements — register page p99 1.6 s, confirm 1.9 s, sign-in 4.1 s;
// with 4 sign-ins at a time in their own lane: 0.26, 0.44 and 1.25 s. Sharing the pages' gate was no
// answer either: 9 of 600 students were turned back six times, told "1 秒" by the quick pages' pace.
import { AsyncResource } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { RetryTickets } from '../../lib/retry-tickets.js';

export type AdmissionOptions = {
  inFlight: number;
  queueMs: number;
  /** A request's work until the first ones are measured: the default fits a page, a sign-in takes longer. */
  firstGuessMs?: number;
};
export type Lane = AdmissionOptions & {
  matches: (req: Request) => boolean;
  /** The answer to a request of this lane that would wait too long. */
  refuse: (req: Request, res: Response, seconds: number) => void;
};
export type AdmissionMiddlewareOptions = AdmissionOptions & { lanes?: Lane[] };

const FIRST_GUESS_MS = 20; // a request's work, until the first ones are measured

export const admissionMessages = {
  busyPage: (seconds: number) => `现在访问的人太多，请约 ${seconds} 秒后再试。页面会自动重新打开。`,
  busyForm: (seconds: number) =>
    `现在访问的人太多，您刚才提交的内容还没有处理，也没有保存任何东西。请约 ${seconds} 秒后返回上一页，再提交一次。`,
};

export class Admission {
  private running = 0;
  private readonly waiting: Array<{ since: number; go: () => void }> = [];
  private averageMs: number;
  private readonly tickets = new RetryTickets();

  constructor(private readonly options: AdmissionOptions) {
    this.averageMs = options.firstGuessMs ?? FIRST_GUESS_MS;
  }

  /** Requests at work and requests waiting their turn, for tests and health checks. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * How long a request arriving now would wait for its turn: the queue ahead of it at the recent
   * pace, and never less than the first in line has waited already (the pace is a guess at first,
   * and the mix of quick pages and slow sign-ins makes it one later too).
   */
  expectedWaitMs(now = performance.now()): number {
    const atPace = (this.waiting.length * this.averageMs) / this.options.inFlight;
    return Math.max(atPace, this.waiting.length > 0 ? now - this.waiting[0].since : 0);
  }

  /** The seconds a refused request is told to wait: each refusal gets the next free moment. */
  retryAfterSeconds(): number {
    return this.tickets.next(this.expectedWaitMs(), this.averageMs / this.options.inFlight);
  }

  /** Runs `start` now or in its turn; false when the wait would be too long (nothing was queued). */
  admit(start: (finished: () => void) => void, mustWait = true): boolean {
    if (mustWait && this.running >= this.options.inFlight && this.expectedWaitMs() > this.options.queueMs) return false;
    const go = () => {
      this.running += 1;
      const began = performance.now();
      let done = false;
      start(() => {
        if (done) return;
        done = true;
        this.running -= 1;
        this.averageMs = 0.9 * this.averageMs + 0.1 * (performance.now() - began);
        this.waiting.shift()?.go();
      });
    };
    if (!mustWait || this.running < this.options.inFlight) go();
    // Bound to the arriving request's async context: it is started from another request's
    // 'finish', and must not run (and count its SQL, see db/statement-count.ts) as part of that one.
    else this.waiting.push({ since: performance.now(), go: AsyncResource.bind(go) });
    return true;
  }
}

const isUpload = (req: Request) => (req.headers['content-type'] ?? '').startsWith('multipart/form-data');

export function admission(options: AdmissionMiddlewareOptions) {
  const gate = new Admission(options);
  const lanes = (options.lanes ?? []).map((lane) => ({ ...lane, gate: new Admission(lane) }));
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const lane = lanes.find((l) => l.matches(req));
    const chosen = lane?.gate ?? gate;
    const admitted = chosen.admit((finished) => {
      if (res.writableEnded || res.destroyed) return finished(); // the browser gave up while it waited
      res.once('finish', finished);
      res.once('close', finished);
      next();
    }, !isUpload(req));
    if (!admitted) (lane?.refuse ?? refuse)(req, res, chosen.retryAfterSeconds());
  };
  return Object.assign(middleware, { gate, lanes: lanes.map((l) => l.gate) });
}

function refuse(req: Request, res: Response, seconds: number): void {
  const reading = req.method === 'GET' || req.method === 'HEAD';
  res.status(503).set('Retry-After', String(seconds)).set('Cache-Control', 'no-store');
  res.render('errors/busy', {
    title: '请稍后再试',
    message: reading ? admissionMessages.busyPage(seconds) : admissionMessages.busyForm(seconds),
    refreshSeconds: reading ? seconds : null,
    retryUrl: reading ? req.originalUrl : null,
    backUrl: sameSitePath(req.get('referer'), req.get('host')),
  });
}

/** The page the form was sent from, when it is one of ours; else the home page. */
export function sameSitePath(referer: string | undefined, host: string | undefined): string {
  try {
    const url = new URL(referer ?? '');
    return url.host === host ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}
