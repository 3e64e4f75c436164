import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
  type Transaction,
} from 'sequelize';
import { normalizeUsername } from '../domain/usernames.js';

export const ROLES = ['office', 'teacher', 'student'] as const;
export type Role = (typeof ROLES)[number];

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare displayName: string;
  declare email: CreationOptional<string | null>; // where notifications go; none means no mail
  declare role: Role;
  declare departmentId: number | null;
  // null: the account still uses its initial credential (students: the last six ID characters).
  declare passwordHash: string | null;
  declare mustChangePassword: CreationOptional<boolean>;
  declare active: CreationOptional<boolean>;
  declare lastLoginAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /**
   * The account a typed name belongs to. MySQL's utf8mb4_unicode_ci would also match "teácherb" to
   * "teacherb" (it ignores accents), so the stored name must equal the normalised one exactly.
   */
  static async findByUsername(typed: string, transaction?: Transaction): Promise<User | null> {
    const username = normalizeUsername(typed);
    const user = await User.findOne({ where: { username }, transaction });
    return user && user.username === username ? user : null;
  }

  static initModel(sequelize: Sequelize) {
    User.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        username: {
          type: DataTypes.STRING(40),
          allowNull: false,
          set(value: string) {
            this.setDataValue('username', normalizeUsername(value));
          },
        },
        displayName: { type: DataTypes.STRING(40), allowNull: false },
        email: { type: DataTypes.STRING(120), allowNull: true },
        role: { type: DataTypes.STRING(10), allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: true },
        passwordHash: { type: DataTypes.STRING(255), allowNull: true },
        mustChangePassword: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        lastLoginAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'users' },
    );
  }
}
