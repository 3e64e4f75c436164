// Foundation tables. Nothing here is ever hard-deleted: departments, users, students and catalog
// items are deactivated instead, because records must be kept at least 5 years (seed 001).
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';
import { id, ref, timestamps } from './lib/columns.js';

export const up: Migration = async ({ queryInterface: q }) => {
  await q.createTable('departments', {
    id,
    name: { type: DataTypes.STRING(60), allowNull: false, unique: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });

  await q.createTable('users', {
    id,
    username: { type: DataTypes.STRING(40), allowNull: false, unique: true },
    displayName: { type: DataTypes.STRING(40), allowNull: false },
    role: { type: DataTypes.STRING(10), allowNull: false },
    departmentId: ref('departments', true),
    passwordHash: { type: DataTypes.STRING(255), allowNull: true },
    mustChangePassword: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    lastLoginAt: { type: DataTypes.DATE, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('users', ['departmentId', 'role']);

  await q.createTable('students', {
    id,
    userId: { ...ref('users', true), unique: true },
    departmentId: ref('departments'),
    // 'campus' (校内考生, has 学号 and 班级) or 'social' (社会人员, has 所在单位 instead)
    candidateType: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'campus' },
    studentNo: { type: DataTypes.STRING(20), allowNull: true, unique: true },
    name: { type: DataTypes.STRING(30), allowNull: false },
    idNumber: { type: DataTypes.STRING(18), allowNull: false, unique: true },
    className: { type: DataTypes.STRING(40), allowNull: true },
    employer: { type: DataTypes.STRING(80), allowNull: true },
    phone: { type: DataTypes.STRING(20), allowNull: false },
    email: { type: DataTypes.STRING(120), allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await q.addIndex('students', ['departmentId', 'className']);

  await q.createTable('catalog_items', {
    id,
    kind: { type: DataTypes.STRING(10), allowNull: false },
    name: { type: DataTypes.STRING(80), allowNull: false },
    groupName: { type: DataTypes.STRING(40), allowNull: true },
    levels: { type: DataTypes.STRING(20), allowNull: false, defaultValue: '' },
    admitsStudents: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    admitsSocial: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    ...timestamps,
  });
  await q.addIndex('catalog_items', ['kind', 'name'], { unique: true });

  await q.createTable('batches', {
    id,
    name: { type: DataTypes.STRING(40), allowNull: false, unique: true },
    year: { type: DataTypes.INTEGER, allowNull: false },
    half: { type: DataTypes.INTEGER, allowNull: false },
    plansDueAt: { type: DataTypes.DATE, allowNull: false },
    registrationOpensAt: { type: DataTypes.DATE, allowNull: false },
    registrationClosesAt: { type: DataTypes.DATE, allowNull: false },
    materialsDueAt: { type: DataTypes.DATE, allowNull: false },
    confirmationDueAt: { type: DataTypes.DATE, allowNull: false },
    feesDueAt: { type: DataTypes.DATE, allowNull: false },
    ticketsAt: { type: DataTypes.DATE, allowNull: false },
    examAt: { type: DataTypes.DATE, allowNull: false },
    certificatesAt: { type: DataTypes.DATE, allowNull: false },
    archived: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps,
  });

  await q.createTable('fee_rates', {
    id,
    batchId: ref('batches'),
    slot: { type: DataTypes.STRING(30), allowNull: false },
    amountFen: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('fee_rates', ['batchId', 'slot'], { unique: true });

  await q.createTable('audit_logs', {
    id,
    actorId: { type: DataTypes.INTEGER, allowNull: true },
    actorName: { type: DataTypes.STRING(40), allowNull: false },
    actorRole: { type: DataTypes.STRING(10), allowNull: false },
    departmentId: { type: DataTypes.INTEGER, allowNull: true },
    action: { type: DataTypes.STRING(60), allowNull: false },
    entityType: { type: DataTypes.STRING(40), allowNull: false },
    entityId: { type: DataTypes.STRING(40), allowNull: true },
    summary: { type: DataTypes.TEXT, allowNull: false },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await q.addIndex('audit_logs', ['createdAt']);
  await q.addIndex('audit_logs', ['action', 'createdAt']);
  await q.addIndex('audit_logs', ['actorId', 'createdAt']);

  // The shape connect-session-sequelize expects; created here so no table comes from sync().
  await q.createTable('sessions', {
    sid: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    expires: { type: DataTypes.DATE, allowNull: true },
    data: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('sessions', ['expires']);
};

export const down: Migration = async ({ queryInterface: q }) => {
  for (const table of [
    'sessions',
    'audit_logs',
    'fee_rates',
    'batches',
    'catalog_items',
    'students',
    'users',
    'departments',
  ]) {
    await q.dropTable(table);
  }
};
