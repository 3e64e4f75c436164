// Models are initialised against one Sequelize instance; associations live here, in one place.
import { watchWrites } from '../db/read-cache.js';
import type { Sequelize } from 'sequelize';
import { AuditLog } from './audit-log.js';
import { Batch } from './batch.js';
import { CatalogItem } from './catalog-item.js';
import { DeadlineExtension } from './deadline-extension.js';
import { Department } from './department.js';
import { FeeRate } from './fee-rate.js';
import { ExamFeeRate, FeeEntry, FeeRemittance, FeeTransfer } from './fees.js';
import { HeldCertificate } from './held-certificate.js';
import { Package, PackageUpload } from './package.js';
import { Holiday, Plan, PlanRow } from './plan.js';
import { ExamTicket } from './exam-ticket.js';
import { Job } from './job.js';
import { MailTemplate, OutboxMessage, Reminder } from './mail.js';
import { Registration } from './registration.js';
import { Session } from './session.js';
import { Student } from './student.js';
import { User } from './user.js';

export {
  AuditLog,
  Batch,
  CatalogItem,
  DeadlineExtension,
  Department,
  ExamFeeRate,
  ExamTicket,
  Holiday,
  Job,
  MailTemplate,
  OutboxMessage,
  Plan,
  PlanRow,
  FeeEntry,
  FeeRate,
  FeeRemittance,
  FeeTransfer,
  HeldCertificate,
  Package,
  PackageUpload,
  Registration,
  Reminder,
  Session,
  Student,
  User,
};

/** Every model, in the order they are initialised. */
const allModels = [
  Department,
  User,
  Student,
  CatalogItem,
  Batch,
  FeeRate,
  AuditLog,
  Session,
  Registration,
  HeldCertificate,
  DeadlineExtension,
  PackageUpload,
  Package,
  FeeEntry,
  FeeTransfer,
  FeeRemittance,
  ExamFeeRate,
  Plan,
  PlanRow,
  Holiday,
  ExamTicket,
  Job,
  OutboxMessage,
  MailTemplate,
  Reminder,
];

function associate(): void {
  User.belongsTo(Department, { foreignKey: 'departmentId', as: 'department' });
  Department.hasMany(User, { foreignKey: 'departmentId', as: 'users' });
  Student.belongsTo(Department, { foreignKey: 'departmentId', as: 'department' });
  Student.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  User.hasOne(Student, { foreignKey: 'userId', as: 'student' });
  Batch.hasMany(FeeRate, { foreignKey: 'batchId', as: 'feeRates' });
  Registration.belongsTo(Student, { foreignKey: 'studentId', as: 'student' });
  Registration.belongsTo(CatalogItem, { foreignKey: 'catalogItemId', as: 'item' });
  Registration.belongsTo(Department, { foreignKey: 'departmentId', as: 'department' });
  Registration.belongsTo(Batch, { foreignKey: 'batchId', as: 'batch' });
  DeadlineExtension.belongsTo(Department, { foreignKey: 'departmentId', as: 'department' });
  Package.belongsTo(Student, { foreignKey: 'studentId', as: 'student' });
  Plan.belongsTo(Department, { foreignKey: 'departmentId', as: 'department' });
  Plan.hasMany(PlanRow, { foreignKey: 'planId', as: 'rows' });
  PlanRow.belongsTo(CatalogItem, { foreignKey: 'catalogItemId', as: 'item' });
  ExamTicket.belongsTo(Registration, { foreignKey: 'registrationId', as: 'registration' });
  Registration.hasOne(ExamTicket, { foreignKey: 'registrationId', as: 'ticket' });
  Student.hasMany(HeldCertificate, { foreignKey: 'studentId', as: 'heldCertificates' });
}

export function initModels(sequelize: Sequelize): void {
  for (const model of allModels) {
    model.initModel(sequelize);
  }
  // Read on every student page, changed a few times a term: see db/read-cache.ts.
  watchWrites(sequelize, [Batch, FeeRate, DeadlineExtension, CatalogItem]);
  associate();
}
