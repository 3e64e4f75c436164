import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** An admission-ticket number (准考证号), given once to a registration and never reused. */
export class ExamTicket extends Model<InferAttributes<ExamTicket>, InferCreationAttributes<ExamTicket>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare registrationId: number;
  declare examNo: string;
  declare sequence: number;
  declare announcedAt: CreationOptional<Date | null>; // when the student was told by mail (at release)
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ExamTicket.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        registrationId: { type: DataTypes.INTEGER, allowNull: false, unique: true },
        examNo: { type: DataTypes.STRING(20), allowNull: false, unique: true },
        sequence: { type: DataTypes.INTEGER, allowNull: false },
        announcedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'exam_tickets' },
    );
  }
}
