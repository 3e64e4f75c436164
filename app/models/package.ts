import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

// uploaded → pre-approved (初审通过, by the teacher) → submitted (to the office) → accepted,
// or returned (by the office, with a reason) → fixed and uploaded again as a new version.
import type { PackageStatus } from '../domain/package-layout.js';
export type { PackageStatus };

/** One version of a grade candidate's ID-numbered folder. Files live under the storage root. */
export class Package extends Model<InferAttributes<Package>, InferCreationAttributes<Package>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare departmentId: number;
  declare studentId: number;
  declare uploadId: number | null;
  declare version: number;
  declare currentMarker: number | null;
  declare status: PackageStatus;
  declare idCardPath: string;
  declare idCardBytes: number;
  declare idCardSha256: string;
  declare educationPath: string;
  declare educationBytes: number;
  declare educationSha256: string;
  declare returnReason: CreationOptional<string | null>;
  declare uploadedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Package.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        studentId: { type: DataTypes.INTEGER, allowNull: false },
        uploadId: { type: DataTypes.INTEGER, allowNull: true },
        version: { type: DataTypes.INTEGER, allowNull: false },
        currentMarker: { type: DataTypes.INTEGER, allowNull: true },
        status: { type: DataTypes.STRING(14), allowNull: false },
        idCardPath: { type: DataTypes.STRING(300), allowNull: false },
        idCardBytes: { type: DataTypes.INTEGER, allowNull: false },
        idCardSha256: { type: DataTypes.STRING(64), allowNull: false },
        educationPath: { type: DataTypes.STRING(300), allowNull: false },
        educationBytes: { type: DataTypes.INTEGER, allowNull: false },
        educationSha256: { type: DataTypes.STRING(64), allowNull: false },
        returnReason: { type: DataTypes.STRING(300), allowNull: true },
        uploadedBy: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'packages' },
    );
  }
}

/** One department (or student) upload and the report its check produced. */
export class PackageUpload extends Model<InferAttributes<PackageUpload>, InferCreationAttributes<PackageUpload>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare departmentId: number;
  declare uploadedBy: number | null;
  declare source: 'zip' | 'folder' | 'student';
  declare fileName: string;
  declare report: string;
  declare storedCount: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    PackageUpload.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        uploadedBy: { type: DataTypes.INTEGER, allowNull: true },
        source: { type: DataTypes.STRING(10), allowNull: false },
        fileName: { type: DataTypes.STRING(200), allowNull: false },
        report: { type: DataTypes.TEXT, allowNull: false }, // LONGTEXT on MySQL (see the migration)
        storedCount: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'package_uploads' },
    );
  }
}
