// One simulated student's requests: timed per step, a 503 waited out and retried the way a patient
// person would (after Retry-After, a few times at most), and anything else that is not the page the
// step expects turned into an error that says what came back instead.
import type { Answer, Client, Fields } from '../lib/http-client.js';
import { NoAnswer } from '../lib/http-client.js';

export type StepName = 'signIn' | 'password' | 'registerPage' | 'preview' | 'confirm';
export const STEPS: readonly StepName[] = ['signIn', 'password', 'registerPage', 'preview', 'confirm'];

/** Counters shared by every student of a rush. */
export type Tally = { requests: number; answered: number; busy: number; noAnswer: number };
export const newTally = (): Tally => ({ requests: 0, answered: 0, busy: 0, noAnswer: 0 });

export type FailureKind = 'timeout' | 'connection' | 'server-error' | 'unexpected' | 'gave-up';
export type Failure = { kind: FailureKind; step: StepName; detail: string };

/** The server answered, but not with what the step expects. */
export class Unexpected extends Error {
  constructor(
    readonly kind: 'server-error' | 'unexpected' | 'gave-up',
    detail: string,
  ) {
    super(detail);
  }
}

const DEFAULT_RETRY_AFTER_S = 10; // what the app says on its 503 pages

export class StudentRun {
  /** How long each finished step took: its requests' own times, not the waits between 503 retries. */
  readonly stepMs = new Map<StepName, number>();
  /** From the first tap to the last page, waits after a 503 included: what the student lived through. */
  journeyMs: number | null = null;
  /** The longest any one answer took, and to what. */
  slowest = { ms: 0, what: '' };
  private current: StepName = 'signIn';
  private spent = 0;

  constructor(
    readonly client: Client,
    private readonly tally: Tally,
    private readonly patience: number,
  ) {}

  get step(): StepName {
    return this.current;
  }

  async timed<T>(step: StepName, work: () => Promise<T>): Promise<T> {
    this.current = step;
    this.spent = 0;
    const result = await work();
    this.stepMs.set(step, this.spent);
    return result;
  }

  get(path: string): Promise<Answer> {
    return this.send(path);
  }

  post(path: string, fields: Fields): Promise<Answer> {
    return this.send(path, fields);
  }

  /** Fails the step unless `ok`, naming what was expected and what came instead. */
  expect(answer: Answer, ok: boolean, expected: string): void {
    if (ok) return;
    throw new Unexpected(
      answer.status >= 500 ? 'server-error' : 'unexpected',
      `expected ${expected}, got ${describe(answer)}`,
    );
  }

  private async send(path: string, fields?: Fields): Promise<Answer> {
    for (let tries = 0; ; tries++) {
      this.tally.requests += 1;
      const answer = await (fields ? this.client.post(path, fields) : this.client.get(path)).catch((error: unknown) => {
        if (error instanceof NoAnswer) this.tally.noAnswer += 1;
        throw error;
      });
      this.tally.answered += 1;
      this.spent += answer.ms;
      if (answer.ms > this.slowest.ms)
        this.slowest = { ms: answer.ms, what: `${fields ? 'POST' : 'GET'} ${path} (${this.current})` };
      if (answer.status !== 503) return answer;
      this.tally.busy += 1;
      if (tries >= this.patience)
        throw new Unexpected(
          'gave-up',
          `${fields ? 'POST' : 'GET'} ${path}: still 503 after ${tries + 1} tries: ${pageMessage(answer.text)}`,
        );
      await waitAsAPersonWould(answer);
    }
  }
}

/**
 * Retry-After, stretched by up to half again at random: people do not all tap again in the same
 * millisecond, and a benchmark whose clients do would measure a thundering herd nobody causes.
 */
function waitAsAPersonWould(answer: Answer): Promise<void> {
  const seconds = Number(answer.headers['retry-after']) || DEFAULT_RETRY_AFTER_S;
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000 * (1 + Math.random() * 0.5)));
}

export function failureOf(error: unknown, step: StepName): Failure {
  if (error instanceof NoAnswer) return { kind: error.kind, step, detail: error.message };
  if (error instanceof Unexpected) return { kind: error.kind, step, detail: error.message };
  return { kind: 'unexpected', step, detail: String((error as Error)?.stack ?? error) };
}

function describe(answer: Answer): string {
  const where = answer.location ? ` → ${answer.location}` : '';
  return `${answer.status}${where}${answer.status === 303 ? '' : `: ${pageMessage(answer.text)}`}`;
}

/** The sentence a page shows the user (an error alert, a lead paragraph, else its heading), for failure samples. */
export function pageMessage(html: string): string {
  const pick = (re: RegExp) => re.exec(html)?.[1];
  const said =
    pick(/class="alert error"[^>]*>\s*(?:<strong>)?([^<]+)</) ??
    pick(/class="field-error"[^>]*>([^<]+)</) ??
    pick(/class="lead">([^<]+)</) ??
    pick(/<h1[^>]*>([^<]+)</);
  return (said ?? html.replace(/\s+/g, ' ').slice(0, 120)).trim().slice(0, 200);
}
