import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Attempt, ItemKind } from '../domain/fees.js';
import type { Level } from '../domain/levels.js';

export type RegistrationStatus = 'active' | 'cancelled';
import type { Channel } from '../domain/self-service.js';
export type { Channel };

/** One person's registration for one item in one batch (报名). Cancelled, never deleted. */
export class Registration extends Model<InferAttributes<Registration>, InferCreationAttributes<Registration>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare studentId: number;
  declare departmentId: number;
  declare catalogItemId: number;
  declare kind: ItemKind;
  declare level: Level | null;
  declare attempt: Attempt;
  declare feeFen: number;
  declare status: RegistrationStatus;
  declare channel: Channel;
  // Occupancy markers for the unique indexes (see the registrations migration); NULL once cancelled.
  declare activeSlot: number | null;
  declare activeGrade: number | null;
  declare activeItem: number | null;
  declare heldNone: boolean | null; // grade only: the candidate declared no certificates held (申报表 “无”)
  declare createdBy: number | null;
  declare cancelledAt: CreationOptional<Date | null>;
  declare cancelledBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Registration.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        studentId: { type: DataTypes.INTEGER, allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        catalogItemId: { type: DataTypes.INTEGER, allowNull: false },
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
        createdBy: { type: DataTypes.INTEGER, allowNull: true },
        cancelledAt: { type: DataTypes.DATE, allowNull: true },
        cancelledBy: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'registrations' },
    );
  }
}
