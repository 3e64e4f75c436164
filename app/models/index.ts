// Models are initialised against one Sequelize instance; associations live here, in one place.
import type { Sequelize } from 'sequelize';
import { AuditLog } from './audit-log.js';
import { Batch } from './batch.js';
import { CatalogItem } from './catalog-item.js';
import { Department } from './department.js';
import { FeeRate } from './fee-rate.js';
import { Session } from './session.js';
import { Student } from './student.js';
import { User } from './user.js';

export { AuditLog, Batch, CatalogItem, Department, FeeRate, Session, Student, User };

export function initModels(sequelize: Sequelize): void {
  for (const model of [Department, User, Student, CatalogItem, Batch, FeeRate, AuditLog, Session]) {
    model.initModel(sequelize);
  }
  User.belongsTo(Department, { foreignKey: 'departmentId', as: 'department' });
  Department.hasMany(User, { foreignKey: 'departmentId', as: 'users' });
  Student.belongsTo(Department, { foreignKey: 'departmentId', as: 'department' });
  Student.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  Batch.hasMany(FeeRate, { foreignKey: 'batchId', as: 'feeRates' });
}
