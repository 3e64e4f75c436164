// Sends the outbox (issue 7). Several app processes may run this worker against one database:
// - a message is claimed by a conditional UPDATE (queued → sending), so only one process sends it;
// - a failure is retried after 1 min, 5 min, 30 min and 2 h, then marked failed with the SMTP
//   error for the office; a failure no retry can fix (wrong password, 5xx) is failed at once;
// - a message left "sending" by a process that died is queued again with its recorded Message-ID.
//   The one crash no sender can rule out (the server accepted the mail, the process died before
//   marking it) thus gives the same message again, which mail systems show once (RFC 5322 §3.6.4).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import { describeFailure, isPermanent, nextAttemptAt, type SmtpFailure } from '../domain/mail-retry.js';
import type { Mailer } from '../lib/mailer.js';
import { OutboxMessage } from '../models/index.js';
import { transaction, type ServiceContext } from '../services/context.js';
import { Poller } from './poller.js';
import { deadLocalProcess } from './runner.js';

export const messages = {
  interrupted: '发送中断（服务重启或停止），将以同一 Message-ID 重新发送',
  partlyRejected: (addresses: string[]) =>
    `邮件服务器拒收了这些收件人，其他人已收到：${addresses.join('、')}；请核对邮箱地址`.slice(0, 500),
};

export type OutboxOptions = { pollMs?: number; staleMs?: number; batchSize?: number; log?: (message: string) => void };

export class OutboxWorker {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly poller: Poller;
  private readonly staleMs: number;
  private readonly batchSize: number;

  /** With no mailer (SMTP not configured) messages simply wait in the outbox. */
  constructor(
    private readonly ctx: ServiceContext,
    private readonly mailer: Mailer | null,
    options: OutboxOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 5 * 60_000;
    this.batchSize = options.batchSize ?? 20;
    const log = options.log ?? ((m) => console.error(m));
    this.poller = new Poller(
      () => this.requeueInterrupted().then(() => this.sendDue()),
      options.pollMs ?? 5000,
      (m) => log(`mail: ${m}`),
    );
  }

  start(): void {
    if (this.mailer) this.poller.start();
  }

  /** Stops polling and waits for the mail in flight, so it is marked before the database closes. */
  async stop(): Promise<void> {
    await this.poller.stop();
    this.mailer?.close();
  }

  /** Sends every message that is due now, one after another; returns how many were tried. */
  async sendDue(): Promise<number> {
    if (!this.mailer) return 0;
    let tried = 0;
    for (;;) {
      const due = await OutboxMessage.findAll({
        where: { status: 'queued', nextAttemptAt: { [Op.lte]: this.ctx.now() } },
        order: [['id', 'ASC']],
        limit: this.batchSize,
      });
      if (due.length === 0) return tried;
      for (const candidate of due) {
        const message = await this.claim(candidate);
        if (message) {
          await this.deliver(message);
          tried++;
        }
      }
    }
  }

  /** Queues again what a dead or stuck worker left "sending" (same Message-ID). */
  async requeueInterrupted(): Promise<number> {
    const cutoff = new Date(this.ctx.now().getTime() - this.staleMs);
    let requeued = 0;
    for (const message of await OutboxMessage.findAll({ where: { status: 'sending' } })) {
      if (!(message.claimedAt! < cutoff || deadLocalProcess(message.workerId))) continue;
      const [n] = await transaction(this.ctx, (t) =>
        OutboxMessage.update(
          { status: 'queued', nextAttemptAt: this.ctx.now(), lastError: messages.interrupted, workerId: null },
          { where: { id: message.id, status: 'sending', workerId: message.workerId }, transaction: t },
        ),
      );
      requeued += n;
    }
    return requeued;
  }

  private async claim(candidate: OutboxMessage): Promise<OutboxMessage | null> {
    const [claimed] = await transaction(this.ctx, (t) =>
      OutboxMessage.update(
        { status: 'sending', workerId: this.workerId, claimedAt: this.ctx.now(), attempts: candidate.attempts + 1 },
        { where: { id: candidate.id, status: 'queued', attempts: candidate.attempts }, transaction: t },
      ),
    );
    return claimed === 1 ? OutboxMessage.findByPk(candidate.id) : null;
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    let outcome: Partial<OutboxMessage>;
    try {
      const { response, rejected } = await this.mailer!.send({
        to: message.recipients.split(/,\s*/),
        subject: message.subject,
        text: message.body,
        messageId: message.messageId,
      });
      // Sent to the others; retrying would send them a second copy, so the refusal is only recorded.
      const lastError = rejected.length ? messages.partlyRejected(rejected) : null;
      outcome = { status: 'sent', sentAt: this.ctx.now(), smtpResponse: response.slice(0, 300), lastError };
    } catch (error) {
      const failure = error as SmtpFailure;
      const retryAt = isPermanent(failure) ? null : nextAttemptAt(message.attempts, this.ctx.now());
      outcome = retryAt
        ? { status: 'queued', nextAttemptAt: retryAt, lastError: describeFailure(failure) }
        : { status: 'failed', lastError: describeFailure(failure) };
    }
    await transaction(this.ctx, (t) =>
      OutboxMessage.update(
        { ...outcome, workerId: null },
        { where: { id: message.id, status: 'sending', workerId: this.workerId }, transaction: t },
      ),
    );
  }
}
