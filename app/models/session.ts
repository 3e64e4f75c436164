import { DataTypes, Model, type Sequelize } from 'sequelize';

/** A signed-in (or signing-in) browser: the table behind web/session-store.ts. */
export class Session extends Model {
  declare sid: string;
  declare expires: Date | null;
  declare data: string | null;
  declare userId: number | null; // the signed-in account, so its sessions can be ended together

  static initModel(sequelize: Sequelize) {
    Session.init(
      {
        sid: { type: DataTypes.STRING(36), primaryKey: true },
        expires: DataTypes.DATE,
        data: DataTypes.TEXT,
        userId: { type: DataTypes.INTEGER, allowNull: true },
      },
      { sequelize, tableName: 'sessions', modelName: 'Session' },
    );
  }
}
