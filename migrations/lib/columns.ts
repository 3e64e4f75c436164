// Column shapes the migrations share. Lives in a subfolder so the migrator's *.js glob skips it.
// Changing these changes what future runs of old migrations create: treat them as frozen.
import { DataTypes } from 'sequelize';

export const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };

export const timestamps = {
  createdAt: { type: DataTypes.DATE, allowNull: false },
  updatedAt: { type: DataTypes.DATE, allowNull: false },
};

/** An integer foreign key; rows are never deleted, so deleting a referenced row is refused. */
export const ref = (table: string, allowNull = false) => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onUpdate: 'CASCADE',
  onDelete: 'RESTRICT',
});
