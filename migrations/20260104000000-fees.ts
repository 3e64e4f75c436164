// Money (seed 004 §三). Integer fen only; append-only: a correction is a new row that reverses an
// old one (reversesId, unique, so nothing is reversed twice). Every row carries the one-time key of
// the form that made it (unique), so a double click or a resent form is recorded once.
import { DataTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';
import { id, ref, timestamps } from './lib/columns.js';

const money = { type: DataTypes.INTEGER, allowNull: false };
const key = { type: DataTypes.STRING(64), allowNull: false, unique: true };

export const up: Migration = async ({ queryInterface: q }) => {
  // What a department collected from its candidates: + collected, − refunded, ± reversal.
  await q.createTable('fee_entries', {
    id,
    batchId: ref('batches'),
    departmentId: ref('departments'),
    registrationId: ref('registrations'),
    kind: { type: DataTypes.STRING(10), allowNull: false }, // collected | refunded | reversal
    amountFen: money,
    reason: { type: DataTypes.STRING(200), allowNull: true },
    reversesId: { ...ref('fee_entries', true), unique: true },
    idempotencyKey: key,
    createdBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('fee_entries', ['batchId', 'departmentId']);
  await q.addIndex('fee_entries', ['registrationId']);

  // A department's bank transfer to the office (上交), confirmed by the office on receipt.
  await q.createTable('fee_transfers', {
    id,
    batchId: ref('batches'),
    departmentId: ref('departments'),
    amountFen: money,
    transferredOn: { type: DataTypes.STRING(10), allowNull: false }, // YYYY-MM-DD
    voucherNo: { type: DataTypes.STRING(60), allowNull: false },
    receiptPath: { type: DataTypes.STRING(300), allowNull: true },
    confirmedAt: { type: DataTypes.DATE, allowNull: true },
    confirmedBy: ref('users', true),
    reversesId: { ...ref('fee_transfers', true), unique: true },
    idempotencyKey: key,
    createdBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('fee_transfers', ['batchId', 'departmentId']);

  // What the office paid on (上缴): provincial HRSS, city HRSS, the ATA platform, college finance.
  await q.createTable('fee_remittances', {
    id,
    batchId: ref('batches'),
    payee: { type: DataTypes.STRING(10), allowNull: false }, // province | city | ata | finance
    amountFen: money,
    paidOn: { type: DataTypes.STRING(10), allowNull: false },
    reference: { type: DataTypes.STRING(60), allowNull: false },
    reversesId: { ...ref('fee_remittances', true), unique: true },
    idempotencyKey: key,
    createdBy: ref('users', true),
    ...timestamps,
  });
  await q.addIndex('fee_remittances', ['batchId']);

  // Exam fees per head the office pays upward, per payee and item kind, set per batch.
  await q.createTable('exam_fee_rates', {
    id,
    batchId: ref('batches'),
    payee: { type: DataTypes.STRING(10), allowNull: false },
    kind: { type: DataTypes.STRING(10), allowNull: false },
    amountFen: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('exam_fee_rates', ['batchId', 'payee', 'kind'], { unique: true });
};

export const down: Migration = async ({ queryInterface: q }) => {
  for (const table of ['exam_fee_rates', 'fee_remittances', 'fee_transfers', 'fee_entries']) await q.dropTable(table);
};
