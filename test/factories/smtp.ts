// A real SMTP server on loopback (the smtp-server package), for tests of the mail outbox. It keeps
// every message it accepted, parsed by mailparser, and can be stopped and started on its port.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SmtpConfig } from '../../app/config.js';

export type Received = { from: string; to: string[]; raw: string; mail: ParsedMail };

export class TestSmtp {
  readonly received: Received[] = [];
  /** Recipients this server answers 550 for, as a real one does for a mailbox that does not exist. */
  readonly refused = new Set<string>();
  port = 0;
  private server: SMTPServer | null = null;

  constructor(private readonly login: { user: string; pass: string } | null = null) {}

  static async start(login: { user: string; pass: string } | null = null): Promise<TestSmtp> {
    const smtp = new TestSmtp(login);
    await smtp.up();
    return smtp;
  }

  /** Listens (again) on the same port; the first time on any free port. */
  async up(): Promise<void> {
    const login = this.login;
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !login,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (login && auth.username === login.user && auth.password === login.pass)
          return callback(null, { user: auth.username });
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, callback) => {
        if (this.refused.has(address.address))
          return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        return callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            mail: await simpleParser(raw),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** Stops listening: connections are refused until up() is called again. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  config(overrides: Partial<SmtpConfig> = {}): SmtpConfig {
    return {
      host: '127.0.0.1',
      port: this.port,
      security: 'none',
      user: this.login?.user ?? null,
      password: this.login?.pass ?? null,
      from: '继续教育学院 <jxjy@skillcert.test>',
      ...overrides,
    };
  }

  /** The messages sent to one address. */
  to(address: string): Received[] {
    return this.received.filter((r) => r.to.includes(address));
  }
}
