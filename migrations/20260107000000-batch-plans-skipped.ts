// A batch may skip the plan step (issue 12): the office then need not invent a plan deadline in
// the past to open registration today. Existing batches keep their plan step.
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';

export const up: Migration = async ({ queryInterface: q }) => {
  await q.addColumn('batches', 'plansSkipped', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
};

export const down: Migration = async ({ queryInterface: q }) => {
  await q.removeColumn('batches', 'plansSkipped');
};
