import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** Long work done off the request by app/jobs (the provincial bundle), with its progress. */
export class Job extends Model<InferAttributes<Job>, InferCreationAttributes<Job>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  declare batchId: number | null;
  declare status: JobStatus;
  declare params: string; // JSON
  declare progress: CreationOptional<number>;
  declare total: CreationOptional<number>;
  declare resultPath: CreationOptional<string | null>;
  declare resultBytes: CreationOptional<number | null>;
  declare summary: CreationOptional<string | null>; // JSON
  declare error: CreationOptional<string | null>;
  declare workerId: CreationOptional<string | null>;
  declare startedAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Job.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        kind: { type: DataTypes.STRING(20), allowNull: false },
        batchId: { type: DataTypes.INTEGER, allowNull: true },
        status: { type: DataTypes.STRING(10), allowNull: false },
        params: { type: DataTypes.TEXT, allowNull: false },
        progress: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        total: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        resultPath: { type: DataTypes.STRING(300), allowNull: true },
        // BIGINT comes back from mysql2 as a string; the getter keeps it a number (bundles < 2^53).
        resultBytes: {
          type: DataTypes.BIGINT,
          allowNull: true,
          get() {
            const v = this.getDataValue('resultBytes');
            return v === null ? null : Number(v);
          },
        },
        summary: { type: DataTypes.TEXT, allowNull: true },
        error: { type: DataTypes.STRING(500), allowNull: true },
        workerId: { type: DataTypes.STRING(60), allowNull: true },
        startedAt: { type: DataTypes.DATE, allowNull: true },
        finishedAt: { type: DataTypes.DATE, allowNull: true },
        createdBy: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'jobs' },
    );
  }
}
