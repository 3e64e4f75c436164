// Department names sort as people read them (pinyin), not by code point (issue 12 item 16).
import { expect } from 'chai';
import { compareChinese, sortedByName } from '../../app/domain/chinese-order.js';

describe('Chinese order of names', () => {
  const names = ['艺术设计学院', '机电工程学院', '电子工程学院', '安全工程学院', '汽车工程学院'];

  it('sorts by pinyin: an, dian, ji, qi, yi', () => {
    expect([...names].sort(compareChinese)).to.deep.equal([
      '安全工程学院',
      '电子工程学院',
      '机电工程学院',
      '汽车工程学院',
      '艺术设计学院',
    ]);
    expect([...names].sort()).to.not.deep.equal([...names].sort(compareChinese)); // code point order puts 机 before 电
  });

  it('sorts rows by their name and leaves the input alone', () => {
    const rows = names.map((name, id) => ({ id, name }));
    expect(sortedByName(rows).map((r) => r.name)[1]).to.equal('电子工程学院');
    expect(rows[0].name).to.equal('艺术设计学院');
  });
});
