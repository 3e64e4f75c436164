// Phase (b): the same page asked for again and again by a fixed set of keep-alive clients (signed-in
// sessions for the app, plain clients for the baseline), each sending its next request as soon as
// the last is answered. After a short warm-up (views compiled, connections open, CPU clocked up)
// every answer is timed and its X-SQL-Statements header kept.
import { NoAnswer, type Answer, type Client } from '../lib/http-client.js';
import { pageMessage } from './student-run.js';

export type HammerOptions = {
  clients: Client[];
  path: string;
  seconds: number;
  warmupSeconds?: number;
  /** Whether an answer is the page (not a redirect to the sign-in page, not an error). */
  isPage: (answer: Answer) => boolean;
};

export type HammerStats = {
  requests: number;
  perSecond: number;
  latencies: number[];
  /** How many answers said each X-SQL-Statements value (none: the header was missing). */
  sqlStatements: Map<string, number>;
  meanBytes: number;
  errors: number;
  errorSample: string | null;
};

export async function hammer(options: HammerOptions): Promise<HammerStats> {
  const warmupEnds = performance.now() + (options.warmupSeconds ?? 1) * 1000;
  const ends = warmupEnds + options.seconds * 1000;
  const latencies: number[] = [];
  const sqlStatements = new Map<string, number>();
  let bytes = 0;
  let errors = 0;
  let errorSample: string | null = null;

  const keepAsking = async (client: Client) => {
    while (performance.now() < ends) {
      let answer: Answer;
      try {
        answer = await client.get(options.path);
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error;
        errors += 1;
        errorSample ??= error.message;
        continue;
      }
      const at = performance.now();
      if (at < warmupEnds || at > ends) continue; // only answers inside the measured window count
      if (!options.isPage(answer)) {
        errors += 1;
        errorSample ??= `${answer.status}${answer.location ? ` → ${answer.location}` : ''}: ${pageMessage(answer.text)}`;
        continue;
      }
      latencies.push(answer.ms);
      bytes += answer.body.length;
      const sql = String(answer.headers['x-sql-statements'] ?? 'none');
      sqlStatements.set(sql, (sqlStatements.get(sql) ?? 0) + 1);
    }
  };
  await Promise.all(options.clients.map(keepAsking));
  return {
    requests: latencies.length,
    perSecond: latencies.length / options.seconds,
    latencies,
    sqlStatements,
    meanBytes: latencies.length ? bytes / latencies.length : 0,
    errors,
    errorSample,
  };
}
