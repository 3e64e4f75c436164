// Schema comes only from migrations (migrations/*.ts, compiled next to this file's dist folder).
// The same files run on SQLite and MySQL, at start-up, from `skillcert migrate`, and in tests.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Umzug, SequelizeStorage } from 'umzug';
import type { QueryInterface, Sequelize } from 'sequelize';

export type MigrationContext = { queryInterface: QueryInterface; sequelize: Sequelize };
export type Migration = (context: MigrationContext) => Promise<void>;

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function createMigrator(sequelize: Sequelize, log: (message: string) => void = () => {}) {
  return new Umzug<MigrationContext>({
    migrations: {
      glob: ['*.js', { cwd: migrationsDir }],
      resolve: ({ name, path: file, context }) => {
        const load = async () => (await import(pathToFileURL(file!).href)) as { up: Migration; down: Migration };
        return {
          name: name.replace(/\.js$/, ''),
          up: async () => (await load()).up(context),
          down: async () => (await load()).down(context),
        };
      },
    },
    context: { queryInterface: sequelize.getQueryInterface(), sequelize },
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: {
      info: (e) => {
        const { event, name } = e as { event?: string; name?: string };
        if (event === 'migrated') log(`migrated ${name}`);
      },
      warn: () => {},
      error: () => {},
      debug: () => {},
    },
  });
}

export async function migrate(sequelize: Sequelize, log?: (message: string) => void): Promise<string[]> {
  const done = await createMigrator(sequelize, log).up();
  return done.map((m) => m.name);
}
