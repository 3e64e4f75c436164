// The `skillcert` command: migrate, create-admin. Same config and services as the web app.
import { runCheckPackage, USAGE as CHECK_USAGE } from './cli-check-package.js';
import { loadConfig } from './config.js';
import { createSequelize, prepareDatabase } from './db/connection.js';
import { migrate } from './db/migrator.js';
import { Storage } from './lib/storage.js';
import { initModels } from './models/index.js';
import { createAccount } from './services/accounts.js';
import { systemActor, type ServiceContext } from './services/context.js';

const USAGE = `用法：
  skillcert migrate                          执行数据库迁移
  skillcert create-admin <用户名> [姓名]     新建继续教育学院账号，打印一次性密码
${CHECK_USAGE}`;

async function openDatabase() {
  const config = loadConfig();
  const sequelize = createSequelize(config);
  await prepareDatabase(sequelize);
  return { config, sequelize };
}

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'migrate') {
    const { sequelize } = await openDatabase();
    const done = await migrate(sequelize);
    console.log(done.length ? `已执行 ${done.length} 个迁移：\n  ${done.join('\n  ')}` : '数据库已是最新');
    await sequelize.close();
    return 0;
  }
  if (command === 'create-admin') {
    const [username, displayName] = args;
    if (!username) {
      console.error(USAGE);
      return 64;
    }
    const { config, sequelize } = await openDatabase();
    await migrate(sequelize);
    initModels(sequelize);
    const ctx: ServiceContext = { sequelize, config, storage: new Storage(config.storageRoot), now: () => new Date() };
    const { password } = await createAccount(ctx, systemActor, { username, displayName: displayName ?? username, role: 'office', departmentId: null });
    console.log(`已创建账号 ${username}，一次性密码：${password}（首次登录后须修改）`);
    await sequelize.close();
    return 0;
  }
  if (command === 'check-package') return runCheckPackage(args);
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
