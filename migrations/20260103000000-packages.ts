// Material packages of grade candidates (seed 004 §二.4). Every upload of a candidate's folder is a
// new version row; the current one carries currentMarker = 1 (NULL for history), so the unique
// index keeps exactly one current version per candidate and batch. package_uploads keeps each
// department upload's report.
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';
import { id, ref, timestamps } from './lib/columns.js';

export const up: Migration = async ({ queryInterface: q, sequelize }) => {
  // A 1,000-candidate report is far over MySQL's 64 KB TEXT; SQLite's TEXT has no size options.
  const longText = sequelize.getDialect() === 'mysql' ? DataTypes.TEXT('long') : DataTypes.TEXT;
  await q.createTable('package_uploads', {
    id,
    batchId: ref('batches'),
    departmentId: ref('departments'),
    uploadedBy: ref('users', true),
    source: { type: DataTypes.STRING(10), allowNull: false }, // zip | folder | student
    fileName: { type: DataTypes.STRING(200), allowNull: false },
    report: { type: longText, allowNull: false }, // JSON: the check's result
    storedCount: { type: DataTypes.INTEGER, allowNull: false },
    ...timestamps,
  });
  await q.addIndex('package_uploads', ['batchId', 'departmentId', 'createdAt']);

  await q.createTable('packages', {
    id,
    batchId: ref('batches'),
    departmentId: ref('departments'),
    studentId: ref('students'),
    uploadId: ref('package_uploads', true),
    version: { type: DataTypes.INTEGER, allowNull: false },
    currentMarker: { type: DataTypes.INTEGER, allowNull: true },
    status: { type: DataTypes.STRING(14), allowNull: false },
    idCardPath: { type: DataTypes.STRING(300), allowNull: false },
    idCardBytes: { type: DataTypes.INTEGER, allowNull: false },
    idCardSha256: { type: DataTypes.STRING(64), allowNull: false },
    educationPath: { type: DataTypes.STRING(300), allowNull: false },
    educationBytes: { type: DataTypes.INTEGER, allowNull: false },
    educationSha256: { type: DataTypes.STRING(64), allowNull: false },
    returnReason: { type: DataTypes.STRING(300), allowNull: true },
    uploadedBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('packages', ['batchId', 'studentId', 'currentMarker'], {
    unique: true,
    name: 'packages_one_current',
  });
  await q.addIndex('packages', ['batchId', 'departmentId', 'status']);
};

export const down: Migration = async ({ queryInterface: q }) => {
  await q.dropTable('packages');
  await q.dropTable('package_uploads');
};
