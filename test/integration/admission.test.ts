// Admission on a real app (issue 14): with every place taken and someone already waiting, the
// next request is answered at once with 503 and a time to come back — a page re-opens by itself,
// a form says that nothing was saved — and the waiting request is served when a place frees up.
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../app/app.js';
import { configurePasswordPool, decoyHash, verifyPassword } from '../../app/lib/passwords.js';
import { h, testConfig } from '../setup/hooks.js';
import { csrfToken } from '../factories/index.js';

describe('admission: a bounded wait for a turn', () => {
  it('refuses beyond the wait with Retry-After, and serves the one that waited', async () => {
    const config = testConfig(h().workDir, { REQUESTS_IN_FLIGHT: '1', REQUEST_QUEUE_MS: '0', PASSWORD_WORKERS: '1' });
    const app = createApp({ config, sequelize: h().sequelize, log: () => {} });
    try {
      const signer = request.agent(app.app);
      const token = await csrfToken(signer);
      // The one hashing thread is busy, so the sign-in below holds the only place until it is done.
      const hashing = verifyPassword('x', decoyHash({ memoryKiB: 19_456, timeCost: 40 }));
      const holding = signer.post('/login').type('form').send({ _csrf: token, username: 'nobody-here', password: 'guess-123' }).then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const waiting = request(app.app).get('/login').then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 50));

      const page = await request(app.app).get('/login?next=%2Fstudent%2Fregister');
      expect(page.status).to.equal(503);
      expect(Number(page.headers['retry-after'])).to.be.within(1, 60);
      expect(page.text).to.include('现在访问的人太多');
      expect(page.text).to.match(/<meta http-equiv="refresh" content="\d+">/);
      expect(page.text).to.include('href="/login?next=%2Fstudent%2Fregister"');

      const form = await request(app.app).post('/student/register/confirm').set('Referer', 'http://127.0.0.1/student/register').type('form').send({ _csrf: 'x' });
      expect(form.status).to.equal(503);
      expect(form.text).to.include('还没有处理，也没有保存任何东西');
      expect(form.text).not.to.include('http-equiv="refresh"');

      // A sign-in waits for a hashing thread in the pool's own bounded queue, not here.
      const signIn = request(app.app).post('/login').type('form').send({ _csrf: 'x', username: 'nobody-here', password: 'guess-123' }).then((r) => r);

      await hashing;
      expect((await holding).status).to.equal(401);
      expect((await signIn).status, 'a sign-in is not refused by admission').not.to.equal(503);
      expect((await waiting).status, 'the request that waited its turn').to.equal(200);
      expect((await request(app.app).get('/login')).status).to.equal(200);
    } finally {
      app.stop();
      configurePasswordPool({ threads: h().config.passwordWorkers, queue: h().config.passwordQueue });
    }
  });
});
