// Start-up: load config → prepare and migrate the database → first admin → listen → stop cleanly.
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import { createApp } from './app.js';
import { loadConfig, ConfigError, type Config } from './config.js';
import { createSequelize, prepareDatabase } from './db/connection.js';
import { migrate } from './db/migrator.js';
import { startBackgroundWork } from './jobs/index.js';
import { closePasswordPool } from './lib/passwords.js';
import { initModels } from './models/index.js';
import { ensureFirstAdmin } from './services/accounts/accounts.js';

function listenFailure(error: Error, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `启动失败：端口 ${port} 已被占用（另一个程序或另一个 skillcert 正在使用它）。请先停止它，或换一个端口，例如 PORT=${port + 1} npm start`;
  if (code === 'EACCES')
    return `启动失败：没有权限监听端口 ${port}（1024 以下的端口需要管理员权限）。请换一个端口，例如 PORT=3000 npm start`;
  if (code === 'EADDRNOTAVAIL') return `启动失败：本机没有地址 ${host}。请检查 HOST 设置`;
  return `启动失败：无法在 ${host}:${port} 上监听（${error.message}）`;
}

async function openDatabase(config: Config): Promise<Sequelize> {
  const sequelize = createSequelize(config);
  await prepareDatabase(sequelize);
  await migrate(sequelize, (m) => console.log(m));
  initModels(sequelize);
  return sequelize;
}

function showFirstAdminPassword(password: string) {
  console.log('\n========================================================');
  console.log(' 已创建继续教育学院管理员账号（只显示这一次，请立即记下）');
  console.log(`   用户名: admin    一次性密码: ${password}`);
  console.log(' 首次登录后须修改密码。');
  console.log('========================================================\n');
}

function listen(app: Express, config: Config) {
  // Express 5 hands a failed listen (a port in use) to this callback instead of throwing: without
  // the check, the process would say it had started and stay up serving nothing.
  return app.listen(config.port, config.host, (error?: Error) => {
    if (error) {
      console.error(listenFailure(error, config.host, config.port));
      process.exit(1);
    }
    const where = config.databaseUrl ? 'MySQL' : `SQLite ${config.sqlitePath}`;
    console.log(`skillcert 已启动：http://localhost:${config.port}  （数据库：${where}）`);
    if (config.trustProxy && config.host === '127.0.0.1')
      console.log('已设置 TRUST_PROXY：只在 127.0.0.1 上监听，由反向代理转发；代理在另一台机器上时请设置 HOST。');
  });
}

async function main() {
  const config = loadConfig();
  const sequelize = await openDatabase(config);
  const { app, ctx, stop } = createApp({ config, sequelize });
  const swept = await ctx.storage.sweepTemp(); // what a crash or an abandoned import left in tmp/
  if (swept) console.log(`已清理 ${swept} 个超过一天的上传临时文件（${ctx.storage.tempDir()}）`);

  const password = await ensureFirstAdmin(ctx);
  if (password) showFirstAdminPassword(password);

  // Background work (bundles, mail, reminders) runs in this process; any number of processes may.
  const background = startBackgroundWork(ctx);
  if (!config.smtp) console.log('未配置邮件服务（SMTP_HOST）：通知邮件保存在发件箱，配置后自动发出。');

  const server = listen(app, config);

  const shutdown = (signal: string) => {
    console.log(`收到 ${signal}，正在停止…`);
    stop();
    server.close(async () => {
      await background.stop();
      await closePasswordPool();
      await sequelize.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `配置错误：${error.message}` : error);
  process.exit(1);
});
