// The ZIP writer behind the provincial bundle, read back by other people's readers: UTF-8 names
// with the flag, GBK names without it, the ZIP64 records (forced here; a real bundle needs them
// past 4 GiB or 65,535 entries), and memory that stays bounded when the output is slow.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { ZipWriter, type NameEncoding } from '../../app/lib/zip-writer.js';
import { readZip } from '../../app/lib/zip-reader.js';
import { jpegNear } from '../factories/package-files.js';
import { pythonEntries, sevenZip, unzipTest } from '../factories/zip-tools.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-zipw-'));
const ID = '43010520030303003X';
const files = [
  { name: `电工_四级/${ID}/证件复印件/${ID}.jpg`, data: jpegNear(20_000, 5) },
  { name: 'SHA256SUMS.txt', data: Buffer.from('abc\n') },
  { name: '空文件.txt', data: Buffer.alloc(0) },
];

async function write(name: string, encoding: NameEncoding, forceZip64 = false): Promise<string> {
  const file = path.join(tmp, name);
  const zip = new ZipWriter(fs.createWriteStream(file), encoding, forceZip64);
  for (const f of files) await zip.add(f.name, f.data);
  const bytes = await zip.finish();
  expect(bytes).to.equal(fs.statSync(file).size);
  return file;
}

describe('ZIP writer', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const [label, forceZip64] of [
    ['classic records', false],
    ['ZIP64 records', true],
  ] as const) {
    it(`writes ${label} that unzip, 7-Zip, Python and our reader all accept, byte for byte`, async () => {
      const file = await write(`${forceZip64 ? 'z64' : 'plain'}.zip`, 'utf8', forceZip64);
      expect(unzipTest(file).ok, unzipTest(file).output).to.equal(true);
      const seven = sevenZip(file);
      if (seven) expect(seven.ok).to.equal(true);
      const entries = pythonEntries(file);
      expect(entries.map((e) => e.name)).to.deep.equal(files.map((f) => f.name));
      expect(entries.map((e) => e.utf8)).to.deep.equal([true, false, true]);
      const ours = await readZip(file, null);
      expect(ours.map((f) => [f.path, f.size])).to.deep.equal(files.map((f) => [f.name, f.data.length]));
    });
  }

  it('writes GBK names without the UTF-8 flag', async () => {
    const file = await write('gbk.zip', 'gbk');
    const entries = pythonEntries(file, 'gbk');
    expect(entries.map((e) => e.name)).to.deep.equal(files.map((f) => f.name));
    expect(entries.some((e) => e.utf8)).to.equal(false);
    expect(unzipTest(file).ok).to.equal(true);
  });

  it('waits for a slow output instead of queueing the archive in memory', async () => {
    let buffered = 0;
    let maxBuffered = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, done) {
        buffered += chunk.length;
        maxBuffered = Math.max(maxBuffered, slow.writableLength);
        setTimeout(done, 1);
      },
    });
    const zip = new ZipWriter(slow, 'utf8');
    const big = Buffer.alloc(256 * 1024, 1);
    for (let i = 0; i < 40; i++) await zip.add(`f${i}.bin`, big); // 10 MiB in all
    await zip.finish();
    expect(buffered).to.be.greaterThan(40 * big.length);
    expect(maxBuffered, 'bytes waiting in the output at most').to.be.at.most(big.length + 64 * 1024);
  });
});
