// The `skillcert` command (package.json "bin"): migrate and create-admin, on the configured database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { projectRoot } from '../../app/app.js';
import { h } from '../setup/hooks.js';
import { idNumber, makeDepartment, makeStudent, signIn, uid } from '../factories/index.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { candidateEntries } from '../factories/package-files.js';
import { writeZip } from '../factories/zip-writer.js';

const run = promisify(execFile);
const bin = path.join(projectRoot, 'bin', 'skillcert.js');

describe('skillcert command', () => {
  it('migrates a new SQLite file, then creates an office account whose one-time password works', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-cli-'));
    const env = { ...process.env, DATABASE_URL: '', SKILLCERT_HOME: dir, PASSWORD_SCRYPT_LOG2N: '14' };
    try {
      const first = await run('node', [bin, 'migrate'], { env });
      expect(first.stdout)
        .to.match(/已执行 \d+ 个迁移/)
        .and.include('20260102000000-registrations');
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
    const env = {
      ...process.env,
      DATABASE_URL: config.databaseUrl ?? '',
      SQLITE_PATH: config.sqlitePath,
      PASSWORD_SCRYPT_LOG2N: '14',
    };
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

describe('skillcert check-package', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-check-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const check = async (args: string[], env: NodeJS.ProcessEnv = process.env) => {
    try {
      const { stdout } = await run('node', [bin, 'check-package', ...args], { env });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string };
      return { code: e.code, stdout: e.stdout };
    }
  };

  it('prints the JSON report and exits 0 when every candidate passes, 1 when some fail, 2 when refused whole', async () => {
    const [good, bad] = [idNumber(), idNumber()];
    const okZip = path.join(dir, 'ok.zip');
    await writeZip(okZip, await candidateEntries(good, { nameEncoding: 'gbk' }));
    const ok = await check([okZip, '--json']);
    expect(ok.code).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.deep.equal({
      ok: true,
      fatal: null,
      counts: { passed: 1, failed: 0, missing: 0 },
      students: [{ id: good, ok: true, errors: [] }],
      other: [],
    });

    const mixedZip = path.join(dir, 'mixed.zip');
    await writeZip(mixedZip, [
      ...(await candidateEntries(good)),
      ...(await candidateEntries(bad, { idCardBytes: 300_000 })),
    ]);
    const mixed = await check([mixedZip, '--json']);
    expect(mixed.code).to.equal(1);
    const report = JSON.parse(mixed.stdout);
    expect(report.students.find((s: { id: string }) => s.id === bad).errors[0]).to.include({
      code: 'FILE_TOO_LARGE',
      path: `${bad}/证件复印件/${bad}.jpg`,
    });

    const evilZip = path.join(dir, 'evil.zip');
    await writeZip(evilZip, [{ name: '../x.jpg', data: Buffer.from('x') }]);
    const evil = await check([evilZip, '--json']);
    expect(evil.code).to.equal(2);
    expect(JSON.parse(evil.stdout).fatal.code).to.equal('ARCHIVE_UNSAFE_PATH');
    expect((await check([mixedZip])).stdout).to.include('共 2 名考生：通过 1 名，有问题 1 名');
  });

  it("checks a folder on disk, and compares with a department's registrations when given --batch and --department", async () => {
    const batch = await makeBatch();
    try {
      const department = await makeDepartment();
      const [registered, absent] = [await makeStudent(department.id), await makeStudent(department.id)];
      for (const s of [registered, absent]) await gradeRegistration(batch, s);
      const stranger = idNumber();
      const folder = path.join(dir, 'folder');
      for (const entry of [...(await candidateEntries(registered.idNumber)), ...(await candidateEntries(stranger))]) {
        fs.mkdirSync(path.join(folder, path.dirname(String(entry.name))), { recursive: true });
        fs.writeFileSync(path.join(folder, String(entry.name)), entry.data!);
      }
      const { config } = h();
      const env = { ...process.env, DATABASE_URL: config.databaseUrl ?? '', SQLITE_PATH: config.sqlitePath };
      const result = await check(
        [folder, '--batch', String(batch.id), '--department', String(department.id), '--json'],
        env,
      );
      expect(result.code).to.equal(1);
      const codes = Object.fromEntries(
        JSON.parse(result.stdout).students.map((s: { id: string; errors: Array<{ code: string }> }) => [
          s.id,
          s.errors.map((e) => e.code),
        ]),
      );
      expect(codes).to.deep.equal({
        [registered.idNumber]: [],
        [stranger]: ['NOT_REGISTERED'],
        [absent.idNumber]: ['MISSING_PACKAGE'],
      });
    } finally {
      await archive(batch);
    }
  });

  it('explains its usage for wrong arguments', async () => {
    expect((await check(['--batch', '1'])).code).to.equal(64);
  });
});
