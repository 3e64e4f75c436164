import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

import type { OutboxStatus } from '../domain/mail-retry.js';
export type { OutboxStatus };

/** One e-mail, stored with the event that caused it and sent later by app/jobs/mail-outbox.ts. */
export class OutboxMessage extends Model<InferAttributes<OutboxMessage>, InferCreationAttributes<OutboxMessage>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  declare recipients: string; // comma-separated
  declare subject: string;
  declare body: string;
  declare messageId: string;
  declare departmentId: number | null;
  declare status: OutboxStatus;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date;
  declare lastError: CreationOptional<string | null>;
  declare workerId: CreationOptional<string | null>;
  declare claimedAt: CreationOptional<Date | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare smtpResponse: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    OutboxMessage.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        kind: { type: DataTypes.STRING(40), allowNull: false },
        recipients: { type: DataTypes.STRING(1000), allowNull: false },
        subject: { type: DataTypes.STRING(200), allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        messageId: { type: DataTypes.STRING(120), allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: true },
        status: { type: DataTypes.STRING(10), allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        nextAttemptAt: { type: DataTypes.DATE, allowNull: false },
        lastError: { type: DataTypes.STRING(500), allowNull: true },
        workerId: { type: DataTypes.STRING(80), allowNull: true },
        claimedAt: { type: DataTypes.DATE, allowNull: true },
        sentAt: { type: DataTypes.DATE, allowNull: true },
        smtpResponse: { type: DataTypes.STRING(300), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'outbox_messages' },
    );
  }
}

/** The office's wording of one kind of mail; kinds without a row use the default wording. */
export class MailTemplate extends Model<InferAttributes<MailTemplate>, InferCreationAttributes<MailTemplate>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  declare subject: string;
  declare body: string;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    MailTemplate.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        kind: { type: DataTypes.STRING(40), allowNull: false },
        subject: { type: DataTypes.STRING(200), allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        updatedBy: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'mail_templates' },
    );
  }
}

/** A deadline reminder issued to one department; the unique key makes it happen once. */
export class Reminder extends Model<InferAttributes<Reminder>, InferCreationAttributes<Reminder>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare departmentId: number;
  declare deadline: string;
  declare deadlineAt: Date;
  declare daysBefore: number;
  declare outboxMessageId: number | null;
  declare summary: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Reminder.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        batchId: { type: DataTypes.INTEGER, allowNull: false },
        departmentId: { type: DataTypes.INTEGER, allowNull: false },
        deadline: { type: DataTypes.STRING(30), allowNull: false },
        deadlineAt: { type: DataTypes.DATE, allowNull: false },
        daysBefore: { type: DataTypes.INTEGER, allowNull: false },
        outboxMessageId: { type: DataTypes.INTEGER, allowNull: true },
        summary: { type: DataTypes.STRING(1000), allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'reminders' },
    );
  }
}
