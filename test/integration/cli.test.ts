// The `skillcert` command (package.json "bin"): migrate and create-admin, on the configured database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { projectRoot } from '../../app/app.js';
import { h } from '../setup/hooks.js';
import { signIn, uid } from '../factories/index.js';

const run = promisify(execFile);
const bin = path.join(projectRoot, 'bin', 'skillcert.js');

describe('skillcert command', () => {
  it('migrates a new SQLite file, then creates an office account whose one-time password works', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-cli-'));
    const env = { ...process.env, DATABASE_URL: '', SKILLCERT_HOME: dir, PASSWORD_SCRYPT_LOG2N: '14' };
    try {
      const first = await run('node', [bin, 'migrate'], { env });
      expect(first.stdout).to.match(/已执行 \d+ 个迁移/).and.include('20260102000000-registrations');
      expect((await run('node', [bin, 'migrate'], { env })).stdout).to.include('数据库已是最新');
      const created = await run('node', [bin, 'create-admin', 'clerk', '张老师'], { env });
      expect(created.stdout).to.match(/已创建账号 clerk，一次性密码：\S+/);
      expect(fs.existsSync(path.join(dir, 'data', 'skillcert.sqlite'))).to.equal(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates an office account on the test database (SQLite or MySQL) that can sign in here', async () => {
    const { config } = h();
    const username = `clerk${uid()}`;
    const env = { ...process.env, DATABASE_URL: config.databaseUrl ?? '', SQLITE_PATH: config.sqlitePath, PASSWORD_SCRYPT_LOG2N: '14' };
    const { stdout } = await run('node', [bin, 'create-admin', username], { env });
    const password = /一次性密码：(\S+)（/.exec(stdout)![1];
    const agent = await signIn(username, password);
    expect((await agent.get('/')).headers.location).to.equal('/password');
  });

  it('prints its usage and fails for an unknown command', async () => {
    try {
      await run('node', [bin, 'nonsense'], { env: process.env });
      expect.fail('should exit non-zero');
    } catch (error) {
      expect((error as { code: number }).code).to.equal(64);
      expect((error as { stderr: string }).stderr).to.include('用法');
    }
  });
});
