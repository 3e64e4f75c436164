// What the student's home page offers is what the services accept (domain/self-service.ts).
import { expect } from 'chai';
import { canAddItem, selfCancelRefusal } from '../../app/domain/self-service.js';

describe('what a student may do on their own page', () => {
  it('offers another item only while the window is open and fewer than two are held', () => {
    expect(canAddItem('open', 0)).to.equal(true);
    expect(canAddItem('open', 1)).to.equal(true);
    expect(canAddItem('open', 2)).to.equal(false);
    expect(canAddItem('before', 0)).to.equal(false);
    expect(canAddItem('after', 1)).to.equal(false);
    expect(canAddItem(null, 0)).to.equal(false);
  });

  it('lets a student cancel only their own registration, while the window is open', () => {
    const own = { channel: 'self' as const, status: 'active' };
    expect(selfCancelRefusal(own, 'open')).to.equal(null);
    expect(selfCancelRefusal(own, 'after')).to.equal('window');
    expect(selfCancelRefusal({ ...own, channel: 'teacher' }, 'open')).to.equal('not-self');
    expect(selfCancelRefusal({ ...own, channel: 'import' }, 'open')).to.equal('not-self');
    expect(selfCancelRefusal({ ...own, status: 'cancelled' }, 'open')).to.equal('cancelled');
  });
});
