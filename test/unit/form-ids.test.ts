// Ids from the path, the query and forms (issue 13 item 10): a positive SQL INT in plain decimal
// digits, or a refusal — never NaN or an out-of-range number handed on to SQL.
import { expect } from 'chai';
import fc from 'fast-check';
import { AppError } from '../../app/domain/errors.js';
import { idField, idList, idOrEmpty, idParam, idQuery, optionalId, parseId } from '../../app/web/forms/fields.js';

const NOT_IDS: unknown[] = [
  '',
  '0',
  '-1',
  '+1',
  ' 1',
  '1 ',
  '01',
  '1e3',
  '0x10',
  '1.0',
  '1,2',
  'abc',
  '😀',
  '١٢',
  '2147483648',
  '99999999999999999999',
  ['1', '2'],
  ['1'],
  1,
  null,
  undefined,
  { a: '1' },
];

const reasonOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error instanceof AppError ? error.reason : 'not an AppError';
  }
  return 'no error';
};

describe('ids read from requests', () => {
  it('takes 1..2147483647 written as plain decimal digits', () => {
    expect(parseId('1')).to.equal(1);
    expect(parseId('42')).to.equal(42);
    expect(parseId('2147483647')).to.equal(2147483647);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2147483647 }), (n) => parseId(String(n)) === n));
  });

  it('takes nothing else: no sign, space, leading zero, exponent, other digits, array or number past INT', () => {
    for (const raw of NOT_IDS) expect(parseId(raw), JSON.stringify(raw)).to.equal(null);
    fc.assert(fc.property(fc.string(), (s) => parseId(s) === null || String(parseId(s)) === s));
  });

  it('answers a bad path id with 404, a bad form id with 400, a bad query id with 404 but an absent one as none', () => {
    expect(reasonOf(() => idParam('abc'))).to.equal('not-found');
    expect(reasonOf(() => idField({ batchId: '-1' }, 'batchId'))).to.equal('bad-request');
    expect(reasonOf(() => idField({}, 'batchId'))).to.equal('bad-request');
    expect(reasonOf(() => idQuery({ batch: ['1', '2'] }, 'batch'))).to.equal('not-found');
    expect(idQuery({}, 'batch')).to.equal(undefined);
    expect(idQuery({ batch: '' }, 'batch')).to.equal(undefined);
    expect(idQuery({ batch: '7' }, 'batch')).to.equal(7);
  });

  it('refuses a ticked list with one bad id, and gives an empty link part or null for optional ones', () => {
    expect(idList({ ids: ['1', '2'] }, 'ids')).to.deep.equal([1, 2]);
    expect(idList({}, 'ids')).to.deep.equal([]);
    expect(reasonOf(() => idList({ ids: ['1', '1e3'] }, 'ids'))).to.equal('bad-request');
    expect(idOrEmpty({ batchId: 'abc' }, 'batchId')).to.equal('');
    expect(optionalId({ departmentId: '' }, 'departmentId')).to.equal(null);
    expect(optionalId({ departmentId: '3' }, 'departmentId')).to.equal(3);
  });
});
