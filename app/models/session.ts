import { DataTypes, Model, type Sequelize } from 'sequelize';

/** The session store's table (created by the initial migration, used by connect-session-sequelize). */
export class Session extends Model {
  static initModel(sequelize: Sequelize) {
    Session.init(
      {
        sid: { type: DataTypes.STRING(36), primaryKey: true },
        expires: DataTypes.DATE,
        data: DataTypes.TEXT,
        userId: { type: DataTypes.INTEGER, allowNull: true }, // the signed-in account, kept by the store
      },
      { sequelize, tableName: 'sessions', modelName: 'Session' },
    );
  }
}
