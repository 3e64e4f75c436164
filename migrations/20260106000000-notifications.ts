// Notifications (issue 7): staff e-mail addresses, the mail outbox that events write into inside
// their own transaction, the office's wording of each mail, and the reminders already issued
// (one per deadline × department × offset, so several app processes never send one twice).
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';
import { id, ref, timestamps } from './lib/columns.js';

export const up: Migration = async ({ queryInterface: q }) => {
  await q.addColumn('users', 'email', { type: DataTypes.STRING(120), allowNull: true });

  // queued → sending → sent | queued again (retry at nextAttemptAt) | failed (reason in lastError).
  await q.createTable('outbox_messages', {
    id,
    kind: { type: DataTypes.STRING(40), allowNull: false },
    recipients: { type: DataTypes.STRING(1000), allowNull: false }, // comma-separated addresses
    subject: { type: DataTypes.STRING(200), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    // Fixed when the message is stored: a retry after a crash carries the same Message-ID.
    messageId: { type: DataTypes.STRING(120), allowNull: false },
    departmentId: ref('departments', true),
    status: { type: DataTypes.STRING(10), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: { type: DataTypes.DATE, allowNull: false },
    lastError: { type: DataTypes.STRING(500), allowNull: true },
    workerId: { type: DataTypes.STRING(80), allowNull: true },
    claimedAt: { type: DataTypes.DATE, allowNull: true },
    sentAt: { type: DataTypes.DATE, allowNull: true },
    smtpResponse: { type: DataTypes.STRING(300), allowNull: true },
    ...timestamps,
  });
  await q.addIndex('outbox_messages', ['messageId'], { unique: true, name: 'outbox_message_id' });
  await q.addIndex('outbox_messages', ['status', 'nextAttemptAt']);

  await q.createTable('mail_templates', {
    id,
    kind: { type: DataTypes.STRING(40), allowNull: false },
    subject: { type: DataTypes.STRING(200), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    updatedBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('mail_templates', ['kind'], { unique: true, name: 'mail_templates_kind' });

  await q.createTable('reminders', {
    id,
    batchId: ref('batches'),
    departmentId: ref('departments'),
    deadline: { type: DataTypes.STRING(30), allowNull: false },
    deadlineAt: { type: DataTypes.DATE, allowNull: false }, // a moved deadline gets its own reminders
    daysBefore: { type: DataTypes.INTEGER, allowNull: false },
    outboxMessageId: ref('outbox_messages', true),
    summary: { type: DataTypes.STRING(1000), allowNull: false },
    ...timestamps,
  });
  await q.addIndex('reminders', ['batchId', 'departmentId', 'deadline', 'deadlineAt', 'daysBefore'], {
    unique: true,
    name: 'reminders_once',
  });
};

export const down: Migration = async ({ queryInterface: q }) => {
  await q.dropTable('reminders');
  await q.dropTable('mail_templates');
  await q.dropTable('outbox_messages');
  await q.removeColumn('users', 'email');
};
