// The bundle's names (seed 004 §二.4: folders "一个字都不能错") and the roster's derived cells
// (GB 11643: birth date and sex are in the ID number).
import { expect } from 'chai';
import fc from 'fast-check';
import { candidateEntries, groupFolder, manifestText, missingListText } from '../../app/domain/bundle-layout.js';
import { rosterRow, ROSTER_COLUMNS, type RosterRecord } from '../../app/domain/roster.js';

describe('bundle layout (seed 004 §二.4)', () => {
  it('names a group by occupation and level, and a special item by its name', () => {
    expect(groupFolder('电工', 4)).to.equal('电工_四级');
    expect(groupFolder('电子设备调试工', 5)).to.equal('电子设备调试工_五级');
    expect(groupFolder('汽车维修工', 3)).to.equal('汽车维修工_三级');
    expect(groupFolder('网页制作(Dreamweaver 8)', null)).to.equal('网页制作(Dreamweaver 8)');
  });

  it('puts each candidate’s files exactly where the province expects them', () => {
    const id = '43010520030303003X';
    expect(candidateEntries('电工_四级', id, 'packages/1/2/v1/x/学历证书/x.PDF')).to.deep.equal({
      idCard: `电工_四级/${id}/证件复印件/${id}.jpg`,
      education: `电工_四级/${id}/学历证书/${id}.pdf`,
    });
  });

  it('never lets a catalog name make a path that leaves its folder or that Windows refuses', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(null, 5, 4, 3, 2, 1), (name, level) => {
        const folder = groupFolder(name, level as never);
        expect(folder).to.have.length.greaterThan(0);
        // eslint-disable-next-line no-control-regex -- control characters are what the folder name must not hold
        expect(folder).not.to.match(/[\\/:*?"<>|\u0000-\u001f]/);
        expect(folder.startsWith('.')).to.equal(false);
      }),
    );
  });

  it('writes the missing list with a BOM and CRLF for Notepad, and says when nobody is missing', () => {
    const text = missingListText('2024年下半年', [], '2024-10-11 09:00');
    expect(text.charCodeAt(0)).to.equal(0xfeff);
    expect(text).to.contain('\r\n').and.contain('共 0 人').and.contain('无：');
  });

  it('writes the manifest in the format sha256sum -c reads', () => {
    expect(manifestText([{ name: 'a/b.jpg', sha256: 'ab'.repeat(32) }])).to.equal(`${'ab'.repeat(32)}  a/b.jpg\n`);
  });
});

describe('roster rows (GB 11643)', () => {
  const record: RosterRecord = {
    name: '李四',
    idNumber: '430105200512310024',
    studentNo: null,
    departmentName: '社会考生',
    className: null,
    employer: '某某公司',
    phone: '13800000000',
    itemName: '电工',
    kind: 'grade',
    level: 3,
    attempt: 'retake-practical',
    feeFen: 22600,
    payment: 'partial',
    materials: null,
  };

  it('derives sex and birth date from the ID number and fills every column', () => {
    const row = rosterRow(record, 7);
    expect(row).to.have.length(ROSTER_COLUMNS.length);
    expect(row).to.deep.equal([
      7,
      '李四',
      '女',
      '2005-12-31',
      '430105200512310024',
      '',
      '社会考生',
      '某某公司',
      '13800000000',
      '电工',
      '三级',
      '补考（实操补考）',
      22600,
      '部分缴费',
      '未提交',
    ]);
  });

  it('says special candidates need no materials, and a special retake is just 补考', () => {
    const row = rosterRow({ ...record, kind: 'special', level: null, attempt: 'retake', materials: null }, 1);
    expect(row.slice(10, 12)).to.deep.equal(['', '补考']);
    expect(row.slice(-1)).to.deep.equal(['无需材料']);
  });
});
