// The office's view of notifications: is mail configured, what waits, what failed and why, who
// has no address; retrying failed mail; the wording of each kind of mail.
import { fn, col } from 'sequelize';
import { notFound, invalid } from '../../domain/errors.js';
import {
  AUDIENCE_NAMES,
  isMailKind,
  MAIL_KINDS,
  MAIL_TEMPLATES,
  templateProblems,
  type MailKind,
  type MailTemplateText,
} from '../../domain/mail-templates.js';
import { MailTemplate, OutboxMessage, User } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { activeDepartments } from '../accounts/departments.js';
import { templateFor, withEmail } from './outbox.js';
import { MAIL_STATUS_NAMES } from '../../domain/labels.js';

export const messages = {
  missing: '找不到这封邮件',
  notFailed: '只有发送失败的邮件可以重新发送',
  unknownKind: '没有这类邮件模板',
};

/** Departments none of whose active teachers has an address: their mail cannot go anywhere. */
async function departmentsWithoutAddress(): Promise<string[]> {
  const departments = await activeDepartments();
  const reachable = new Set(
    (
      await User.findAll({ attributes: ['departmentId'], where: { role: 'teacher', active: true, email: withEmail } })
    ).map((u) => u.departmentId),
  );
  return departments.filter((d) => !reachable.has(d.id)).map((d) => d.name);
}

export async function mailOverview(ctx: ServiceContext) {
  const smtp = ctx.config.smtp;
  const counted = (await OutboxMessage.findAll({
    attributes: ['status', [fn('COUNT', col('id')), 'n']],
    group: ['status'],
    raw: true,
  })) as unknown as Array<{ status: string; n: number | string }>;
  const counts = Object.fromEntries(counted.map((c) => [c.status, Number(c.n)]));
  const failed = await OutboxMessage.findAll({ where: { status: 'failed' }, order: [['id', 'DESC']], limit: 100 });
  const recent = await OutboxMessage.findAll({ order: [['id', 'DESC']], limit: 50 });
  const officeReachable = await User.count({ where: { role: 'office', active: true, email: withEmail } });
  return {
    smtp: smtp ? { host: smtp.host, port: smtp.port, security: smtp.security, user: smtp.user, from: smtp.from } : null,
    counts,
    failed,
    recent,
    noAddress: await departmentsWithoutAddress(),
    officeReachable: officeReachable > 0,
  };
}

/** One outbox message in full, as it was (or will be) sent: for the office to read what went out. */
export async function outboxMessage(id: number) {
  const message = Number.isInteger(id) ? await OutboxMessage.findByPk(id) : null;
  if (!message) throw notFound(messages.missing);
  const kind = isMailKind(message.kind) ? MAIL_TEMPLATES[message.kind] : null;
  return {
    ...message.get({ plain: true }),
    kindName: kind?.name ?? '其他邮件',
    statusName: MAIL_STATUS_NAMES[message.status],
  };
}

/** Queues failed mail again with a fresh round of retries (after the office fixed the cause). */
export async function retryFailed(ctx: ServiceContext, actor: Actor, messageId: number | null): Promise<number> {
  return transaction(ctx, async (t) => {
    const where = messageId === null ? { status: 'failed' } : { id: messageId };
    const rows = await OutboxMessage.findAll({ where, transaction: t, lock: t.LOCK.UPDATE });
    if (messageId !== null && !rows.length) throw notFound(messages.missing);
    if (rows.some((r) => r.status !== 'failed')) throw invalid(messages.notFailed);
    await OutboxMessage.update(
      { status: 'queued', attempts: 0, nextAttemptAt: ctx.now() },
      { where: { id: rows.map((r) => r.id), status: 'failed' }, transaction: t },
    );
    if (rows.length)
      await recordAudit(t, actor, {
        action: 'mail.retried',
        entityType: 'outbox_message',
        entityId: messageId,
        after: { count: rows.length },
      });
    return rows.length;
  });
}

export async function listTemplates() {
  const edited = new Set((await MailTemplate.findAll({ attributes: ['kind'] })).map((m) => m.kind));
  return MAIL_KINDS.map((kind) => ({
    kind,
    name: MAIL_TEMPLATES[kind].name,
    audience: AUDIENCE_NAMES[MAIL_TEMPLATES[kind].audience],
    edited: edited.has(kind),
    subject: MAIL_TEMPLATES[kind].subject,
  }));
}

function knownKind(kind: string): MailKind {
  if (!isMailKind(kind)) throw notFound(messages.unknownKind);
  return kind;
}

export async function templateForEdit(kind: string) {
  const known = knownKind(kind);
  const spec = MAIL_TEMPLATES[known];
  return {
    kind: known,
    name: spec.name,
    audience: AUDIENCE_NAMES[spec.audience],
    placeholders: spec.placeholders as Record<string, string>,
    current: await templateFor(known),
    defaults: { subject: spec.subject, body: spec.body },
  };
}

/** Mail stored from now on uses the new wording; mail already in the outbox keeps its own. */
export async function saveTemplate(
  ctx: ServiceContext,
  actor: Actor,
  kind: string,
  text: MailTemplateText,
): Promise<void> {
  const known = knownKind(kind);
  const clean = { subject: text.subject.trim(), body: text.body.replace(/\r\n/g, '\n').trim() };
  const problems = templateProblems(known, clean);
  if (problems.length) throw invalid(problems[0], problems);
  await transaction(ctx, async (t) => {
    const existing = await MailTemplate.findOne({ where: { kind: known }, transaction: t, lock: t.LOCK.UPDATE });
    const before = existing ? { subject: existing.subject } : { subject: MAIL_TEMPLATES[known].subject };
    if (existing) await existing.update({ ...clean, updatedBy: actor.userId }, { transaction: t });
    else await MailTemplate.create({ kind: known, ...clean, updatedBy: actor.userId }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'mail.template-saved',
      entityType: 'mail_template',
      entityId: known,
      before,
      after: { subject: clean.subject },
    });
  });
}

export async function resetTemplate(ctx: ServiceContext, actor: Actor, kind: string): Promise<void> {
  const known = knownKind(kind);
  await transaction(ctx, async (t) => {
    const removed = await MailTemplate.destroy({ where: { kind: known }, transaction: t });
    if (removed)
      await recordAudit(t, actor, { action: 'mail.template-reset', entityType: 'mail_template', entityId: known });
  });
}
