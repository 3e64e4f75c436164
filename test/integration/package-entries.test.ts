// Entries a department ZIP should never hold but a crafted one can (issue 13 item 5): names the
// disk cannot take, a file that is also a folder, a name that is only ".". Each one becomes a
// per-entry problem in the report; the rest of the archive is checked as usual; nothing stays
// behind under the storage root's tmp/.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Package, type Batch, type Student } from '../../app/models/index.js';
import { h } from '../setup/hooks.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { csrfToken, makeStudent, teacherAgent, uid, type Agent } from '../factories/index.js';
import { candidateEntries } from '../factories/package-files.js';
import { writeZip, type ZipEntryInput } from '../factories/zip-writer.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-entries-'));

/** Every file under the storage root's tmp/, as paths relative to it. */
function tmpFiles(): string[] {
  const tmp = h().app.ctx.storage.tempDir();
  if (!fs.existsSync(tmp)) return [];
  return fs
    .readdirSync(tmp, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(tmp, path.join(e.parentPath, e.name)));
}

async function upload(agent: Agent, batch: Batch, entries: ZipEntryInput[]) {
  const file = path.join(dir, `${uid()}.zip`);
  await writeZip(file, entries);
  const token = await csrfToken(agent, `/teacher/packages?batch=${batch.id}`);
  return agent
    .post(`/teacher/packages/upload?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
    .attach('file', file, '材料.zip');
}

describe('ZIP entries that cannot be files', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });
  after(async () => {
    await archive(batch);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function uploadBeside(hostile: (id: string) => ZipEntryInput[]) {
    const { agent, department } = await teacherAgent();
    const good: Student = await makeStudent(department.id);
    await gradeRegistration(batch, good);
    const before = tmpFiles();
    const res = await upload(agent, batch, [...(await candidateEntries(good.idNumber)), ...hostile(good.idNumber)]);
    expect(tmpFiles(), 'left under tmp/').to.deep.equal(before);
    expect(res.status, res.text).to.equal(303);
    const page = (await agent.get(res.headers.location)).text;
    const stored = await Package.findOne({ where: { batchId: batch.id, studentId: good.id, currentMarker: 1 } });
    return { page, report: page.slice(page.indexOf('id="report"')), stored };
  }

  const long = 'a'.repeat(300);
  const wide = '文'.repeat(86); // 258 bytes in UTF-8: one more character than a disk's 255-byte name
  const cases: Array<[string, (id: string) => ZipEntryInput[], string, string]> = [
    [
      'an entry named "." with 20 MiB of zeros',
      () => [{ name: '.', data: Buffer.alloc(20 * 1024 * 1024) }],
      'NAME_INVALID',
      '“.”',
    ],
    ['a file named "." inside a folder', () => [{ name: 'x/.', data: Buffer.alloc(1000) }], 'NAME_INVALID', '“x/.”'],
    [
      'a 300-character file name',
      () => [{ name: `${long}.jpg`, data: Buffer.from('x') }],
      'NAME_TOO_LONG',
      `${long}.jpg`,
    ],
    [
      'a folder name over 255 bytes in UTF-8',
      () => [{ name: `${wide}/a.jpg`, data: Buffer.from('x') }],
      'NAME_TOO_LONG',
      `${wide}/a.jpg`,
    ],
    [
      'a path too long overall',
      () => [{ name: `${'d'.repeat(200)}/`.repeat(6) + 'a.jpg', data: Buffer.from('x') }],
      'NAME_TOO_LONG',
      'a.jpg”',
    ],
    [
      'a file that is also a folder (dup/x beside dup/x/y)',
      () => [
        { name: 'dup/x', data: Buffer.from('x') },
        { name: 'dup/x/y', data: Buffer.from('y') },
      ],
      'PATH_CONFLICT',
      '“dup/x”',
    ],
    [
      "a folder's file before the file of the same name (dup/x/y before dup/x)",
      () => [
        { name: 'dup/x/y', data: Buffer.from('y') },
        { name: 'dup/x', data: Buffer.from('x') },
      ],
      'PATH_CONFLICT',
      '“dup/x”',
    ],
  ];
  for (const [what, hostile, code, named] of cases) {
    it(`${what}: a problem of its own, the good candidate stored, nothing left in tmp/`, async () => {
      const { page, report, stored } = await uploadBeside(hostile);
      expect(page).to.include('检查完成：1 名考生的材料已保存');
      expect(report).to.match(new RegExp(`data-code="${code}">[^<A-Z]+<`));
      expect(report).to.include(named);
      expect(stored).not.to.equal(null);
    });
  }

  it('a kept file that is also the folder of another kept file: neither written over the other', async () => {
    const other = '430105200001010011';
    const { report, stored } = await uploadBeside((id) => [
      { name: `${id}/证件复印件/${id}.jpg/${other}/证件复印件/${other}.jpg`, data: Buffer.from('x') },
    ]);
    expect(report).to.include('data-code="PATH_CONFLICT"');
    expect(stored).to.equal(null); // its ID card was skipped, so the candidate cannot pass
  });

  it('a bad entry inside a candidate folder fails that candidate, not the archive', async () => {
    const { report, stored } = await uploadBeside((id) => [
      { name: `${id}/证件复印件/${long}.jpg`, data: Buffer.from('x') },
    ]);
    expect(report).to.include('data-code="NAME_TOO_LONG"');
    expect(stored).to.equal(null);
  });

  it('names refused whole (NUL, .., absolute, drive letter) leave nothing in tmp/ either', async () => {
    for (const name of ['a\0b.jpg', '../x.jpg', '/etc/x', 'C:\\x.jpg', 'a\\..\\..\\x']) {
      const { page, stored } = await uploadBeside(() => [{ name, data: Buffer.alloc(1000) }]);
      expect(page, name).to.include('data-code="ARCHIVE_UNSAFE_PATH"');
      expect(stored).to.equal(null);
    }
  });

  it('an upload cut off halfway leaves nothing in tmp/', async () => {
    const { agent } = await teacherAgent();
    const token = await csrfToken(agent, `/teacher/packages?batch=${batch.id}`);
    const jar = (agent as unknown as { jar: { getCookies(access: unknown): Array<{ toValueString(): string }> } }).jar;
    const { CookieAccessInfo } = await import('cookiejar');
    const cookie = jar
      .getCookies(CookieAccessInfo.All)
      .map((c) => c.toValueString())
      .join('; ');
    const server = h().app.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const before = tmpFiles();
    try {
      const boundary = `----skillcert${uid()}`;
      const req = http.request({
        port: (server.address() as AddressInfo).port,
        host: '127.0.0.1',
        method: 'POST',
        path: `/teacher/packages/upload?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`,
        headers: {
          cookie,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(50 * 1024 * 1024),
        },
      });
      req.on('error', () => undefined);
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\nContent-Type: application/zip\r\n\r\n`,
      );
      for (let i = 0; i < 8; i++) req.write(Buffer.alloc(256 * 1024, 1));
      for (let i = 0; i < 100 && tmpFiles().length === before.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(tmpFiles().length, 'multer began writing').to.be.above(before.length);
      req.destroy();
      for (let i = 0; i < 100 && tmpFiles().length !== before.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(tmpFiles()).to.deep.equal(before);
    } finally {
      server.close();
    }
  });

  it('a backslash path and a folder entry with data are read as folders, as Windows tools mean them', async () => {
    const { page, stored } = await uploadBeside(() => [{ name: 'notes\\', data: Buffer.alloc(5000), method: 'store' }]);
    expect(page).to.include('检查完成：1 名考生的材料已保存');
    expect(stored).not.to.equal(null);
  });
});
