// Starting the server (issue 14 item 5): when the port is taken, start-up says so in Chinese and
// exits with an error, instead of printing "已启动" and staying up without listening. The server
// runs on a SQLite file of its own in both suite runs, so its background work never touches the
// suite's database (it would pick up the suite's queued jobs on MySQL).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../app/app.js';

function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(projectRoot, 'dist/app/server.js')],
      { env: { PATH: process.env.PATH!, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: child.exitCode ?? (error as { code?: number } | null)?.code ?? null, out: stdout + stderr }),
    );
  });
}

describe('server start-up', function () {
  this.timeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-start-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a port that is in use with a Chinese sentence and exit code 1, never "已启动"', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const { code, out } = await start({
        PORT: String(port),
        HOST: '127.0.0.1',
        SQLITE_PATH: path.join(dir, 'start.sqlite'),
        STORAGE_ROOT: path.join(dir, 'uploads'),
      });
      expect(code, out).to.equal(1);
      expect(out)
        .to.include(`端口 ${port} 已被占用`)
        .and.include(`PORT=${port + 1} npm start`);
      expect(out).not.to.include('已启动');
    } finally {
      blocker.close();
    }
  });
});
