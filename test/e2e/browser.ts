// What every browser test shares: the app on a loopback port, Debian's Chromium driven by
// playwright-core (no browser downloads here), pages that collect console errors (CSP violations
// included), and signing in through the real form with the forced first password change.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { projectRoot } from '../../app/app.js';
import { NEW_PASSWORD } from '../factories/index.js';
import { h } from '../setup/hooks.js';

/** Screenshots and PDFs for a human to look at (git-ignored). */
export const artifacts = path.join(projectRoot, 'test', 'e2e', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type BrowserSession = { base: string; browser: Browser; stop(): Promise<void> };

export async function startBrowserSession(): Promise<BrowserSession> {
  fs.mkdirSync(artifacts, { recursive: true });
  const server: Server = h().app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    async stop() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A fresh context's page (desktop unless told otherwise) whose console errors land in `errors`. */
export async function openPage(
  session: BrowserSession,
  errors: string[],
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await (
    await session.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, ...options })
  ).newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return page;
}

/** Signs in with a one-time password and sets NEW_PASSWORD, as every new account must. */
export async function signInAndChange(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/password`);
  await page.fill('input[name=current]', password);
  await page.fill('input[name=next]', NEW_PASSWORD);
  await page.fill('input[name=confirm]', NEW_PASSWORD);
  await page.click('main button[type=submit]');
}
