// Admission on a real app (issue 14): with every place taken and someone already waiting, the
// next request is answered at once with 503 and a time to come back — a page re-opens by itself,
// a form says that nothing was saved, a sign-in goes back to its sign-in page — and the waiting
// request is served when a place frees up. Sign-ins have a lane of their own: a full gate for
// pages never refuses them, and a full sign-in lane never refuses a page.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp } from '../../app/app.js';
import { h, testConfig } from '../setup/hooks.js';
import { startSlowForm, until } from '../factories/slow-form.js';

type Started = { app: ReturnType<typeof createApp>; base: string; stop(): Promise<void> };

async function startApp(env: Record<string, string>): Promise<Started> {
  const app = createApp({ config: testConfig(h().workDir, env), sequelize: h().sequelize, log: () => {} });
  const server: Server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    base,
    stop: async () => {
      app.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const form = (fields: Record<string, string>) => ({
  'content-type': 'application/x-www-form-urlencoded',
  body: new URLSearchParams(fields).toString(),
});

async function post(url: string, fields: Record<string, string>, referer?: string) {
  const { body, ...headers } = form(fields);
  return fetch(url, {
    method: 'POST',
    headers: { ...headers, ...(referer ? { referer } : {}) },
    body,
    redirect: 'manual',
  });
}

describe('admission: a bounded wait for a turn', () => {
  it('refuses beyond the wait with Retry-After, and serves the one that waited', async () => {
    const { app, base, stop } = await startApp({ REQUESTS_IN_FLIGHT: '1', REQUEST_QUEUE_MS: '0' });
    try {
      const holder = startSlowForm(`${base}/logout`);
      await until(() => app.admission.gate.load.running === 1);
      const waiting = fetch(`${base}/login`);
      await until(() => app.admission.gate.load.waiting === 1);

      const page = await fetch(`${base}/login?next=%2Fstudent%2Fregister`);
      const pageText = await page.text();
      expect(page.status).to.equal(503);
      expect(Number(page.headers.get('retry-after'))).to.be.within(1, 60);
      expect(pageText).to.include('现在访问的人太多');
      expect(pageText).to.match(/<meta http-equiv="refresh" content="\d+">/);
      expect(pageText).to.include('href="/login?next=%2Fstudent%2Fregister"');

      const refused = await post(`${base}/student/register/confirm`, { _csrf: 'x' }, `${base}/student/register`);
      const refusedText = await refused.text();
      expect(refused.status).to.equal(503);
      expect(refusedText).to.include('还没有处理，也没有保存任何东西');
      expect(refusedText).not.to.include('http-equiv="refresh"');

      const signIn = await post(`${base}/login`, { _csrf: 'x', username: 'nobody-here', password: 'guess-123' });
      expect(signIn.status, "a sign-in is not refused by the pages' gate (its token is: 403)").to.equal(403);

      expect(await holder.send()).to.equal(403);
      expect((await waiting).status, 'the request that waited its turn').to.equal(200);
      expect((await fetch(`${base}/login`)).status).to.equal(200);
    } finally {
      await stop();
    }
  });

  it('gives sign-ins a lane of their own: the one too many goes back to its sign-in page, pages still pass', async () => {
    const { app, base, stop } = await startApp({ SIGN_INS_IN_FLIGHT: '1', SIGN_IN_QUEUE_MS: '0' });
    const [lane] = app.admission.lanes;
    try {
      const holder = startSlowForm(`${base}/login`);
      await until(() => lane.load.running === 1);
      const waiting = post(`${base}/login`, { _csrf: 'x', username: 'nobody-here', password: 'guess-123' });
      await until(() => lane.load.waiting === 1);

      const refused = await post(
        `${base}/login`,
        { _csrf: 'x', username: 'nobody', password: 'x' },
        `${base}/login?next=%2Fstudent%2Fregister`,
      );
      const text = await refused.text();
      expect(refused.status).to.equal(503);
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
      expect(text).to.include('登录的人太多，请稍后再试');
      expect(text).to.include('href="/login?next=%2Fstudent%2Fregister"');
      const elsewhere = await post(
        `${base}/login`,
        { _csrf: 'x', username: 'nobody', password: 'x' },
        'https://evil.example/login?next=%2Fstudent',
      );
      expect(await elsewhere.text(), 'a Referer of another site is not followed').to.include('href="/login"');

      expect((await fetch(`${base}/login`)).status, 'a page is not refused by the sign-in lane').to.equal(200);
      expect(await holder.send()).to.equal(403);
      expect((await waiting).status, 'the sign-in that waited its turn').to.equal(403);
    } finally {
      await stop();
    }
  });
});
