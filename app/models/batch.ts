import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { DEADLINES } from '../domain/timeline.js';

export class Batch extends Model<InferAttributes<Batch>, InferCreationAttributes<Batch>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare year: number;
  declare half: 1 | 2;
  declare plansDueAt: Date;
  declare registrationOpensAt: Date;
  declare registrationClosesAt: Date;
  declare materialsDueAt: Date;
  declare confirmationDueAt: Date;
  declare feesDueAt: Date;
  declare ticketsAt: Date;
  declare examAt: Date;
  declare certificatesAt: Date;
  declare ticketsReleasedAt: CreationOptional<Date | null>; // the office released tickets before ticketsAt
  declare plansSkipped: CreationOptional<boolean>; // no plan step this season (issue 12)
  declare archived: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    const deadlines = Object.fromEntries(DEADLINES.map(([key]) => [key, { type: DataTypes.DATE, allowNull: false }]));
    Batch.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(40), allowNull: false },
        year: { type: DataTypes.INTEGER, allowNull: false },
        half: { type: DataTypes.INTEGER, allowNull: false },
        ...(deadlines as Record<(typeof DEADLINES)[number][0], { type: typeof DataTypes.DATE; allowNull: false }>),
        ticketsReleasedAt: { type: DataTypes.DATE, allowNull: true },
        plansSkipped: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        archived: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'batches' },
    );
  }
}
