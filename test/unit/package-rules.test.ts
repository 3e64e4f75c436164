// The ID-numbered folder (seed 004 §二.4 "文件夹名称必须正确，一个字都不能错"; "JPG, 大小 200KB 以下").
import { expect } from 'chai';
import { ID_CARD_LIMIT, ISSUE_TAGS, mayBeKept, messages, type PackageFile } from '../../app/domain/package-layout.js';
import { checkPackage, compareWithRegistrations, reportCounts } from '../../app/domain/package-rules.js';
import { entryNameProblem, folderConflicts } from '../../app/domain/entry-names.js';
import { idNumber } from '../factories/index.js';

const jpg = (path: string, size = 100_000): PackageFile => ({ path, size, kind: 'jpeg' });
const pdf = (path: string): PackageFile => ({ path, size: 50_000, kind: 'pdf' });
const good = (id: string, prefix = ''): PackageFile[] => [
  jpg(`${prefix}${id}/证件复印件/${id}.jpg`),
  pdf(`${prefix}${id}/学历证书/${id}.pdf`),
];
const codes = (files: PackageFile[]) => checkPackage(files).candidates.flatMap((c) => c.errors.map((e) => e.code));

describe('package rules (seed 004 §二.4)', () => {
  it('passes a correct folder, at the top or inside one wrapper folder, ignoring OS junk', () => {
    const a = idNumber();
    const b = idNumber();
    const report = checkPackage([
      ...good(a),
      ...good(b, '电子工程学院/'),
      { path: '__MACOSX/x/._y', size: 1, kind: 'other' },
      { path: `${a}/.DS_Store`, size: 1, kind: 'other' },
      { path: `电子工程学院/${b}/证件复印件/Thumbs.db`, size: 1, kind: 'other' },
    ]);
    expect(report.candidates.map((c) => [c.id, c.ok])).to.deep.equal([
      [a, true],
      [b, true],
    ]);
    expect(report.other).to.deep.equal([]);
  });

  it('ID_INVALID: the folder must be a valid 18-digit ID with an uppercase X', () => {
    const x = idNumber({ checkX: true });
    const lower = x.slice(0, 17) + 'x';
    const report = checkPackage([jpg(`${lower}/证件复印件/${lower}.jpg`), pdf(`${lower}/学历证书/${lower}.pdf`)]);
    expect(report.candidates[0].errors.map((e) => e.code)).to.deep.equal(['ID_INVALID']);
    expect(report.candidates[0].errors[0].message).to.include('大写 X');
    expect(codes(good('张三'))).to.include('ID_INVALID');
  });

  it('FOLDER_NAME_WRONG names the expected folder for near misses (身份证复印件, 学历证明)', () => {
    const id = idNumber();
    const report = checkPackage([jpg(`${id}/身份证复印件/${id}.jpg`), pdf(`${id}/学历证明/${id}.pdf`)]);
    expect(report.candidates[0].errors.map((e) => [e.code, e.path])).to.deep.equal([
      ['FOLDER_NAME_WRONG', `${id}/身份证复印件/`],
      ['FOLDER_NAME_WRONG', `${id}/学历证明/`],
    ]);
    expect(report.candidates[0].errors[0].message).to.equal(messages.folderNameWrong('身份证复印件', '证件复印件'));
  });

  it('FOLDER_MISSING and FILE_MISSING', () => {
    const id = idNumber();
    expect(codes([jpg(`${id}/证件复印件/${id}.jpg`)])).to.deep.equal(['FOLDER_MISSING']);
    expect(
      codes([
        { path: `${id}/证件复印件/${id}.jpg`, size: 10, kind: 'jpeg' },
        { path: `${id}/学历证书/notes/a.txt`, size: 1, kind: 'other' },
      ]),
    ).to.include('EXTRA_FILE');
  });

  it('FILE_NAME_WRONG: names must be the ID number exactly (.jpg lowercase)', () => {
    const id = idNumber();
    const report = checkPackage([jpg(`${id}/证件复印件/身份证.jpg`), pdf(`${id}/学历证书/${id}.PDF`)]);
    expect(report.candidates[0].errors.map((e) => e.code)).to.deep.equal(['FILE_NAME_WRONG', 'FILE_NAME_WRONG']);
    expect(report.candidates[0].errors[0].message).to.equal(messages.fileNameWrong('身份证.jpg', `${id}.jpg`));
  });

  it('FILE_NOT_JPG judges by content, not by the name', () => {
    const id = idNumber();
    const renamed: PackageFile = { path: `${id}/证件复印件/${id}.jpg`, size: 10_000, kind: 'png' };
    expect(codes([renamed, pdf(`${id}/学历证书/${id}.pdf`)])).to.deep.equal(['FILE_NOT_JPG']);
  });

  it('FILE_TOO_LARGE: 200KB means fewer than 204,800 bytes, and the message says the size', () => {
    const id = idNumber();
    expect(
      codes([jpg(`${id}/证件复印件/${id}.jpg`, ID_CARD_LIMIT - 1), pdf(`${id}/学历证书/${id}.pdf`)]),
    ).to.deep.equal([]);
    const report = checkPackage([jpg(`${id}/证件复印件/${id}.jpg`, ID_CARD_LIMIT), pdf(`${id}/学历证书/${id}.pdf`)]);
    expect(report.candidates[0].errors[0].code).to.equal('FILE_TOO_LARGE');
    expect(report.candidates[0].errors[0].message).to.include('200.0KB').and.include('204800');
  });

  it('FILE_TYPE_UNSUPPORTED for a 学历证书 that is not PDF/JPG/PNG; a JPG report named .jpg is fine', () => {
    const id = idNumber();
    expect(
      codes([jpg(`${id}/证件复印件/${id}.jpg`), { path: `${id}/学历证书/${id}.pdf`, size: 9, kind: 'other' }]),
    ).to.deep.equal(['FILE_TYPE_UNSUPPORTED']);
    expect(codes([jpg(`${id}/证件复印件/${id}.jpg`), jpg(`${id}/学历证书/${id}.jpg`)])).to.deep.equal([]);
    expect(codes([jpg(`${id}/证件复印件/${id}.jpg`), jpg(`${id}/学历证书/${id}.pdf`)])).to.deep.equal([
      'FILE_NAME_WRONG',
    ]);
  });

  it('EXTRA_FILE inside a folder, in the ID folder, and at the top', () => {
    const id = idNumber();
    const report = checkPackage([
      ...good(id),
      jpg(`${id}/证件复印件/copy.jpg`),
      pdf(`${id}/说明.pdf`),
      pdf('readme.pdf'),
    ]);
    expect(report.candidates[0].errors.map((e) => e.code)).to.deep.equal(['EXTRA_FILE', 'EXTRA_FILE']);
    expect(report.other.map((e) => [e.code, e.path])).to.deep.equal([['EXTRA_FILE', 'readme.pdf']]);
  });

  it('DUPLICATE_ID when one ID folder appears twice (two class wrappers)', () => {
    const id = idNumber();
    const report = checkPackage([...good(id, '电子2301/'), ...good(id, '电子2302/')]);
    expect(report.candidates.map((c) => c.errors.map((e) => e.code))).to.deep.equal([[], ['DUPLICATE_ID']]);
  });

  it("NOT_REGISTERED and MISSING_PACKAGE against the department's grade registrations", () => {
    const registered = idNumber();
    const stranger = idNumber();
    const missing = idNumber();
    const report = compareWithRegistrations(checkPackage([...good(registered), ...good(stranger)]), [
      { idNumber: registered, name: '甲' },
      { idNumber: missing, name: '乙' },
    ]);
    expect(report.candidates.map((c) => [c.id, c.errors.map((e) => e.code)])).to.deep.equal([
      [registered, []],
      [stranger, ['NOT_REGISTERED']],
      [missing, ['MISSING_PACKAGE']],
    ]);
    expect(report.candidates[2].errors[0].message).to.equal(messages.missingPackage(missing, '乙'));
  });

  it('a candidate with a package already on file is not missing from a partial re-upload; counts follow the same rule', () => {
    const [fixed, onFile, missing] = [idNumber(), idNumber(), idNumber()];
    const report = compareWithRegistrations(checkPackage(good(fixed)), [
      { idNumber: fixed, name: '甲', hasPackage: true },
      { idNumber: onFile, name: '乙', hasPackage: true },
      { idNumber: missing, name: '丙', hasPackage: false },
    ]);
    expect(report.candidates.map((c) => [c.id, c.errors.map((e) => e.code)])).to.deep.equal([
      [fixed, []],
      [missing, ['MISSING_PACKAGE']],
    ]);
    expect(reportCounts(report.candidates)).to.deep.equal({ passed: 1, failed: 0, missing: 1 });
  });

  it('a file skipped for its name fails its candidate, or stands alone at the top, with its own problem', () => {
    const id = idNumber();
    const long = `${id}/证件复印件/${'名'.repeat(90)}.jpg`;
    const skipped = (path: string): PackageFile => ({ path, size: 1, kind: 'other', problem: entryNameProblem(path)! });
    const report = checkPackage([...good(id), skipped(long), skipped('.')]);
    expect(report.candidates[0].errors.map((e) => [e.code, e.path])).to.deep.equal([['NAME_TOO_LONG', long]]);
    expect(report.other.map((e) => [e.code, e.path])).to.deep.equal([['NAME_INVALID', '.']]);
  });

  it('names a disk cannot take: ".", a name over 255 bytes, a path over 1024 bytes, a file that is also a folder', () => {
    expect(['.', 'a/.', './a', 'a//b'].map((p) => entryNameProblem(p)?.code)).to.deep.equal(
      Array(4).fill('NAME_INVALID'),
    );
    expect(entryNameProblem('文'.repeat(85))).to.equal(null); // 255 bytes exactly
    expect(entryNameProblem(`a/${'文'.repeat(86)}`)?.code).to.equal('NAME_TOO_LONG');
    expect(entryNameProblem(`${'d'.repeat(250)}/`.repeat(5) + 'a.jpg')?.message).to.include(
      '整个路径不能超过 1024 字节',
    );
    expect(entryNameProblem('电子工程学院/430105200001010011/证件复印件/430105200001010011.jpg')).to.equal(null);
    expect([...folderConflicts(['dup/x/y', 'dup/x', 'dup/xy', 'a/b'])]).to.deep.equal(['dup/x']);
  });

  it('the files staged for keeping include every file of every passing candidate, and little else', () => {
    const [a, b, c, d] = [idNumber(), idNumber(), idNumber(), idNumber()];
    const files = [
      ...good(a),
      ...good(b, '电子工程学院/'),
      jpg(`${c}/证件复印件/${c}.jpg.bak`),
      pdf(`${c}/学历证书/${c}.doc`),
      jpg(`${d}/身份证/${d}.jpg`),
      jpg('readme.jpg'),
    ];
    const report = checkPackage(files);
    const kept = report.candidates.filter((c) => c.ok).flatMap((c) => [c.idCard!.path, c.education!.path]);
    expect(kept).to.have.length(4);
    for (const path of kept) expect(mayBeKept(path), path).to.equal(true);
    expect(files.filter((f) => mayBeKept(f.path)).map((f) => f.path)).to.deep.equal(kept);
  });

  it('every problem code has a Chinese tag', () => {
    for (const tag of Object.values(ISSUE_TAGS)) expect(tag).to.match(/[\u4e00-\u9fff]/);
  });
});
