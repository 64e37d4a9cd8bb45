/**
 * Shared e2e helpers: the demo accounts the server wrote on first start, signing in through the real form, and
 * a guard that fails the test if the page requests anything beyond this machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test as base } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';

/** The e2e server's demo accounts file; the fault tests pass their own topology's. */
const E2E_ACCOUNTS = join(process.env.E2E_DATA_DIR ?? '', 'demo-accounts.txt');

function demoAccount(username: string, file = E2E_ACCOUNTS): string[] {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${username}\t`));
  if (!line) throw new Error(`demo account ${username} not found in ${file}`);
  return line.split('\t');
}

export function demoPassword(username: string, file?: string): string {
  return demoAccount(username, file)[1];
}

/** The current TOTP code of a demo administrator (their secret is the file's fourth column), or null for others. */
export function demoTotpCode(username: string, file?: string): string | null {
  const secret = demoAccount(username, file)[3];
  return secret ? new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate() : null;
}

/** Fills the sign-in form (with the one-time code for administrators) and submits it. */
export async function fillSignIn(page: Page, username: string) {
  await page.getByLabel(/用户名|User name/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(demoPassword(username));
  const code = demoTotpCode(username);
  if (code) await page.getByLabel(/动态口令|One-time code/).fill(code);
  await page.getByRole('button', { name: /登录|Sign in/ }).click();
}

export async function signIn(page: Page, username: string, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await fillSignIn(page, username);
  await page.waitForURL((url) => url.pathname === next);
}

/**
 * Waits until the wall's map has loaded its style and first data. Specs must call this before reading
 * `window.__onemap`, which exists only once the map component has mounted (a layer toggle clicked earlier can race it).
 */
export async function waitForWall(page: Page, timeout = 45_000) {
  await page.waitForFunction(() => window.__onemap?.isReady(), undefined, { timeout });
}

/** A 1×1 JPEG: the camera's "photo" in tests that upload evidence. */
export const PHOTO_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

const LOCAL = /^(https?|wss?):\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//;

/**
 * `test` that records every request the page makes and fails if one leaves localhost, and fails on anything the
 * pages' Content-Security-Policy refused (a refusal means some script, style or worker the page needs was blocked).
 */
export const test = base.extend<{ outsideRequests: string[]; policyRefusals: string[] }>({
  policyRefusals: [
    async ({ page }, use) => {
      const refusals: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refusals.push(message.text());
      });
      await use(refusals);
      expect(refusals, 'what the Content-Security-Policy refused').toEqual([]);
    },
    { auto: true },
  ],
  outsideRequests: [
    async ({ page }, use) => {
      const outside: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        if (!LOCAL.test(url) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
      });
      await use(outside);
      expect(outside, 'requests that left this machine').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
