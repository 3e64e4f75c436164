// The database the rush starts from, made with the app's own migrations, models and batch service:
// one department whose students are all still on their initial password (the last six characters
// of the ID number, mustChangePassword), and a batch whose self-registration is open now, priced as
// the notice says. Students are written in bulk: 200 one by one through insertStudent would be 400
// transactions, and an initial password has no hash to compute (it is checked against the ID number).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type SeedTarget = { databaseUrl: string | null; sqlitePath: string; storageRoot: string };
export type RushStudent = { username: string; password: string };
export type Seeded = { batchId: number; departmentId: number; students: RushStudent[] };

const REGION = '430105';
const BIRTH_YEAR = 2005;

/** A valid GB 11643 number for the n-th student (distinct birth day and sequence for each n < 36,000). */
export function idNumberFor(n: number, checkDigitOf: (first17: string) => string): string {
  const day = new Date(Date.UTC(BIRTH_YEAR, 0, 1 + (Math.floor(n / 1000) % 360)));
  const birth = day.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${REGION}${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkDigitOf(first17);
}

export async function seedRush(target: SeedTarget, count: number): Promise<Seeded> {
  const [
    { loadConfig },
    { createSequelize, prepareDatabase },
    { migrate },
    models,
    { createBatch },
    { systemActor },
    { Storage },
    { noticeSchedule },
    { checkDigitOf },
    { timelineAround },
  ] = await Promise.all([
    import('../../app/config.js'),
    import('../../app/db/connection.js'),
    import('../../app/db/migrator.js'),
    import('../../app/models/index.js'),
    import('../../app/services/season/batches.js'),
    import('../../app/services/context.js'),
    import('../../app/lib/storage.js'),
    import('../../app/domain/fees.js'),
    import('../../app/domain/id-number.js'),
    import('../../test/factories/batches.js'),
  ]);
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: target.databaseUrl ?? undefined,
    SQLITE_PATH: target.sqlitePath,
    STORAGE_ROOT: target.storageRoot,
  });
  const sequelize = createSequelize(config);
  try {
    await prepareDatabase(sequelize);
    await migrate(sequelize);
    models.initModels(sequelize);
    const department = await models.Department.create({ name: '电子工程学院' });
    const people = Array.from({ length: count }, (_, n) => ({
      studentNo: `2024${String(n + 1).padStart(5, '0')}`,
      name: `学生${n + 1}`,
      idNumber: idNumberFor(n, checkDigitOf),
      className: `电子23${String(1 + Math.floor(n / 40)).padStart(2, '0')}`,
      phone: `138${String(n).padStart(8, '0')}`,
      email: null,
    }));
    await sequelize.transaction(async (transaction) => {
      await models.User.bulkCreate(
        people.map((p) => ({
          username: p.studentNo,
          displayName: p.name,
          role: 'student' as const,
          departmentId: department.id,
          passwordHash: null,
          mustChangePassword: true,
        })),
        { transaction },
      );
      // Read back rather than trust the ids bulkCreate guesses on MySQL (first insert id + n).
      const users = await models.User.findAll({
        where: { departmentId: department.id },
        attributes: ['id', 'username'],
        transaction,
      });
      const userIdOf = new Map(users.map((u) => [u.username, u.id]));
      await models.Student.bulkCreate(
        people.map((p) => ({ ...p, departmentId: department.id, userId: userIdOf.get(p.studentNo)! })),
        { transaction },
      );
    });
    const ctx = { sequelize, config, storage: new Storage(config.storageRoot), now: () => new Date() };
    const batch = await createBatch(ctx, systemActor, {
      name: '2026年下半年（压力测试）',
      year: 2026,
      half: 2,
      timeline: timelineAround(-1, 120),
      fees: noticeSchedule(),
      confirmPast: true,
    });
    return {
      batchId: batch.id,
      departmentId: department.id,
      students: people.map((p) => ({ username: p.studentNo, password: p.idNumber.slice(-6) })),
    };
  } finally {
    await sequelize.close();
  }
}

/** seedRush in a child process (see seed-main.ts for why the tests need that). */
export function seedInChild(target: SeedTarget, count: number): Promise<Seeded> {
  const script = fileURLToPath(new URL('./seed-main.js', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, JSON.stringify(target), String(count)],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`seeding failed: ${error.message}\n${stderr}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Seeded);
      },
    );
  });
}
