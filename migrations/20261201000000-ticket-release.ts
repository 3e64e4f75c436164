// When students may see their admission tickets (issue 12 item 9): from the batch's 准考证发放 time,
// or earlier when the office releases them on purpose; and which tickets were already announced
// to the student by mail, so the announcement happens once, at release, whichever process sends it.
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';

export const up: Migration = async ({ queryInterface: q }) => {
  await q.addColumn('batches', 'ticketsReleasedAt', { type: DataTypes.DATE, allowNull: true });
  await q.addColumn('exam_tickets', 'announcedAt', { type: DataTypes.DATE, allowNull: true });
};

export const down: Migration = async ({ queryInterface: q }) => {
  await q.removeColumn('exam_tickets', 'announcedAt');
  await q.removeColumn('batches', 'ticketsReleasedAt');
};
