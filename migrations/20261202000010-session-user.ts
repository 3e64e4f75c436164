// Whose session a row is: a password change ends the account's other sessions, and a reset ends
// them all (issue 13 item 9), which needs them found without parsing every session's JSON.
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';

export const up: Migration = async ({ queryInterface: q }) => {
  await q.addColumn('sessions', 'userId', { type: DataTypes.INTEGER, allowNull: true });
  await q.addIndex('sessions', ['userId'], { name: 'sessions_user_id' });
};

export const down: Migration = async ({ queryInterface: q }) => {
  await q.removeIndex('sessions', 'sessions_user_id');
  await q.removeColumn('sessions', 'userId');
};
