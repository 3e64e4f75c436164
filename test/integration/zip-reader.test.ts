// Reading real ZIPs (made by test code the way Windows, Info-ZIP and modern tools make them) and
// refusing hostile ones whole (issue 4). Every archive-level code has a case here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { checkPackageSource } from '../../app/services/packages/package-check.js';
import { DEFAULT_LIMITS, readZip } from '../../app/lib/zip-reader.js';
import { idNumber, uid } from '../factories/index.js';
import { candidateEntries, jpegNear } from '../factories/package-files.js';
import { withDirectories, writeZip, zipBuffer, type ZipEntryInput } from '../factories/zip-writer.js';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-zip-'));
const zipFile = async (entries: ZipEntryInput[]) => {
  const file = path.join(dir, `${uid()}.zip`);
  await writeZip(file, entries);
  return file;
};
const fatalOf = async (file: string, limits = DEFAULT_LIMITS) =>
  (await checkPackageSource({ zip: file }, null, null, limits)).fatal?.code ?? null;

describe('ZIP reading', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a Windows-style archive: GBK names, no UTF-8 flag, a wrapper folder and folder entries', async () => {
    const ids = [idNumber(), idNumber()];
    const entries = withDirectories(
      (
        await Promise.all(ids.map((id) => candidateEntries(id, { wrapper: '电子工程学院', nameEncoding: 'gbk' })))
      ).flat(),
    );
    const file = await zipFile(entries);
    await run('unzip', ['-tqq', file]); // a real archive, by Info-ZIP's own judgement
    const result = await checkPackageSource({ zip: file }, null);
    expect(result.fatal).to.equal(null);
    expect(result.report.candidates.map((c) => [c.id, c.ok])).to.deep.equal(ids.map((id) => [id, true]));
  });

  it('reads Info-ZIP Unicode Path fields and the UTF-8 flag', async () => {
    const id = idNumber();
    const [card, report] = await candidateEntries(id);
    const withField = [
      {
        ...card,
        name: Buffer.from(`${id}/____/${id}.jpg`),
        nameEncoding: 'cp437-ascii' as const,
        unicodePathExtra: card.name as string,
      },
      { ...report, nameEncoding: 'utf8-flag' as const },
    ];
    const result = await checkPackageSource({ zip: await zipFile(withField) }, null);
    expect(result.report.candidates[0].ok, JSON.stringify(result.report)).to.equal(true);
  });

  it('reads an archive made by the system zip command, with stored and deflated entries', async () => {
    const id = idNumber();
    const folder = path.join(dir, uid(), id);
    fs.mkdirSync(path.join(folder, '证件复印件'), { recursive: true });
    fs.mkdirSync(path.join(folder, '学历证书'), { recursive: true });
    fs.writeFileSync(path.join(folder, '证件复印件', `${id}.jpg`), jpegNear(150_000));
    fs.writeFileSync(path.join(folder, '学历证书', `${id}.jpg`), jpegNear(60_000));
    const file = path.join(dir, `${uid()}.zip`);
    await run('zip', ['-qr', file, id], { cwd: path.dirname(folder) });
    const files = await readZip(file, null);
    expect(files.map((f) => [f.path, f.kind, f.size])).to.deep.include.members([
      [`${id}/证件复印件/${id}.jpg`, 'jpeg', 150_000],
    ]);
    expect((await checkPackageSource({ folder: path.dirname(folder) }, null)).report.candidates[0].ok).to.equal(true);
  });

  it('ARCHIVE_INVALID: not a ZIP, or a truncated one', async () => {
    const junk = path.join(dir, `${uid()}.zip`);
    fs.writeFileSync(junk, Buffer.from('这不是压缩包'.repeat(100)));
    expect(await fatalOf(junk)).to.equal('ARCHIVE_INVALID');
    const whole = zipBuffer(await candidateEntries(idNumber()));
    const cut = path.join(dir, `${uid()}.zip`);
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 30));
    expect(await fatalOf(cut)).to.equal('ARCHIVE_INVALID');
  });

  it('ARCHIVE_UNSAFE_PATH: .., absolute paths and drive letters refuse the whole archive', async () => {
    const good = await candidateEntries(idNumber());
    for (const name of ['../evil.jpg', `a/../../evil.jpg`, '/etc/evil', 'C:\\evil.jpg', 'x\\..\\..\\evil']) {
      expect(await fatalOf(await zipFile([...good, { name, data: Buffer.from('x') }])), name).to.equal(
        'ARCHIVE_UNSAFE_PATH',
      );
    }
  });

  it('ARCHIVE_LINK and ARCHIVE_ENCRYPTED', async () => {
    const good = await candidateEntries(idNumber());
    expect(
      await fatalOf(await zipFile([...good, { name: 'link', data: Buffer.from('/etc/passwd'), symlink: true }])),
    ).to.equal('ARCHIVE_LINK');
    expect(
      await fatalOf(await zipFile([...good, { name: 'secret.jpg', data: jpegNear(5000), encrypted: true }])),
    ).to.equal('ARCHIVE_ENCRYPTED');
  });

  it('ARCHIVE_TOO_MANY_ENTRIES above 100,000 entries (a ZIP64 archive made by the zip command)', async function () {
    this.timeout(120_000);
    const root = path.join(dir, uid());
    fs.mkdirSync(path.join(root, 'd'), { recursive: true });
    for (let i = 0; i <= 100_000; i++) fs.writeFileSync(path.join(root, 'd', String(i)), '');
    const file = path.join(dir, `${uid()}.zip`);
    await run('zip', ['-qr', file, 'd'], { cwd: root, maxBuffer: 1 << 20 });
    fs.rmSync(root, { recursive: true, force: true });
    expect(await fatalOf(file)).to.equal('ARCHIVE_TOO_MANY_ENTRIES');
  });

  it('ARCHIVE_TOO_LARGE counts inflated bytes: a bomb that lies about its size, an entry over 20 MiB, a total over the limit', async () => {
    const zeros = Buffer.alloc(21 * 1024 * 1024);
    expect(await fatalOf(await zipFile([{ name: 'bomb.jpg', data: zeros, declaredUncompressedSize: 1000 }]))).to.equal(
      'ARCHIVE_TOO_LARGE',
    );
    expect(await fatalOf(await zipFile([{ name: 'big.pdf', data: zeros }]))).to.equal('ARCHIVE_TOO_LARGE');
    const two = await zipFile([
      { name: 'a', data: Buffer.alloc(600_000) },
      { name: 'b', data: Buffer.alloc(600_000) },
    ]);
    expect(await fatalOf(two, { ...DEFAULT_LIMITS, maxTotalBytes: 1_000_000 })).to.equal('ARCHIVE_TOO_LARGE');
    expect(await fatalOf(two)).to.equal(null);
  });

  it('writes nothing to the sink for a refused archive once the refusal is found', async () => {
    const sunk: string[] = [];
    const file = await zipFile([
      { name: '../evil.jpg', data: Buffer.from('x') },
      ...(await candidateEntries(idNumber())),
    ]);
    const result = await checkPackageSource({ zip: file }, null, async (f) => {
      sunk.push(f.path);
    });
    expect(result.fatal!.code).to.equal('ARCHIVE_UNSAFE_PATH');
    expect(sunk).to.deep.equal([]); // names are all checked before any data is read
  });
});
