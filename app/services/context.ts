// What every use case receives: collaborators wired once in createApp/cli, and who is acting.
import type { Sequelize, Transaction } from 'sequelize';
import type { Config } from '../config.js';
import { runInTransaction } from '../db/transaction.js';
import type { Storage } from '../lib/storage.js';
import type { Role } from '../models/user.js';

export type ServiceContext = {
  sequelize: Sequelize;
  config: Config;
  storage: Storage;
  now: () => Date;
};

export type Actor = {
  userId: number | null;
  name: string;
  role: Role | 'system';
  departmentId: number | null;
  ip: string | null;
};

export const systemActor: Actor = { userId: null, name: 'system', role: 'system', departmentId: null, ip: null };

export function transaction<T>(ctx: ServiceContext, work: (t: Transaction) => Promise<T>): Promise<T> {
  return runInTransaction(ctx.sequelize, work);
}
