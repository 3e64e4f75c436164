import type { CandidateType } from '../domain/items.js';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A candidate: a campus student (with a login) or a social candidate registered by staff. */
export class Student extends Model<InferAttributes<Student>, InferCreationAttributes<Student>> {
  declare id: CreationOptional<number>;
  declare userId: number | null;
  declare departmentId: number;
  declare candidateType: CreationOptional<CandidateType>;
  declare studentNo: string | null; // campus students only
  declare name: string;
  declare idNumber: string;
  declare className: string | null; // campus students only
  declare employer: CreationOptional<string | null>; // social candidates: 所在单位
  declare phone: string;
  declare email: string | null;
  declare photoPath: CreationOptional<string | null>; // ID photo for the admission ticket, if uploaded
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Student.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: true },
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        candidateType: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'campus' },
        studentNo: { type: DataTypes.STRING(20), allowNull: true },
        name: { type: DataTypes.STRING(30), allowNull: false },
        idNumber: { type: DataTypes.STRING(18), allowNull: false },
        className: { type: DataTypes.STRING(40), allowNull: true },
        employer: { type: DataTypes.STRING(80), allowNull: true },
        phone: { type: DataTypes.STRING(20), allowNull: false },
        email: { type: DataTypes.STRING(120), allowNull: true },
        photoPath: { type: DataTypes.STRING(300), allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'students' },
    );
  }
}
