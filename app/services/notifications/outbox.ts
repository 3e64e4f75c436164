// The mail outbox (issue 7). A notification is written here inside the transaction of the event
// that causes it, so it exists exactly when the event does; app/jobs/mail-outbox.ts sends it.
import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { fillTemplate, MAIL_TEMPLATES, type MailKind, type MailTemplateText } from '../../domain/mail-templates.js';
import { MailTemplate, OutboxMessage, User } from '../../models/index.js';
import type { ServiceContext } from '../context.js';

export type Notification = {
  kind: MailKind;
  to: string[];
  values: Record<string, string | number>;
  link: string; // a path inside the app; the mail carries the full address
  departmentId?: number | null;
};

/** The wording in force for a kind of mail: the office's, or the default. */
export async function templateFor(kind: MailKind, t?: Transaction): Promise<MailTemplateText> {
  const edited = await MailTemplate.findOne({ where: { kind }, transaction: t });
  return edited ? { subject: edited.subject, body: edited.body } : MAIL_TEMPLATES[kind];
}

function messageDomain(ctx: ServiceContext): string {
  const from = ctx.config.smtp?.from ?? '';
  return /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? new URL(ctx.config.publicUrl).hostname ?? 'skillcert.local';
}

/** As many whole addresses as the recipients column holds (1000 characters: some 40 addresses). */
function wholeAddresses(addresses: string[]): string[] {
  let length = 0;
  return addresses.filter((a) => (length += a.length + 2) <= 1002);
}

/** Stores one mail to send; nothing when nobody has an address (the office page lists who lacks one). */
export async function enqueueMail(
  ctx: ServiceContext,
  t: Transaction,
  mail: Notification,
): Promise<OutboxMessage | null> {
  const to = wholeAddresses([...new Set(mail.to.map((a) => a.trim()).filter(Boolean))]);
  if (to.length === 0) return null;
  const template = await templateFor(mail.kind, t);
  const values = { ...mail.values, 链接: `${ctx.config.publicUrl}${mail.link}` };
  return OutboxMessage.create(
    {
      kind: mail.kind,
      recipients: to.join(', '),
      subject: fillTemplate(template.subject, values)
        .replace(/[\r\n]+/g, ' ')
        .slice(0, 200),
      body: fillTemplate(template.body, values),
      messageId: `${randomUUID()}@${messageDomain(ctx)}`,
      departmentId: mail.departmentId ?? null,
      status: 'queued',
      nextAttemptAt: ctx.now(),
    },
    { transaction: t },
  );
}

/** The `email` condition of an account that can receive mail. */
export const withEmail = { [Op.and]: [{ [Op.ne]: null }, { [Op.ne]: '' }] };

/** The addresses of a department's active designated teachers. */
export async function teacherAddresses(departmentId: number, t?: Transaction): Promise<string[]> {
  const users = await User.findAll({
    where: { role: 'teacher', departmentId, active: true, email: withEmail },
    transaction: t,
  });
  return users.map((u) => u.email!);
}

/** The addresses of the office's active staff. */
export async function officeAddresses(t?: Transaction): Promise<string[]> {
  const users = await User.findAll({ where: { role: 'office', active: true, email: withEmail }, transaction: t });
  return users.map((u) => u.email!);
}
