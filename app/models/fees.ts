// The money tables (see the fees migration): append-only, integer fen, one-time keys.
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

const common = {
  id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
  batchId: { type: DataTypes.INTEGER, allowNull: false },
  amountFen: { type: DataTypes.INTEGER, allowNull: false },
  reversesId: { type: DataTypes.INTEGER, allowNull: true },
  idempotencyKey: { type: DataTypes.STRING(64), allowNull: false },
  createdBy: { type: DataTypes.INTEGER, allowNull: true },
  createdAt: DataTypes.DATE,
  updatedAt: DataTypes.DATE,
};

export type FeeEntryKind = 'collected' | 'refunded' | 'reversal';

export class FeeEntry extends Model<InferAttributes<FeeEntry>, InferCreationAttributes<FeeEntry>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare departmentId: number;
  declare registrationId: number;
  declare kind: FeeEntryKind;
  declare amountFen: number; // signed: refunds and reversals of collections are negative
  declare reason: string | null;
  declare reversesId: number | null;
  declare idempotencyKey: string;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    FeeEntry.init(
      {
        ...common,
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        registrationId: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(10), allowNull: false },
        reason: { type: DataTypes.STRING(200), allowNull: true },
      },
      { sequelize, tableName: 'fee_entries' },
    );
  }
}

export class FeeTransfer extends Model<InferAttributes<FeeTransfer>, InferCreationAttributes<FeeTransfer>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare departmentId: number;
  declare amountFen: number;
  declare transferredOn: string;
  declare voucherNo: string;
  declare receiptPath: string | null;
  declare confirmedAt: CreationOptional<Date | null>;
  declare confirmedBy: CreationOptional<number | null>;
  declare reversesId: number | null;
  declare idempotencyKey: string;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    FeeTransfer.init(
      {
        ...common,
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        transferredOn: { type: DataTypes.STRING(10), allowNull: false },
        voucherNo: { type: DataTypes.STRING(60), allowNull: false },
        receiptPath: { type: DataTypes.STRING(300), allowNull: true },
        confirmedAt: { type: DataTypes.DATE, allowNull: true },
        confirmedBy: { type: DataTypes.INTEGER, allowNull: true },
      },
      { sequelize, tableName: 'fee_transfers' },
    );
  }
}

export type Payee = 'province' | 'city' | 'ata' | 'finance';

export class FeeRemittance extends Model<InferAttributes<FeeRemittance>, InferCreationAttributes<FeeRemittance>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare payee: Payee;
  declare amountFen: number;
  declare paidOn: string;
  declare reference: string;
  declare reversesId: number | null;
  declare idempotencyKey: string;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    FeeRemittance.init(
      {
        ...common,
        payee: { type: DataTypes.STRING(10), allowNull: false },
        paidOn: { type: DataTypes.STRING(10), allowNull: false },
        reference: { type: DataTypes.STRING(60), allowNull: false },
      },
      { sequelize, tableName: 'fee_remittances' },
    );
  }
}

export class ExamFeeRate extends Model<InferAttributes<ExamFeeRate>, InferCreationAttributes<ExamFeeRate>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare payee: Exclude<Payee, 'finance'>;
  declare kind: 'grade' | 'special';
  declare amountFen: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ExamFeeRate.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        payee: { type: DataTypes.STRING(10), allowNull: false },
        kind: { type: DataTypes.STRING(10), allowNull: false },
        amountFen: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'exam_fee_rates' },
    );
  }
}
