// The mail outbox (issue 7) against a real SMTP server on loopback (test/factories/smtp.ts):
// UTF-8 MIME with our Message-ID; retries 1/5/30/120 min then failed, made due by moving the
// clock; a refused login fails at once; a worker that died mid-queue is picked up by another
// with the same Message-ID; two workers at once send each mail once; no SMTP, no sending.
// The database is shared with other tests, so only messages created here are looked at.
import { expect } from 'chai';
import { OutboxWorker, messages as outboxMessages } from '../../app/jobs/mail-outbox.js';
import { MAIL_TEMPLATES, fillTemplate } from '../../app/domain/mail-templates.js';
import { createMailer, type Mailer } from '../../app/lib/mailer.js';
import { OutboxMessage } from '../../app/models/index.js';
import { enqueueMail, type Notification } from '../../app/services/notifications/outbox.js';
import { transaction, type ServiceContext } from '../../app/services/context.js';
import { h } from '../setup/hooks.js';
import { uid } from '../factories/index.js';
import { TestSmtp } from '../factories/smtp.js';

const MINUTE = 60_000;

describe('mail outbox', function () {
  this.timeout(60_000);
  const clock = { now: new Date() };
  let ctx: ServiceContext;
  const servers: TestSmtp[] = [];
  const mailers: Mailer[] = [];

  beforeEach(() => {
    // Whole seconds: MariaDB DATETIME keeps no milliseconds.
    clock.now = new Date(Math.floor(Date.now() / 1000) * 1000);
    ctx = { ...h().app.ctx, now: () => clock.now };
  });

  afterEach(async () => {
    for (const m of mailers.splice(0)) m.close();
    for (const s of servers.splice(0)) await s.down();
  });

  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  const later = (ms: number) => new Date(clock.now.getTime() + ms);

  async function server(login: { user: string; pass: string } | null = null): Promise<TestSmtp> {
    const smtp = await TestSmtp.start(login);
    servers.push(smtp);
    return smtp;
  }

  function mailerFor(smtp: TestSmtp, password?: string): Mailer {
    const mailer = createMailer(smtp.config(password === undefined ? {} : { password }));
    mailers.push(mailer);
    return mailer;
  }

  const worker = (mailer: Mailer | null, staleMs?: number) => new OutboxWorker(ctx, mailer, { log: () => {}, staleMs });

  async function enqueue(mail: Partial<Notification> = {}): Promise<OutboxMessage> {
    const row = await transaction(ctx, (t) =>
      enqueueMail(ctx, t, {
        kind: 'ticket-ready',
        to: [`s${uid()}@student.test`],
        values: { 批次: '2026年下半年', 姓名: '张三', 准考证: '电工 四级 2026001' },
        link: '/me',
        ...mail,
      }),
    );
    return row!;
  }

  const reload = async (row: OutboxMessage) => (await OutboxMessage.findByPk(row.id))!;
  const deliveries = (smtp: TestSmtp, row: OutboxMessage) =>
    smtp.received.filter((r) => r.mail.messageId === `<${row.messageId}>`);
  const timesDelivered = (smtp: TestSmtp, rows: OutboxMessage[]) => rows.map((row) => deliveries(smtp, row).length);

  async function until(done: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
    for (const end = Date.now() + ms; !(await done()); await new Promise((r) => setTimeout(r, 20))) {
      if (Date.now() > end) throw new Error('timed out waiting');
    }
  }

  it('a recipient the server refuses is named to the office; the others get the mail once, with no retry', async () => {
    const smtp = await server();
    const [good, bad] = [`good-${uid()}@dept.test`, `bad-${uid()}@dept.test`];
    smtp.refused.add(bad);
    const row = await enqueue({ to: [good, bad] });
    await worker(mailerFor(smtp)).sendDue();
    const after = await reload(row);
    expect(after.status).to.equal('sent');
    expect(after.lastError).to.equal(outboxMessages.partlyRejected([bad]));
    expect(deliveries(smtp, row).map((r) => r.to)).to.deep.equal([[good]]);
    advance(3 * 60 * MINUTE);
    await worker(mailerFor(smtp)).sendDue();
    expect(deliveries(smtp, row)).to.have.length(1);
  });

  it('sends one UTF-8 message to two recipients with our Message-ID, and marks it sent', async () => {
    const smtp = await server();
    const to = [`teacher-${uid()}@dept.test`, `office-${uid()}@dept.test`];
    const values = {
      批次: '2026年下半年',
      姓名: '李四',
      新项目: '电工 四级 320 元',
      全部项目: '电工 四级 320 元\n焊工 五级 280 元\n',
      合计: 600,
      缴费截止: '2026-10-12 17:00',
    };
    const row = await enqueue({ kind: 'registration-confirmed', to, values, link: '/student/registrations' });
    const filled = { ...values, 链接: `${ctx.config.publicUrl}/student/registrations` };

    expect(await worker(mailerFor(smtp)).sendDue()).to.be.at.least(1);

    const [got, ...more] = deliveries(smtp, row);
    expect(more).to.have.length(0);
    expect(got.mail.subject).to.equal(fillTemplate(MAIL_TEMPLATES['registration-confirmed'].subject, filled));
    expect(got.mail.subject).to.equal('【2026年下半年】报名成功：电工 四级 320 元');
    expect(got.mail.text).to.equal(fillTemplate(MAIL_TEMPLATES['registration-confirmed'].body, filled));
    expect(got.mail.text).to.include('李四同学').and.include('焊工 五级 280 元');
    expect(got.to).to.deep.equal(to);
    const toHeader = got.mail.to as { value: { address: string }[] };
    expect(toHeader.value.map((a) => a.address)).to.deep.equal(to);
    expect(got.from).to.equal('jxjy@skillcert.test');
    expect(got.mail.from!.value).to.deep.equal([{ address: 'jxjy@skillcert.test', name: '继续教育学院' }]);
    expect(got.mail.messageId).to.equal(`<${row.messageId}>`);

    const header = got.raw.split('\r\n\r\n')[0];
    expect(header).to.match(/^Message-ID: <([^>]+)>$/m);
    expect(/^Message-ID: <([^>]+)>$/m.exec(header)![1]).to.equal(row.messageId);
    expect(header).to.match(/charset=utf-8/i);
    expect(header).to.match(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(header).not.to.match(/[\u3000-\u9fff\uff00-\uffef]/); // no bare Chinese in any header

    const sent = await reload(row);
    expect(sent.status).to.equal('sent');
    expect(sent.attempts).to.equal(1);
    expect(sent.sentAt!.getTime()).to.equal(clock.now.getTime());
    expect(sent.smtpResponse).to.match(/^250/);
    expect(sent.lastError).to.equal(null);
    expect(sent.workerId).to.equal(null);
  });

  it('keeps the message while the server is down and sends it once, a minute later, when it is back', async () => {
    const smtp = await server();
    await smtp.down();
    const w = worker(mailerFor(smtp));
    const row = await enqueue();

    await w.sendDue();
    const waiting = await reload(row);
    expect(waiting.status).to.equal('queued');
    expect(waiting.attempts).to.equal(1);
    expect(waiting.lastError)
      .to.match(/^连接邮件服务器失败/)
      .and.match(/ECONNREFUSED/);
    expect(waiting.nextAttemptAt.getTime()).to.equal(later(MINUTE).getTime());

    advance(MINUTE - 1000); // not yet due: nothing happens
    await w.sendDue();
    expect((await reload(row)).attempts).to.equal(1);

    await smtp.up();
    advance(2000);
    await w.sendDue();
    expect(deliveries(smtp, row)).to.have.length(1);
    const sent = await reload(row);
    expect([sent.status, sent.attempts, sent.lastError]).to.deep.equal(['sent', 2, null]);

    advance(10 * MINUTE);
    await w.sendDue();
    await w.sendDue();
    expect(deliveries(smtp, row)).to.have.length(1);
  });

  it('retries 1, 5, 30 and 120 minutes after each failure, and marks the 5th failure failed', async () => {
    const smtp = await server();
    await smtp.down();
    const w = worker(mailerFor(smtp));
    const row = await enqueue();

    for (const [i, minutes] of [1, 5, 30, 120].entries()) {
      await w.sendDue();
      const r = await reload(row);
      expect([r.status, r.attempts], `failure ${i + 1}`).to.deep.equal(['queued', i + 1]);
      expect(r.nextAttemptAt.getTime(), `failure ${i + 1}`).to.equal(later(minutes * MINUTE).getTime());
      clock.now = r.nextAttemptAt;
    }
    await w.sendDue();
    const failed = await reload(row);
    expect([failed.status, failed.attempts]).to.deep.equal(['failed', 5]);
    expect(failed.lastError)
      .to.match(/^连接邮件服务器失败/)
      .and.match(/ECONNREFUSED/);

    advance(24 * 60 * MINUTE); // failed is final
    await smtp.up();
    await w.sendDue();
    expect(deliveries(smtp, row)).to.have.length(0);
  });

  it('fails at once, without retries, when the server refuses the password; the right one delivers', async () => {
    const login = { user: 'jxjy', pass: 'right-password' };
    const smtp = await server(login);
    const refused = await enqueue();

    await worker(mailerFor(smtp, 'wrong-password')).sendDue();
    const failed = await reload(refused);
    expect([failed.status, failed.attempts]).to.deep.equal(['failed', 1]);
    expect(failed.lastError).to.include('SMTP_USER / SMTP_PASSWORD').and.include('535');
    expect(smtp.received).to.have.length(0);

    const row = await enqueue();
    await worker(mailerFor(smtp)).sendDue();
    expect(deliveries(smtp, row)).to.have.length(1);
    expect((await reload(row)).status).to.equal('sent');
    expect(deliveries(smtp, refused)).to.have.length(0);
  });

  it('after a crash mid-queue, another worker sends the rest; the interrupted one again with the same Message-ID', async () => {
    const smtp = await server();
    const rows: OutboxMessage[] = [];
    for (let i = 0; i < 6; i++) rows.push(await enqueue());

    // Worker A "dies": the server accepts rows[2] but A never marks it; A claims rows[3] and
    // dies before sending. Its sendDue() calls never return.
    const real = mailerFor(smtp);
    const hung: string[] = [];
    const never = new Promise<never>(() => {});
    const crashing: Mailer = {
      async send(mail) {
        if (mail.messageId === rows[3].messageId) {
          hung.push(mail.messageId);
          return never;
        }
        const result = await real.send(mail);
        if (mail.messageId === rows[2].messageId) {
          hung.push(mail.messageId);
          return never;
        }
        return result;
      },
      close: () => real.close(),
    };
    const a = worker(crashing);
    void a.sendDue();
    await until(() => hung.length === 1);
    void a.sendDue();
    await until(() => hung.length === 2);

    const statuses = async () => Promise.all(rows.map(async (r) => (await reload(r)).status));
    expect(await statuses()).to.deep.equal(['sent', 'sent', 'sending', 'sending', 'queued', 'queued']);
    expect(timesDelivered(smtp, rows)).to.deep.equal([1, 1, 1, 0, 0, 0]);

    const b = worker(mailerFor(smtp), 5 * MINUTE);
    expect(b.workerId).not.to.equal(a.workerId);
    await b.requeueInterrupted(); // not stale yet: A might still be sending
    expect((await reload(rows[2])).status).to.equal('sending');
    advance(5 * MINUTE + 1000);
    expect(await b.requeueInterrupted()).to.be.at.least(2);
    const requeued = await reload(rows[2]);
    expect([requeued.status, requeued.lastError, requeued.workerId]).to.deep.equal([
      'queued',
      outboxMessages.interrupted,
      null,
    ]);
    await b.sendDue();

    expect(await statuses()).to.deep.equal(Array(6).fill('sent'));
    expect(timesDelivered(smtp, rows)).to.deep.equal([1, 1, 2, 1, 1, 1]);
    const twice = deliveries(smtp, rows[2]);
    expect(twice.map((r) => /^Message-ID: (.*)$/m.exec(r.raw)![1])).to.deep.equal([
      `<${rows[2].messageId}>`,
      `<${rows[2].messageId}>`,
    ]);
    const ours = new Set(rows.map((r) => `<${r.messageId}>`));
    const distinct = new Set(smtp.received.map((r) => r.mail.messageId).filter((id) => ours.has(id!)));
    expect([...distinct].sort()).to.deep.equal([...ours].sort());
  });

  it('two workers sending at once deliver each message exactly once', async () => {
    const smtp = await server();
    const rows: OutboxMessage[] = [];
    for (let i = 0; i < 20; i++) rows.push(await enqueue());

    const sentBy = { a: 0, b: 0 };
    const counting = (name: 'a' | 'b'): Mailer => {
      const real = mailerFor(smtp);
      return {
        send: async (mail) => {
          const r = await real.send(mail);
          sentBy[name]++;
          return r;
        },
        close: () => real.close(),
      };
    };
    await Promise.all([worker(counting('a')).sendDue(), worker(counting('b')).sendDue()]);

    expect(timesDelivered(smtp, rows)).to.deep.equal(Array(20).fill(1));
    expect(new Set(rows.map((r) => r.messageId)).size).to.equal(20);
    for (const row of rows) expect((await reload(row)).status).to.equal('sent');
    expect(sentBy.a, 'worker a sent some').to.be.above(0);
    expect(sentBy.b, 'worker b sent some').to.be.above(0);
  });

  it('delivers by polling between start() and stop()', async () => {
    const smtp = await server();
    const row = await enqueue();
    const w = new OutboxWorker(ctx, createMailer(smtp.config()), { log: () => {}, pollMs: 50 });
    w.start();
    try {
      await until(async () => (await reload(row)).status === 'sent');
    } finally {
      await w.stop();
    }
    expect(deliveries(smtp, row)).to.have.length(1);
  });

  it('with no SMTP configured, sends nothing and keeps the message queued', async () => {
    const row = await enqueue();
    expect(await worker(null).sendDue()).to.equal(0);
    const r = await reload(row);
    expect([r.status, r.attempts, r.lastError]).to.deep.equal(['queued', 0, null]);
    await r.destroy(); // leave nothing queued for other tests
  });
});
