// Admission tickets (issue 6): date and place from the department's accepted plan, else the
// batch's exam day and 「另行通知」; the ticket photo is a JPEG by content under 200KB.
import { expect } from 'chai';
import {
  arrangementFor,
  PHOTO_LIMIT,
  photoMessages,
  photoProblem,
  TO_BE_ANNOUNCED,
  type PlannedExam,
} from '../../app/domain/admission-ticket.js';
import { shanghaiAt } from '../../app/domain/time.js';

const examAt = shanghaiAt(2024, 11, 9, 8, 0); // the second weekend of November
const row = (over: Partial<PlannedExam>): PlannedExam => ({
  catalogItemId: 12,
  level: 4,
  examOn: '2024-11-10',
  examTime: '09:00-11:00',
  place: '实训楼 301',
  method: '理论机考',
  ...over,
});

describe('admission ticket arrangement', () => {
  it('takes date, time, place and method from the plan row of the same item and level', () => {
    expect(arrangementFor([row({ level: 3, place: '实训楼 401' }), row({})], 12, 4, examAt)).to.deep.equal({
      date: '2024-11-10',
      time: '09:00-11:00',
      place: '实训楼 301',
      method: '理论机考',
      planned: true,
    });
  });

  it('takes the first of several rows for the same item and level', () => {
    expect(arrangementFor([row({ place: '第一考场' }), row({ place: '第二考场' })], 12, 4, examAt).place).to.equal(
      '第一考场',
    );
  });

  it('matches special items (no level) only with rows without a level', () => {
    expect(arrangementFor([row({ catalogItemId: 20, level: null, place: '机房 A' })], 20, null, examAt).place).to.equal(
      '机房 A',
    );
    expect(arrangementFor([row({ catalogItemId: 20, level: 4 })], 20, null, examAt).planned).to.equal(false);
  });

  it('without a plan row: the batch exam day (Shanghai date) and 「另行通知」', () => {
    const late = shanghaiAt(2024, 11, 9, 0, 30); // 2024-11-08 16:30 UTC: still the 9th in Shanghai
    expect(arrangementFor([row({ catalogItemId: 99 })], 12, 4, late)).to.deep.equal({
      date: '2024-11-09',
      time: TO_BE_ANNOUNCED,
      place: TO_BE_ANNOUNCED,
      method: '',
      planned: false,
    });
    expect(arrangementFor([row({ examTime: '' })], 12, 4, examAt).time).to.equal(TO_BE_ANNOUNCED);
  });
});

describe('ticket photo', () => {
  it('accepts a JPEG under 200KB (204,800 bytes), by content', () => {
    expect(photoProblem({ kind: 'jpeg', size: PHOTO_LIMIT - 1 })).to.equal(null);
  });

  it('refuses 200KB and more, saying the size and the limit', () => {
    expect(photoProblem({ kind: 'jpeg', size: PHOTO_LIMIT })).to.equal(photoMessages.tooLarge(PHOTO_LIMIT));
    expect(photoMessages.tooLarge(300 * 1024))
      .to.include('300KB')
      .and.include('200KB');
  });

  it('refuses a PNG or anything else even when named .jpg, and an empty file', () => {
    expect(photoProblem({ kind: 'png', size: 1000 })).to.equal(photoMessages.notJpeg);
    expect(photoProblem({ kind: 'other', size: 1000 })).to.equal(photoMessages.notJpeg);
    expect(photoProblem({ kind: 'jpeg', size: 0 })).to.equal(photoMessages.empty);
  });
});
