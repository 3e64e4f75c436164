// The start-up sweep of the storage root's tmp/ (issue 13 item 5): what a crash, a killed upload or
// an import never confirmed left there goes once it is a day old; newer files and everything outside
// tmp/ stay.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { projectRoot } from '../../app/app.js';
import { Storage } from '../../app/lib/storage.js';

const HOUR = 60 * 60 * 1000;

describe('sweeping tmp/ at start-up', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-sweep-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function file(relative: string, ageHours: number) {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, 'x');
    const at = new Date(Date.now() - ageHours * HOUR);
    fs.utimesSync(full, at, at);
    return full;
  }
  const age = (relative: string, ageHours: number) => {
    const at = new Date(Date.now() - ageHours * HOUR);
    fs.utimesSync(path.join(root, relative), at, at);
  };

  it('removes files and staging folders older than 24 hours in every temp area, and nothing else', async () => {
    file('tmp/3f9a0c', 30); // multer's file of an upload that never finished
    file('tmp/uploads/ab12/4301/证件复印件/4301.jpg', 30); // staging of a crashed upload
    file('tmp/uploads/ab12.cd34.tmp', 30);
    file('tmp/imports/old.xlsx', 25); // an import never confirmed
    const fresh = [file('tmp/imports/new.xlsx', 1), file('tmp/uploads/ef56/a.jpg', 23), file('tmp/7b8c', 0)];
    const kept = [file('packages/1/2/v1/a.jpg', 500), file('photos/old.jpg', 500), file('outside.txt', 500)];
    for (const folder of [
      'tmp/uploads/ab12/4301/证件复印件',
      'tmp/uploads/ab12/4301',
      'tmp/uploads/ab12',
      'tmp/uploads/ef56',
    ])
      age(folder, 30);
    fs.symlinkSync(path.join(root, 'packages'), path.join(root, 'tmp', 'link'));
    fs.lutimesSync(path.join(root, 'tmp', 'link'), new Date(Date.now() - 30 * HOUR), new Date(Date.now() - 30 * HOUR));
    age('tmp', 30);

    const removed = await new Storage(root).sweepTemp();

    expect(removed).to.equal(5); // the four old files and the old link (never what it points to)
    for (const f of [...fresh, ...kept]) expect(fs.existsSync(f), f).to.equal(true);
    expect(fs.existsSync(path.join(root, 'tmp/uploads/ab12'))).to.equal(false);
    expect(fs.existsSync(path.join(root, 'tmp/uploads/ef56'))).to.equal(true); // holds a file still in use
    expect(fs.existsSync(path.join(root, 'tmp'))).to.equal(true);
  });

  it('runs from the command line too (`skillcert sweep-tmp`, for a server that is never restarted)', async () => {
    const old = file('tmp/uploads/x.tmp', 48);
    const env = { ...process.env, STORAGE_ROOT: path.join(root) };
    const { stdout } = await promisify(execFile)('node', [path.join(projectRoot, 'bin', 'skillcert.js'), 'sweep-tmp'], {
      env,
    });
    expect(stdout).to.include('已删除 1 个超过一天的临时文件');
    expect(fs.existsSync(old)).to.equal(false);
  });

  it('is quiet when there is no tmp/ yet', async () => {
    expect(await new Storage(root).sweepTemp()).to.equal(0);
  });
});
