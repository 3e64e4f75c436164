// Registrations (报名), the certificates a candidate already holds (申报表), and per-department
// deadline extensions. The two-item rule is also a schema rule: while a registration is active it
// occupies one of two slots, at most one grade slot, and its item once. Those columns are NULL
// once cancelled (NULLs never collide in a unique index on MySQL or SQLite), so the database
// itself refuses a third item, a second grade item or a duplicate, whatever races the app loses.
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';
import { id, ref, timestamps } from './lib/columns.js';

export const up: Migration = async ({ queryInterface: q }) => {
  await q.createTable('registrations', {
    id,
    batchId: ref('batches'),
    studentId: ref('students'),
    departmentId: ref('departments'),
    catalogItemId: ref('catalog_items'),
    kind: { type: DataTypes.STRING(10), allowNull: false },
    level: { type: DataTypes.INTEGER, allowNull: true },
    attempt: { type: DataTypes.STRING(20), allowNull: false },
    feeFen: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    channel: { type: DataTypes.STRING(10), allowNull: false },
    activeSlot: { type: DataTypes.INTEGER, allowNull: true },
    activeGrade: { type: DataTypes.INTEGER, allowNull: true },
    activeItem: { type: DataTypes.INTEGER, allowNull: true },
    heldNone: { type: DataTypes.BOOLEAN, allowNull: true },
    createdBy: ref('users', true),
    cancelledAt: { type: DataTypes.DATE, allowNull: true },
    cancelledBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('registrations', ['batchId', 'studentId', 'activeSlot'], {
    unique: true,
    name: 'registrations_two_items',
  });
  await q.addIndex('registrations', ['batchId', 'studentId', 'activeGrade'], {
    unique: true,
    name: 'registrations_one_grade',
  });
  await q.addIndex('registrations', ['batchId', 'studentId', 'catalogItemId', 'activeItem'], {
    unique: true,
    name: 'registrations_item_once',
  });
  await q.addIndex('registrations', ['batchId', 'departmentId', 'status']);
  await q.addIndex('registrations', ['batchId', 'catalogItemId', 'level']);

  await q.createTable('held_certificates', {
    id,
    studentId: ref('students'),
    // 'skill': a level/qualification certificate (occupation, level, number);
    // 'operation': a special-operation certificate of seed 002 (operationCode, number)
    type: { type: DataTypes.STRING(10), allowNull: false },
    occupation: { type: DataTypes.STRING(80), allowNull: true },
    level: { type: DataTypes.INTEGER, allowNull: true },
    operationCode: { type: DataTypes.STRING(40), allowNull: true },
    number: { type: DataTypes.STRING(60), allowNull: false },
    withdrawn: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    createdBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('held_certificates', ['studentId']);

  await q.createTable('deadline_extensions', {
    id,
    batchId: ref('batches'),
    departmentId: ref('departments'),
    deadline: { type: DataTypes.STRING(30), allowNull: false },
    until: { type: DataTypes.DATE, allowNull: false },
    reason: { type: DataTypes.STRING(200), allowNull: false },
    createdBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('deadline_extensions', ['batchId', 'departmentId', 'deadline'], { unique: true });
};

export const down: Migration = async ({ queryInterface: q }) => {
  for (const table of ['deadline_extensions', 'held_certificates', 'registrations']) await q.dropTable(table);
};
