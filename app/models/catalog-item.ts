import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ItemKind } from '../domain/fees.js';

export class CatalogItem extends Model<InferAttributes<CatalogItem>, InferCreationAttributes<CatalogItem>> {
  declare id: CreationOptional<number>;
  declare kind: ItemKind;
  declare name: string;
  declare groupName: string | null;
  declare levels: string; // "4,3" for grade items, "" for special ones
  declare admitsStudents: boolean;
  declare admitsSocial: boolean;
  declare active: CreationOptional<boolean>;
  declare sortOrder: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CatalogItem.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        kind: { type: DataTypes.STRING(10), allowNull: false },
        name: { type: DataTypes.STRING(80), allowNull: false },
        groupName: { type: DataTypes.STRING(40), allowNull: true },
        levels: { type: DataTypes.STRING(20), allowNull: false, defaultValue: '' },
        admitsStudents: { type: DataTypes.BOOLEAN, allowNull: false },
        admitsSocial: { type: DataTypes.BOOLEAN, allowNull: false },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'catalog_items' },
    );
  }
}
