import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<number>;
  declare actorId: number | null;
  declare actorName: string;
  declare actorRole: string;
  declare departmentId: number | null;
  declare action: string;
  declare entityType: string;
  declare entityId: string | null;
  declare summary: string; // JSON: { before?, after? } with ID numbers masked
  declare ip: string | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    AuditLog.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        actorId: { type: DataTypes.INTEGER, allowNull: true },
        actorName: { type: DataTypes.STRING(40), allowNull: false },
        actorRole: { type: DataTypes.STRING(10), allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: true },
        action: { type: DataTypes.STRING(60), allowNull: false },
        entityType: { type: DataTypes.STRING(40), allowNull: false },
        entityId: { type: DataTypes.STRING(40), allowNull: true },
        summary: { type: DataTypes.TEXT, allowNull: false },
        ip: { type: DataTypes.STRING(64), allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'audit_logs', updatedAt: false },
    );
  }
}
