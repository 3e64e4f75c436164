import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export class Student extends Model<InferAttributes<Student>, InferCreationAttributes<Student>> {
  declare id: CreationOptional<number>;
  declare userId: number | null;
  declare departmentId: number;
  declare studentNo: string;
  declare name: string;
  declare idNumber: string;
  declare className: string;
  declare phone: string;
  declare email: string | null;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Student.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: true },
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        studentNo: { type: DataTypes.STRING(20), allowNull: false },
        name: { type: DataTypes.STRING(30), allowNull: false },
        idNumber: { type: DataTypes.STRING(18), allowNull: false },
        className: { type: DataTypes.STRING(40), allowNull: false },
        phone: { type: DataTypes.STRING(20), allowNull: false },
        email: { type: DataTypes.STRING(120), allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'students' },
    );
  }
}
