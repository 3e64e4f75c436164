// Office outputs (issue 6): department evaluation plans (seed 004 §一(三); seed 001 Art. 17) with
// the holiday list their 7-working-day check needs, admission-ticket numbers, and the table of
// background jobs (the provincial bundle) that several app processes share.
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';
import { id, ref, timestamps } from './lib/columns.js';

const day = { type: DataTypes.STRING(10), allowNull: false }; // YYYY-MM-DD, Shanghai calendar

export const up: Migration = async ({ queryInterface: q, sequelize }) => {
  const longText = sequelize.getDialect() === 'mysql' ? DataTypes.TEXT('long') : DataTypes.TEXT;

  // One plan per department and batch: draft → submitted → returned (with a reason) | accepted.
  await q.createTable('plans', {
    id,
    batchId: ref('batches'),
    departmentId: ref('departments'),
    status: { type: DataTypes.STRING(10), allowNull: false },
    contact: { type: DataTypes.STRING(40), allowNull: false, defaultValue: '' },
    contactPhone: { type: DataTypes.STRING(20), allowNull: false, defaultValue: '' },
    submittedAt: { type: DataTypes.DATE, allowNull: true },
    reviewedAt: { type: DataTypes.DATE, allowNull: true },
    reviewedBy: ref('users', true),
    returnReason: { type: DataTypes.STRING(300), allowNull: true },
    createdBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('plans', ['batchId', 'departmentId'], { unique: true, name: 'plans_one_per_department' });

  // One row per item (and level) the department plans to evaluate. Removed rows stay, inactive.
  await q.createTable('plan_rows', {
    id,
    planId: ref('plans'),
    catalogItemId: ref('catalog_items'),
    level: { type: DataTypes.INTEGER, allowNull: true }, // null for special items
    headcount: { type: DataTypes.INTEGER, allowNull: false },
    examOn: day,
    examTime: { type: DataTypes.STRING(20), allowNull: false, defaultValue: '' }, // e.g. 09:00-11:00
    place: { type: DataTypes.STRING(100), allowNull: false },
    method: { type: DataTypes.STRING(20), allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await q.addIndex('plan_rows', ['planId', 'active']);

  // Public holidays (not working days) and 调休 make-up working days on a weekend.
  await q.createTable('holidays', {
    id,
    day: { ...day, unique: true },
    name: { type: DataTypes.STRING(40), allowNull: false },
    workday: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps,
  });

  // Admission-ticket numbers (准考证号), given once per registration and never reused.
  await q.createTable('exam_tickets', {
    id,
    batchId: ref('batches'),
    registrationId: { ...ref('registrations'), unique: true },
    examNo: { type: DataTypes.STRING(20), allowNull: false, unique: true },
    sequence: { type: DataTypes.INTEGER, allowNull: false },
    ...timestamps,
  });

  // A candidate's own ID photo for the admission ticket (optional; JPEG under the storage root).
  await q.addColumn('students', 'photoPath', { type: DataTypes.STRING(300), allowNull: true });

  // Long work off the request. A worker claims a queued job by a conditional UPDATE, so only one
  // process runs it; a job still 'running' when its process died is marked failed at start-up.
  await q.createTable('jobs', {
    id,
    kind: { type: DataTypes.STRING(20), allowNull: false },
    batchId: ref('batches', true),
    status: { type: DataTypes.STRING(10), allowNull: false }, // queued | running | done | failed
    params: { type: DataTypes.TEXT, allowNull: false }, // JSON
    progress: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    total: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    resultPath: { type: DataTypes.STRING(300), allowNull: true },
    resultBytes: { type: DataTypes.BIGINT, allowNull: true },
    summary: { type: longText, allowNull: true }, // JSON: what the finished job reports
    error: { type: DataTypes.STRING(500), allowNull: true },
    workerId: { type: DataTypes.STRING(60), allowNull: true },
    startedAt: { type: DataTypes.DATE, allowNull: true },
    finishedAt: { type: DataTypes.DATE, allowNull: true },
    createdBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('jobs', ['kind', 'batchId', 'createdAt']);
  await q.addIndex('jobs', ['status']);
};

export const down: Migration = async ({ queryInterface: q }) => {
  await q.dropTable('jobs');
  await q.removeColumn('students', 'photoPath');
  for (const table of ['exam_tickets', 'holidays', 'plan_rows', 'plans']) await q.dropTable(table);
};
