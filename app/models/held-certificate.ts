import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { HeldType } from '../domain/mutual-recognition.js';

/** A certificate a candidate already holds (申报表: 已获得的职业技能等级(职业资格)证书情况). */
export class HeldCertificate extends Model<InferAttributes<HeldCertificate>, InferCreationAttributes<HeldCertificate>> {
  declare id: CreationOptional<number>;
  declare studentId: number;
  declare type: HeldType;
  declare occupation: string | null;
  declare level: number | null;
  declare operationCode: string | null;
  declare number: string;
  declare withdrawn: CreationOptional<boolean>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    HeldCertificate.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        studentId: { type: DataTypes.INTEGER, allowNull: false },
        type: { type: DataTypes.STRING(10), allowNull: false },
        occupation: { type: DataTypes.STRING(80), allowNull: true },
        level: { type: DataTypes.INTEGER, allowNull: true },
        operationCode: { type: DataTypes.STRING(40), allowNull: true },
        number: { type: DataTypes.STRING(60), allowNull: false },
        withdrawn: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdBy: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'held_certificates' },
    );
  }
}
