// Entry names as Windows, Info-ZIP and modern tools write them (issue 4), and path safety.
import { expect } from 'chai';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { crc32 } from 'node:zlib';
import { decodeEntryName, normalisePath, unsafePathReason } from '../../app/lib/zip-names.js';

const unicodeField = (raw: Buffer, name: string, crc = crc32(raw)) => {
  const data = Buffer.concat([Buffer.from([1]), Buffer.alloc(4), Buffer.from(name, 'utf8')]);
  data.writeUInt32LE(crc, 1);
  return { id: 0x7075, data };
};

describe('ZIP entry names', () => {
  const name = '430105200306151236/证件复印件/430105200306151236.jpg';

  it('reads UTF-8 when bit 11 is set', () => {
    expect(decodeEntryName(Buffer.from(name, 'utf8'), 1 << 11, [])).to.equal(name);
  });

  it('reads GBK without the flag (Windows "压缩(zipped)文件夹")', () => {
    expect(decodeEntryName(iconv.encode(name, 'gbk'), 0, [])).to.equal(name);
  });

  it('prefers the Info-ZIP Unicode Path field when its CRC matches the header name', () => {
    const raw = Buffer.from('430105200306151236/____/x.jpg', 'latin1');
    expect(decodeEntryName(raw, 0, [unicodeField(raw, name)])).to.equal(name);
    expect(decodeEntryName(raw, 0, [unicodeField(raw, name, 12345)])).to.equal('430105200306151236/____/x.jpg');
  });

  it('takes valid UTF-8 without the flag as UTF-8, and NFC-normalises', () => {
    expect(decodeEntryName(Buffer.from(name, 'utf8'), 0, [])).to.equal(name);
    expect(decodeEntryName(Buffer.from('e\u0301.jpg', 'utf8'), 1 << 11, [])).to.equal('\u00e9.jpg');
  });

  it('never throws on any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 0xffff }), (bytes, flag) => {
        decodeEntryName(Buffer.from(bytes), flag, []);
      }),
    );
  });

  it('refuses .., absolute paths, drive letters and NUL; a refused name never escapes (property)', () => {
    for (const bad of [
      '../x.jpg',
      'a/../../x',
      '/etc/passwd',
      '\\\\server\\x',
      'C:\\x.jpg',
      'c:/x',
      'a\\..\\b',
      'a\0b',
    ])
      expect(unsafePathReason(bad), bad).to.be.a('string');
    expect(unsafePathReason('a/b..c/d.jpg')).to.equal(null);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '..', '.', '证件复印件', 'x.jpg', ''), { maxLength: 6 }),
        fc.constantFrom('/', '\\'),
        (segments, sep) => {
          const path = segments.join(sep);
          const resolved: string[] = [];
          let escaped = false;
          for (const s of normalisePath(path).split('/')) {
            if (s === '..') {
              if (!resolved.pop()) escaped = true;
            } else if (s && s !== '.') resolved.push(s);
          }
          if (escaped || path.startsWith('/') || path.startsWith('\\'))
            expect(unsafePathReason(path), path).to.be.a('string');
        },
      ),
    );
  });
});
