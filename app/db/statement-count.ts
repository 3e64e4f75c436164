// Counts the SQL statements a request runs, for the benchmarks (COUNT_SQL=true): every query logs
// through Sequelize's logging hook, and AsyncLocalStorage tells which request it belongs to.
// Off by default: in production the hook is not installed at all.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

type Tally = { statements: number };

const tallies = new AsyncLocalStorage<Tally>();

/** Sequelize's `logging` option: one more statement for the request in progress, if any. */
export function tallyStatement(): void {
  const tally = tallies.getStore();
  if (tally) tally.statements += 1;
}

/**
 * Runs the rest of the request inside its own tally and reports it in `X-SQL-Statements` as the
 * headers go out — after the session store's own writes, which express-session makes before then.
 */
export function countStatementsPerRequest(req: Request, res: Response, next: NextFunction) {
  const tally: Tally = { statements: 0 };
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  res.writeHead = ((...args: unknown[]) => {
    if (!res.headersSent) res.setHeader('X-SQL-Statements', String(tally.statements));
    return writeHead(...args);
  }) as Response['writeHead'];
  tallies.run(tally, next);
}
