// GB 11643-1999 resident ID numbers (issue 2 "ID numbers").
import { expect } from 'chai';
import fc from 'fast-check';
import {
  birthDateOf,
  checkDigitOf,
  checkIdNumber,
  genderOf,
  maskIdNumber,
  maskIdNumbersIn,
  messages,
} from '../../app/domain/id-number.js';

const TODAY = new Date('2026-11-23T00:00:00Z');
const check = (id: string) => checkIdNumber(id, TODAY);

describe('ID number (GB 11643)', () => {
  it("accepts the standard's own examples, including an uppercase X check character", () => {
    expect(check('11010519491231002X')).to.deep.equal({ ok: true, value: '11010519491231002X' });
    expect(check('440524188001010014').ok).to.equal(false); // born 1880: before 1900, refused
    expect(check('110105194912310029')).to.deep.equal({ ok: false, reason: messages.checkDigit });
  });

  it('computes the MOD 11-2 check character', () => {
    expect(checkDigitOf('11010519491231002')).to.equal('X');
    // computed independently (python, the weights of GB 11643 §8.2)
    expect(checkDigitOf('43010520030615123')).to.equal('6');
    expect(checkDigitOf('44052418800101001')).to.equal('4');
    expect(checkDigitOf('51010819951212301')).to.equal('0');
  });

  it('refuses a wrong check digit', () => {
    const good = '43010520030615' + '123';
    const right = checkDigitOf(good);
    const wrong = right === '1' ? '2' : '1';
    expect(check(good + right).ok).to.equal(true);
    expect(check(good + wrong)).to.deep.equal({ ok: false, reason: messages.checkDigit });
  });

  it('refuses dates that do not exist: 0230, 1332, 0229 in a common year', () => {
    const withBirth = (birth: string) => {
      const f = '430105' + birth + '123';
      return f + checkDigitOf(f);
    };
    expect(check(withBirth('20030230'))).to.deep.equal({ ok: false, reason: messages.birthDate('2003-02-30') });
    expect(check(withBirth('20031332'))).to.deep.equal({ ok: false, reason: messages.birthDate('2003-13-32') });
    expect(check(withBirth('20030229')).ok).to.equal(false);
    expect(check(withBirth('20040229')).ok).to.equal(true);
    expect(check(withBirth('20300101')).ok).to.equal(false); // not born yet
  });

  it('refuses 17 and 19 digits, saying how many there are', () => {
    expect(check('43010520030615123')).to.deep.equal({ ok: false, reason: messages.length(17) });
    expect(check('4301052003061512345')).to.deep.equal({ ok: false, reason: messages.length(19) });
    expect(check('')).to.deep.equal({ ok: false, reason: messages.empty });
  });

  it('refuses a lowercase x and asks for an uppercase one', () => {
    expect(check('11010519491231002x')).to.deep.equal({ ok: false, reason: messages.lowercaseX });
  });

  it("refuses letters, spaces and Excel's scientific notation", () => {
    expect(check('4.30105200306E+17').ok).to.equal(false);
    expect(check('43010520030615 23X').ok).to.equal(false);
  });

  it('refuses an unknown province code', () => {
    const f = '990105' + '20030615' + '123';
    expect(check(f + checkDigitOf(f))).to.deep.equal({ ok: false, reason: messages.region });
  });

  it('derives birth date and gender, and masks for lists', () => {
    expect(birthDateOf('11010519491231002X')).to.equal('1949-12-31');
    expect(genderOf('11010519491231002X')).to.equal('女');
    expect(maskIdNumber('11010519491231002X')).to.equal('1101**********002X');
  });

  it('masks an ID number glued to letters or _ in free text, but no longer run of digits (issue 13 item 7)', () => {
    expect(maskIdNumbersIn('材料_430105200505171053.zip')).to.equal('材料_4301**********1053.zip');
    expect(maskIdNumbersIn('id430105200505171053x')).to.equal('id4301**********1053x');
    expect(maskIdNumbersIn('{"file":"a_11010519491231002X_b"}')).to.equal('{"file":"a_1101**********002X_b"}');
    expect(maskIdNumbersIn('430105200505171053/证件复印件/430105200505171053.jpg')).to.equal(
      '4301**********1053/证件复印件/4301**********1053.jpg',
    );
    expect(maskIdNumbersIn('订单4301052005051710531')).to.equal('订单4301052005051710531'); // 19 digits: not an ID
    expect(maskIdNumbersIn('电话 13800138000')).to.equal('电话 13800138000');
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        check(s);
      }),
    );
  });

  it('accepts every well-formed number with its computed check character (property)', () => {
    const digits = (n: number) =>
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
    const birth = fc
      .date({ min: new Date('1950-01-01'), max: new Date('2010-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
    fc.assert(
      fc.property(fc.constantFrom('11', '43', '44', '65'), digits(4), birth, digits(3), (p, r, b, s) => {
        const first17 = p + (r === '0000' ? '0101' : r) + b + s;
        expect(check(first17 + checkDigitOf(first17)).ok).to.equal(true);
      }),
    );
  });
});
