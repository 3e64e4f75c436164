// The steps every .xlsx import shares (services/xlsx-import.ts): rows sorted into good and bad in
// the import's own words, bad rows in sheet order, and the all-or-nothing rule at the write.
import { expect } from 'chai';
import { AppError, invalid } from '../../app/domain/errors.js';
import { assertWritable, byRow, parsedRows, sortRows } from '../../app/services/xlsx-import.js';

describe('the import pipeline', () => {
  it('keeps what passes, turns a refusal into bad rows, and lets any other error through', async () => {
    const sorted = await sortRows(
      [1, 2, 3],
      async (n) => {
        if (n === 2) throw invalid('第 2 行的学号不存在');
        return n * 10;
      },
      (n, reason) => [{ rowNumber: n, reasons: [reason] }],
    );
    expect(sorted).to.deep.equal({ good: [10, 30], bad: [{ rowNumber: 2, reasons: ['第 2 行的学号不存在'] }] });
    const broken = sortRows(
      [1],
      async () => Promise.reject(new TypeError('bug')),
      () => [],
    );
    await broken.then(
      () => expect.fail('a bug must not become a bad row'),
      (error) => expect(error).to.be.instanceOf(TypeError),
    );
  });

  it('lists bad rows in the order of the sheet', () => {
    expect(byRow([{ rowNumber: 9 }, { rowNumber: 2 }, { rowNumber: 5 }]).map((b) => b.rowNumber)).to.deep.equal([
      2, 5, 9,
    ]);
  });

  it('writes nothing while a row is bad, unless only the clean rows were chosen', () => {
    expect(() => assertWritable(3, 1, false, '没有可以导入的行')).to.throw(AppError, '有 1 行有问题，整个文件未导入');
    expect(() => assertWritable(3, 1, true, '没有可以导入的行')).not.to.throw();
    expect(() => assertWritable(0, 2, true, '没有可以导入的行')).to.throw(AppError, '没有可以导入的行');
    expect(() => assertWritable(2, 0, false, '没有可以导入的行')).not.to.throw();
  });

  it("refuses a sheet over its row limit in the parser's words", () => {
    expect(() =>
      parsedRows(() => {
        throw new RangeError('文件超过 5000 行');
      }),
    ).to.throw(AppError, '文件超过 5000 行');
  });
});
