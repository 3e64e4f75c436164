// Admission (issue 14): a fixed number of requests at work, the rest in turn, and a request that
// would wait too long refused at once with a time to come back that spreads a crowd out.
import { AsyncLocalStorage } from 'node:async_hooks';
import { expect } from 'chai';
import { RetryTickets } from '../../app/lib/retry-tickets.js';
import { Admission } from '../../app/web/middleware/admission.js';

describe('admission', () => {
  it('works on at most inFlight at once and starts the waiting ones in the order they came', () => {
    const gate = new Admission({ inFlight: 2, queueMs: 10_000 });
    const started: number[] = [];
    const finishers: Array<() => void> = [];
    for (let i = 0; i < 5; i++)
      expect(
        gate.admit((finished) => {
          started.push(i);
          finishers[i] = finished;
        }),
      ).to.equal(true);
    expect(started).to.deep.equal([0, 1]);
    finishers[1]();
    finishers[1](); // finishing twice (finish and close) frees one place, not two
    expect(started).to.deep.equal([0, 1, 2]);
    finishers[0]();
    expect(started).to.deep.equal([0, 1, 2, 3]);
  });

  it('starts a waiting request in its own async context, not in that of the request that freed the place', () => {
    const gate = new Admission({ inFlight: 1, queueMs: 10_000 });
    const requests = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    let finishFirst = () => {};
    requests.run('first', () =>
      gate.admit((finished) => {
        seen.push(requests.getStore());
        finishFirst = finished;
      }),
    );
    requests.run('second', () => gate.admit(() => seen.push(requests.getStore())));
    requests.run('first', () => finishFirst());
    expect(seen).to.deep.equal(['first', 'second']);
  });

  it('refuses a request whose wait would pass queueMs, and lets uploads through without waiting', () => {
    const gate = new Admission({ inFlight: 1, queueMs: 0 });
    const started: string[] = [];
    expect(gate.admit(() => started.push('a'))).to.equal(true);
    expect(
      gate.admit(() => started.push('b')),
      'the first to wait: no one ahead of it',
    ).to.equal(true);
    expect(
      gate.admit(() => started.push('c')),
      'one ahead: too long',
    ).to.equal(false);
    expect(gate.admit(() => started.push('upload'), false)).to.equal(true);
    expect(started).to.deep.equal(['a', 'upload']);
    expect(gate.retryAfterSeconds()).to.be.within(1, 60);
  });

  it('guesses the pace from firstGuessMs until it has measured one: a sign-in lane fills up sooner', () => {
    const fill = (gate: Admission) => {
      let admitted = 0;
      while (admitted < 1000 && gate.admit(() => {})) admitted++;
      return admitted;
    };
    const pages = fill(new Admission({ inFlight: 4, queueMs: 250 }));
    const signIns = fill(new Admission({ inFlight: 4, queueMs: 250, firstGuessMs: 150 }));
    expect(pages).to.equal(4 + 51); // 4 at work; waiting until 51 × 20 ms / 4 passes 250 ms
    expect(signIns).to.equal(4 + 7); // 7 × 150 ms / 4 = 262 ms
  });
});

describe('retry tickets', () => {
  it('gives a crowd refused together later and later moments, never past a minute', () => {
    const tickets = new RetryTickets();
    const now = 1_000_000;
    const told = Array.from({ length: 300 }, () => tickets.next(500, 20, now));
    expect(told[0]).to.equal(1);
    expect(told.at(-1)).to.equal(7); // 0.5 s to drain, then 300 × 20 ms
    expect(told).to.deep.equal([...told].sort((a, b) => a - b));
    expect(new RetryTickets().next(500, 20, now)).to.equal(1);
    expect(Array.from({ length: 10_000 }, () => tickets.next(0, 20, now)).at(-1)).to.equal(60);
  });
});
