import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { DeadlineKey } from '../domain/timeline.js';

/** The office moved one deadline of one batch later for one department. */
export class DeadlineExtension extends Model<
  InferAttributes<DeadlineExtension>,
  InferCreationAttributes<DeadlineExtension>
> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare departmentId: number;
  declare deadline: DeadlineKey;
  declare until: Date;
  declare reason: string;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    DeadlineExtension.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        deadline: { type: DataTypes.STRING(30), allowNull: false },
        until: { type: DataTypes.DATE, allowNull: false },
        reason: { type: DataTypes.STRING(200), allowNull: false },
        createdBy: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'deadline_extensions' },
    );
  }
}
