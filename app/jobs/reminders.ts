// Deadline reminders (issue 7). Every app process may run this; the reminders table's unique key
// (batch × department × deadline × its time × days before) lets exactly one of them issue each.
import { UniqueConstraintError } from 'sequelize';
import { dueReminder, REMINDED_DEADLINES } from '../domain/reminders.js';
import { formatShanghai } from '../domain/time.js';
import { Batch, Department, Reminder } from '../models/index.js';
import { openBatches } from '../services/season/batches.js';
import { announceDueTickets } from '../services/outputs/ticket-release.js';
import { transaction, type ServiceContext } from '../services/context.js';
import { effectiveDeadlineFor } from '../services/season/extensions.js';
import { enqueueMail, teacherAddresses } from '../services/notifications/outbox.js';
import { departmentTodosFor, type DeadlineTodos } from '../services/notifications/todos.js';
import { Poller } from './poller.js';

/** Issues every reminder due now to departments with something outstanding; returns how many. */
export async function issueDueReminders(ctx: ServiceContext): Promise<number> {
  const now = ctx.now();
  const [batches, departments] = await Promise.all([openBatches(), Department.findAll({ where: { active: true } })]);
  let issued = 0;
  for (const batch of batches) {
    for (const department of departments) {
      for (const [deadline] of REMINDED_DEADLINES) {
        const deadlineAt = await effectiveDeadlineFor(batch, department.id, deadline);
        const daysBefore = dueReminder(deadlineAt, now);
        if (daysBefore === null) continue;
        const key = { batchId: batch.id, departmentId: department.id, deadline, deadlineAt, daysBefore };
        if (await Reminder.findOne({ where: key })) continue;
        const due = await departmentTodosFor(batch, department.id, deadline, deadlineAt);
        if (due.todos.length === 0) continue; // nothing outstanding: no reminder (checked again next round)
        if (await issue(ctx, batch, department, key, due)) issued++;
      }
    }
  }
  return issued;
}

type ReminderKey = { batchId: number; departmentId: number; deadline: string; deadlineAt: Date; daysBefore: number };

async function issue(
  ctx: ServiceContext,
  batch: Batch,
  department: Department,
  key: ReminderKey,
  due: DeadlineTodos,
): Promise<boolean> {
  const lines = due.todos.map((todo) => `・${todo.text}`).join('\n');
  try {
    await transaction(ctx, async (t) => {
      const reminder = await Reminder.create(
        { ...key, outboxMessageId: null, summary: lines.slice(0, 1000) },
        { transaction: t },
      );
      const message = await enqueueMail(ctx, t, {
        kind: 'deadline-reminder',
        to: await teacherAddresses(department.id, t),
        link: due.todos[0].link,
        departmentId: department.id,
        values: {
          批次: batch.name,
          学院: department.name,
          事项: due.title,
          截止时间: formatShanghai(due.dueAt),
          天数: key.daysBefore,
          待办: lines,
        },
      });
      if (message) await reminder.update({ outboxMessageId: message.id }, { transaction: t });
    });
    return true;
  } catch (error) {
    if (error instanceof UniqueConstraintError) return false; // another process issued it first
    throw error;
  }
}

/**
 * Looks for due reminders every minute (the deadlines are to the minute), and announces tickets
 * whose release time has come.
 */
export function reminderScheduler(
  ctx: ServiceContext,
  options: { everyMs?: number; log?: (m: string) => void } = {},
): Poller {
  const log = options.log ?? ((m) => console.error(m));
  const tick = async () => (await issueDueReminders(ctx)) + (await announceDueTickets(ctx, await openBatches()));
  return new Poller(tick, options.everyMs ?? 60_000, (m) => log(`reminders: ${m}`));
}
