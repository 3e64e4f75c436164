// The session store: one row per browser in `sessions`, so app processes stay stateless.
// Written for the registration rush (issue 14):
// - every write goes through runWrite, so on SQLite it waits in the one write queue instead of
//   beside it (a write beside the queue locked the server up), and the writes that arrive while
//   one waits are committed together with it (services/accounts/session-writes.ts);
// - a page view writes nothing: express-session's rolling cookie asks for a touch on every
//   response, and the stored expiry is moved only when it is more than a minute behind. The idle
//   timeout is then exact to the minute, which is all it needs to be.
import session from 'express-session';
import type { Sequelize } from 'sequelize';
import { deleteExpiredSessions, storedSession } from '../services/accounts/session-rows.js';
import { SessionWrites } from '../services/accounts/session-writes.js';

type Callback = (err?: unknown) => void;

export const TOUCH_GRANULARITY_MS = 60_000;
const REMEMBERED_EXPIRIES = 10_000;

function expiryOf(data: session.SessionData, fallbackMs: number): Date {
  const expires = data.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + fallbackMs);
}

export class DatabaseSessionStore extends session.Store {
  // When each session read or written here expires in the table, so a touch can tell whether it is
  // due without reading the row again. Bounded: the oldest entries go first.
  private readonly storedExpiry = new Map<string, number>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly writes: SessionWrites;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly idleMs: number,
  ) {
    super();
    this.writes = new SessionWrites(sequelize);
  }

  /** Deletes expired rows now and then; unref'd so it never keeps a process alive. */
  startSweeping(intervalMs: number): void {
    this.sweeper = setInterval(() => void this.sweepExpired().catch(() => undefined), intervalMs);
    this.sweeper.unref();
  }

  stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  async sweepExpired(): Promise<number> {
    return deleteExpiredSessions(this.sequelize);
  }

  override get(sid: string, callback: (err: unknown, data?: session.SessionData | null) => void): void {
    const pending = this.writes.pendingFor(sid);
    if (pending?.kind === 'delete') return callback(null, null);
    if (pending?.kind === 'upsert') {
      return callback(
        null,
        pending.row.expires.getTime() > Date.now() ? (JSON.parse(pending.row.data) as session.SessionData) : null,
      );
    }
    storedSession(this.sequelize, sid).then(
      (row) => {
        const expires = row?.expires ? new Date(row.expires) : null;
        if (!row?.data || !expires || expires.getTime() <= Date.now()) return callback(null, null);
        this.remember(sid, expires);
        callback(null, JSON.parse(row.data) as session.SessionData);
      },
      (error) => callback(error),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    const expires = expiryOf(data, this.idleMs);
    const userId = (data as { userId?: number }).userId ?? null;
    this.writes.upsert({ sid, expires, data: JSON.stringify(data), userId }).then(
      () => {
        this.remember(sid, expires);
        callback?.();
      },
      (error) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.storedExpiry.delete(sid);
    this.writes.delete(sid).then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const expires = expiryOf(data, this.idleMs);
    const stored = this.storedExpiry.get(sid);
    if (stored !== undefined && expires.getTime() - stored < TOUCH_GRANULARITY_MS) return callback?.();
    this.writes.touch(sid, expires).then(
      () => {
        this.remember(sid, expires);
        callback?.();
      },
      () => callback?.(), // a lost touch costs at most a minute of idle time; the page must not fail for it
    );
  }

  private remember(sid: string, expires: Date): void {
    this.storedExpiry.delete(sid);
    this.storedExpiry.set(sid, expires.getTime());
    if (this.storedExpiry.size > REMEMBERED_EXPIRIES) this.storedExpiry.delete(this.storedExpiry.keys().next().value!);
  }
}
