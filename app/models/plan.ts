import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Level } from '../domain/levels.js';

import type { PlanStatus } from '../domain/plan-rules.js';
export type { PlanStatus };

/** A department's evaluation plan for a batch (评价计划, seed 004 §一(三); seed 001 Art. 17). */
export class Plan extends Model<InferAttributes<Plan>, InferCreationAttributes<Plan>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare departmentId: number;
  declare status: PlanStatus;
  declare contact: CreationOptional<string>;
  declare contactPhone: CreationOptional<string>;
  declare submittedAt: CreationOptional<Date | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare reviewedBy: CreationOptional<number | null>;
  declare returnReason: CreationOptional<string | null>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Plan.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        status: { type: DataTypes.STRING(10), allowNull: false },
        contact: { type: DataTypes.STRING(40), allowNull: false, defaultValue: '' },
        contactPhone: { type: DataTypes.STRING(20), allowNull: false, defaultValue: '' },
        submittedAt: { type: DataTypes.DATE, allowNull: true },
        reviewedAt: { type: DataTypes.DATE, allowNull: true },
        reviewedBy: { type: DataTypes.INTEGER, allowNull: true },
        returnReason: { type: DataTypes.STRING(300), allowNull: true },
        createdBy: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'plans' },
    );
  }
}

/** One planned evaluation: item, level, expected headcount, date, place, method. */
export class PlanRow extends Model<InferAttributes<PlanRow>, InferCreationAttributes<PlanRow>> {
  declare id: CreationOptional<number>;
  declare planId: number;
  declare catalogItemId: number;
  declare level: Level | null;
  declare headcount: number;
  declare examOn: string; // YYYY-MM-DD
  declare examTime: CreationOptional<string>;
  declare place: string;
  declare method: string;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    PlanRow.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        planId: { type: DataTypes.INTEGER, allowNull: false },
        catalogItemId: { type: DataTypes.INTEGER, allowNull: false },
        level: { type: DataTypes.INTEGER, allowNull: true },
        headcount: { type: DataTypes.INTEGER, allowNull: false },
        examOn: { type: DataTypes.STRING(10), allowNull: false },
        examTime: { type: DataTypes.STRING(20), allowNull: false, defaultValue: '' },
        place: { type: DataTypes.STRING(100), allowNull: false },
        method: { type: DataTypes.STRING(20), allowNull: false },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'plan_rows' },
    );
  }
}

/** A public holiday, or (workday = true) a 调休 weekend that is a working day. */
export class Holiday extends Model<InferAttributes<Holiday>, InferCreationAttributes<Holiday>> {
  declare id: CreationOptional<number>;
  declare day: string; // YYYY-MM-DD
  declare name: string;
  declare workday: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Holiday.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        day: { type: DataTypes.STRING(10), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(40), allowNull: false },
        workday: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'holidays' },
    );
  }
}
