// The office's holiday list: public holidays (non-working) and 调休 weekend working days, which the
// 7-working-day check of department plans counts with (seed 001 Art. 17(一)). Unlike everything
// else, a holiday row is configuration, not a record of what someone did: removing a mistyped day
// deletes the row (the audit log keeps what was removed), which the rule that records are
// never hard-deleted (seed 001 Art. 17(八); ARCHITECTURE.md § Records) does not forbid.
import { UniqueConstraintError, type Transaction } from 'sequelize';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { calendarOf, dayNumber, isWeekendDay, type WorkCalendar } from '../../domain/working-days.js';
import { Holiday } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { requiredText } from '../../domain/required-text.js';

export const messages = {
  day: '请填写真实的日期，格式如 2024-10-01',
  name: '请填写名称（不超过 40 个字），例如“国庆节”或“国庆调休上班”',
  taken: (day: string, name: string) => `${day} 已在列表中（${name}）；如需修改，请先删除那一天再添加`,
  workdayOnWeekday: (day: string) => `${day} 不是周末，本来就是工作日；只有周六、周日的调休上班日需要添加`,
  missing: '找不到这一天，可能已被删除，请刷新页面',
};

export type HolidayInput = { day: string; name: string; workday: boolean };

export async function listHolidays() {
  const rows = await Holiday.findAll({ order: [['day', 'DESC']] });
  return rows.map((r) => ({ ...r.get({ plain: true }), weekend: isWeekendDay(r.day) }));
}

export async function workCalendar(t?: Transaction): Promise<WorkCalendar> {
  return calendarOf(await Holiday.findAll({ attributes: ['day', 'workday'], transaction: t }));
}

export async function addHoliday(ctx: ServiceContext, actor: Actor, input: HolidayInput) {
  const day = input.day.trim();
  if (dayNumber(day) === null) throw invalid(messages.day);
  const name = requiredText(input.name, 40, messages.name);
  if (input.workday && !isWeekendDay(day)) throw invalid(messages.workdayOnWeekday(day));
  return transaction(ctx, async (t) => {
    const existing = await Holiday.findOne({ where: { day }, transaction: t });
    if (existing) throw conflict(messages.taken(day, existing.name));
    // Two clerks adding the same day at once: the unique index decides, the loser hears why.
    const row = await Holiday.create({ day, name, workday: input.workday }, { transaction: t }).catch(
      (error: unknown) => {
        throw error instanceof UniqueConstraintError ? conflict(messages.taken(day, name)) : error;
      },
    );
    await recordAudit(t, actor, {
      action: 'holiday.added',
      entityType: 'holiday',
      entityId: row.id,
      after: { day, name, workday: input.workday },
    });
    return row;
  });
}

export async function removeHoliday(ctx: ServiceContext, actor: Actor, id: number) {
  await transaction(ctx, async (t) => {
    const row = Number.isInteger(id) ? await Holiday.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE }) : null;
    if (!row) throw notFound(messages.missing);
    await recordAudit(t, actor, {
      action: 'holiday.removed',
      entityType: 'holiday',
      entityId: row.id,
      before: { day: row.day, name: row.name, workday: row.workday },
    });
    await row.destroy({ transaction: t });
  });
}
