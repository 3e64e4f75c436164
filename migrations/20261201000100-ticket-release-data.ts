// Tickets numbered before ticket release existed were mailed when they were numbered: mark them
// announced so release does not mail them a second time.
import type { Migration } from '../app/db/migrator.js';

export const up: Migration = async ({ queryInterface: q }) => {
  await q.sequelize.query('UPDATE exam_tickets SET announcedAt = createdAt WHERE announcedAt IS NULL');
};

export const down: Migration = async () => {};
