// The command line of `npm run bench:rush`.
import path from 'node:path';
import { isFlowName, type FlowName } from './flows.js';
import { APP_SERVER } from './servers.js';

export type Db = 'sqlite' | 'mysql';

export type Options = {
  dbs: Db[];
  students: number;
  sessions: number;
  seconds: number;
  runs: number;
  server: string;
  flow: FlowName;
  patience: number;
  timeoutSeconds: number;
  mysqlUrl: string;
  /** All students behind one campus NAT address instead of one address per phone. */
  nat: boolean;
  /** More environment for the app (--env=NAME=value): none = production's settings; only for trying the bench out quickly. */
  serverEnv: Record<string, string>;
};

export const USAGE = `npm run bench:rush -- [--db=sqlite|mysql|both] [--students=200] [--sessions=50] [--seconds=10] [--runs=1]
  [--server=dist/app/server.js] [--flow=one-step|two-step] [--patience=5] [--timeout=60] [--mysql-url=mysql://…] [--nat] [--env=NAME=value …]`;

const DEFAULT_MYSQL = 'mysql://root@127.0.0.1:3306/test_rush';

export function parseArgs(argv: string[], env: Record<string, string | undefined>): Options {
  const options: Options = {
    dbs: ['sqlite', 'mysql'],
    students: 200,
    sessions: 50,
    seconds: 10,
    runs: 1,
    server: APP_SERVER,
    flow: 'one-step',
    patience: 5,
    timeoutSeconds: 60,
    mysqlUrl: env.DATABASE_URL || DEFAULT_MYSQL,
    serverEnv: {},
    nat: false,
  };
  for (const arg of argv) {
    const [key, ...rest] = arg.replace(/^--/, '').split('=');
    const value = rest.join('=');
    const count = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--${key} needs a whole number ≥ 1, not "${value}"\n${USAGE}`);
      return n;
    };
    if (key === 'db')
      options.dbs =
        value === 'both' ? ['sqlite', 'mysql'] : value === 'sqlite' || value === 'mysql' ? [value] : fail(arg);
    else if (key === 'students') options.students = count();
    else if (key === 'sessions') options.sessions = count();
    else if (key === 'seconds') options.seconds = count();
    else if (key === 'runs') options.runs = count();
    else if (key === 'patience') options.patience = count();
    else if (key === 'timeout') options.timeoutSeconds = count();
    else if (key === 'server') options.server = path.resolve(value);
    else if (key === 'mysql-url') options.mysqlUrl = value;
    else if (key === 'nat' && value === '') options.nat = true;
    else if (key === 'env' && /^[A-Z_][A-Z0-9_]*=/.test(value))
      options.serverEnv[value.split('=')[0]] = value.slice(value.indexOf('=') + 1);
    else if (key === 'flow') options.flow = isFlowName(value) ? value : fail(arg);
    else fail(arg);
  }
  return options;
}

function fail(arg: string): never {
  throw new Error(`unknown option ${arg}\n${USAGE}`);
}
