// The `skillcert` command. Each command loads only the code it needs (check-package runs without
// any database code), with the same config and services as the web app.
import { USAGE as CHECK_USAGE } from './cli-usage.js';

const USAGE = `用法：
  skillcert migrate                          执行数据库迁移
  skillcert create-admin <用户名> [姓名]     新建继续教育学院账号，打印一次性密码
  skillcert sweep-tmp                        删除存储目录 tmp/ 下超过一天的临时文件（启动时也会做）
${CHECK_USAGE}`;

async function openDatabase() {
  const [{ loadConfig }, { createSequelize, prepareDatabase }] = await Promise.all([
    import('./config.js'),
    import('./db/connection.js'),
  ]);
  const config = loadConfig();
  const sequelize = createSequelize(config);
  await prepareDatabase(sequelize);
  return { config, sequelize };
}

async function migrateCommand(): Promise<number> {
  const { migrate } = await import('./db/migrator.js');
  const { sequelize } = await openDatabase();
  const done = await migrate(sequelize);
  console.log(done.length ? `已执行 ${done.length} 个迁移：\n  ${done.join('\n  ')}` : '数据库已是最新');
  await sequelize.close();
  return 0;
}

async function createAdminCommand(username: string | undefined, displayName: string | undefined): Promise<number> {
  if (!username) {
    console.error(USAGE);
    return 64;
  }
  const [{ migrate }, { Storage }, { initModels }, { createAccount }, { systemActor }] = await Promise.all([
    import('./db/migrator.js'),
    import('./lib/storage.js'),
    import('./models/index.js'),
    import('./services/accounts/accounts.js'),
    import('./services/context.js'),
  ]);
  const { config, sequelize } = await openDatabase();
  await migrate(sequelize);
  initModels(sequelize);
  const ctx = { sequelize, config, storage: new Storage(config.storageRoot), now: () => new Date() };
  const { password } = await createAccount(ctx, systemActor, {
    username,
    displayName: displayName ?? username,
    role: 'office',
    departmentId: null,
  });
  console.log(`已创建账号 ${username}，一次性密码：${password}（首次登录后须修改）`);
  await sequelize.close();
  return 0;
}

async function sweepTmpCommand(): Promise<number> {
  const [{ loadConfig }, { Storage }] = await Promise.all([import('./config.js'), import('./lib/storage.js')]);
  const storage = new Storage(loadConfig().storageRoot);
  console.log(`已删除 ${await storage.sweepTemp()} 个超过一天的临时文件（${storage.tempDir()}）`);
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'migrate') return migrateCommand();
  if (command === 'create-admin') return createAdminCommand(args[0], args[1]);
  if (command === 'sweep-tmp') return sweepTmpCommand();
  if (command === 'check-package') return (await import('./cli-check-package.js')).runCheckPackage(args);
  console.error(USAGE);
  return command ? 64 : 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error?.message ?? error);
    process.exit(1);
  },
);
