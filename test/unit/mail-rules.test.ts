// Mail rules (issue 7): when a failed mail is tried again, which SMTP failures are final, how
// templates are filled and checked, and when a deadline reminder (3 天 / 1 天前) is due.
import { expect } from 'chai';
import { isPermanent, nextAttemptAt, RETRY_DELAYS_MINUTES } from '../../app/domain/mail-retry.js';
import {
  fillTemplate,
  MAIL_KINDS,
  MAIL_TEMPLATES,
  messages,
  templateProblems,
} from '../../app/domain/mail-templates.js';
import { dueReminder } from '../../app/domain/reminders.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('mail retry (1 min, 5 min, 30 min, 2 h, then failed)', () => {
  const failedAt = new Date('2026-10-10T09:00:00Z');

  it('schedules the next try 1, 5, 30 and 120 minutes after failures 1..4, none after the 5th', () => {
    expect(RETRY_DELAYS_MINUTES).to.deep.equal([1, 5, 30, 120]);
    const later = [1, 2, 3, 4, 5].map((attempts) => nextAttemptAt(attempts, failedAt));
    expect(later.map((d) => (d ? (d.getTime() - failedAt.getTime()) / MINUTE : null))).to.deep.equal([
      1,
      5,
      30,
      120,
      null,
    ]);
  });

  it('treats a refused login and a 5xx answer as permanent, 4xx and connection errors as temporary', () => {
    expect(isPermanent({ code: 'EAUTH', responseCode: 535 })).to.equal(true);
    expect(isPermanent({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' })).to.equal(true);
    expect(isPermanent({ code: 'EENVELOPE', responseCode: 421, response: '421 try again later' })).to.equal(false);
    expect(isPermanent({ code: 'ECONNREFUSED' })).to.equal(false);
  });
});

describe('mail templates (邮件模板)', () => {
  it('fills known placeholders, with or without spaces, and leaves unknown ones visible', () => {
    const text = fillTemplate('【{{批次}}】{{ 姓名 }}同学，合计 {{合计}} 元，{{未知}}', {
      批次: '2026年下半年',
      姓名: '张三',
      合计: 320,
    });
    expect(text).to.equal('【2026年下半年】张三同学，合计 320 元，{{未知}}');
  });

  it('refuses a placeholder the kind does not offer and lists the ones it does', () => {
    const problems = templateProblems('ticket-ready', {
      subject: '【{{批次}}】准考证',
      body: '{{学院}}的{{姓名}}：{{链接}}',
    });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.equal(messages.unknown(['学院'], 'ticket-ready'));
    for (const name of ['批次', '链接', '姓名', '准考证']) expect(problems[0]).to.include(`{{${name}}}`);
  });

  it('refuses an empty subject and a subject of more than one line', () => {
    expect(templateProblems('ticket-ready', { subject: '   ', body: '正文' })).to.deep.equal([messages.subject]);
    expect(templateProblems('ticket-ready', { subject: '准考证\n已可以打印', body: '正文' })).to.deep.equal([
      messages.newline,
    ]);
  });

  it('accepts every default template', () => {
    expect(MAIL_KINDS).to.deep.equal(Object.keys(MAIL_TEMPLATES));
    for (const kind of MAIL_KINDS) expect(templateProblems(kind, MAIL_TEMPLATES[kind]), kind).to.deep.equal([]);
  });
});

describe('deadline reminders (截止前 3 天和 1 天)', () => {
  const deadline = new Date('2026-10-10T09:00:00Z');
  const before = (ms: number) => dueReminder(deadline, new Date(deadline.getTime() - ms));

  it('is not due 4 days before', () => expect(before(4 * DAY)).to.equal(null));
  it('sends the 3-day reminder from exactly 3 days before, and still 2 days before', () => {
    expect(before(3 * DAY)).to.equal(3);
    expect(before(2 * DAY)).to.equal(3);
  });
  it('sends the 1-day reminder from 1 day before up to the last minute', () => {
    expect(before(DAY)).to.equal(1);
    expect(before(MINUTE)).to.equal(1);
  });
  it('sends nothing at or after the deadline', () => {
    expect(before(0)).to.equal(null);
    expect(before(-MINUTE)).to.equal(null);
  });
});
