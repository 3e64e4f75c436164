// Seed 002 §二(一): special-operation certificates count as a level of 电工/焊工.
import { expect } from 'chai';
import { recognitionFor } from '../../app/domain/mutual-recognition.js';

describe('mutual recognition (seed 002 §二(一))', () => {
  const cases: Array<[string, string, number, number]> = [
    ['电工', 'low-voltage-electrician', 5, 4],
    ['电工', 'construction-electrician', 5, 4],
    ['电工', 'high-voltage-electrician', 4, 3],
    ['焊工', 'fusion-welding', 5, 4],
    ['焊工', 'construction-welder', 5, 4],
    ['焊工', 'special-equipment-welder', 4, 3],
  ];
  for (const [occupation, code, countsAs, mayApplyFor] of cases) {
    it(`${code} counts as level ${countsAs} of ${occupation}, opening level ${mayApplyFor}`, () => {
      expect(recognitionFor(occupation, [code])).to.include({ countsAs, mayApplyFor, occupation });
    });
  }

  it('takes the best of several, and ignores certificates of another occupation', () => {
    expect(recognitionFor('电工', ['low-voltage-electrician', 'high-voltage-electrician'])!.countsAs).to.equal(4);
    expect(recognitionFor('电工', ['fusion-welding'])).to.equal(null);
    expect(recognitionFor('汽车维修工', ['low-voltage-electrician'])).to.equal(null);
    expect(recognitionFor('电工', ['unknown'])).to.equal(null);
  });
});
