// The migration runner itself: every migration goes up and comes back down cleanly on a database
// of its own (a fresh SQLite file, or a fresh MySQL schema beside the test one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Sequelize } from 'sequelize';
import { createSequelize } from '../../app/db/connection.js';
import { createMigrator } from '../../app/db/migrator.js';
import { h } from '../setup/hooks.js';
import { uid } from '../factories/index.js';

async function scratchDatabase(): Promise<{ sequelize: Sequelize; drop: () => Promise<void> }> {
  const { config } = h();
  if (!config.databaseUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-migrate-'));
    const sequelize = createSequelize({ ...config, sqlitePath: path.join(dir, 'm.sqlite') });
    return {
      sequelize,
      drop: async () => {
        await sequelize.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = new URL(config.databaseUrl);
  const name = `${url.pathname.slice(1)}_migrate_${uid()}`;
  await h().sequelize.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  const sequelize = createSequelize({ ...config, databaseUrl: url.toString() });
  return {
    sequelize,
    drop: async () => {
      await sequelize.close();
      await h().sequelize.query(`DROP DATABASE \`${name}\``);
    },
  };
}

describe('migrations', () => {
  it('run up, down to nothing, and up again on an empty database', async () => {
    const { sequelize, drop } = await scratchDatabase();
    try {
      const migrator = createMigrator(sequelize);
      const up = await migrator.up();
      expect(up.map((m) => m.name)).to.deep.equal((await migrator.executed()).map((m) => m.name));
      const tables = async () =>
        (await sequelize.getQueryInterface().showAllTables())
          .map(String)
          .filter((t) => t !== 'schema_migrations')
          .sort();
      expect(await tables()).to.include.members([
        'audit_logs',
        'batches',
        'catalog_items',
        'deadline_extensions',
        'departments',
        'fee_rates',
        'held_certificates',
        'registrations',
        'sessions',
        'students',
        'users',
      ]);
      const [rows] = await sequelize.query('SELECT COUNT(*) AS n FROM catalog_items');
      expect(Number((rows as Array<{ n: number }>)[0].n)).to.equal(18);
      await migrator.down({ to: 0 });
      expect(await tables()).to.deep.equal([]);
      expect((await migrator.up()).length).to.equal(up.length);
      expect(await migrator.pending()).to.deep.equal([]);
    } finally {
      await drop();
    }
  });
});
