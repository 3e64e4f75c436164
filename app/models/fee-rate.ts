import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One priced slot of a batch's fee schedule (see domain/fees slotKey).  */
export class FeeRate extends Model<InferAttributes<FeeRate>, InferCreationAttributes<FeeRate>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare slot: string;
  declare amountFen: number | null; // null: the batch has no price for this slot yet
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    FeeRate.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        slot: { type: DataTypes.STRING(30), allowNull: false },
        amountFen: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'fee_rates' },
    );
  }
}
