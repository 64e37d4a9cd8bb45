/**
 * Over real HTTP, the browser-facing boundaries: tRPC takes JSON only and refuses a foreign page's writes (so a
 * form elsewhere cannot sign a user out), batches and bodies have limits with the spreadsheet import's own, and
 * the live socket refuses a foreign page and closes the moment its session is signed out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPC_MAX_BATCH } from '@/domain/api/limits';
import { dialects } from './databases';
import { connected, type LiveTestApp, openSocket, startLiveApp } from './units-fixtures';

describe.each(dialects)('web boundaries on %s', (dialect) => {
  let t: LiveTestApp;
  let cookie = '';
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${t.baseUrl}/api/trpc/${path}`, { method: 'POST', headers: { cookie, ...headers }, body });
  const stillSignedIn = async () =>
    (await (await fetch(`${t.baseUrl}/api/trpc/auth.me`, { headers: { cookie } })).json()).result.data.json !== null;

  beforeAll(async () => {
    t = await startLiveApp(dialect, []);
    await t.app.services.auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'Duty-password-123' });
  });
  beforeAll(async () => {
    cookie = `onemap_session=${(await t.app.services.auth.signIn('duty', 'Duty-password-123', null)).token}`;
  });
  afterAll(() => t?.close());

  it('refuses what a form can post from anywhere: urlencoded, multipart and text bodies get 415 and change nothing', async () => {
    expect((await post('auth.signOut', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const form = new FormData();
    form.set('a', '1');
    const multipart = await fetch(`${t.baseUrl}/api/trpc/auth.signOut`, { method: 'POST', headers: { cookie }, body: form });
    expect(multipart.status).toBe(415);
    expect((await post('auth.signOut', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await stillSignedIn()).toBe(true);
  });

  it("refuses a foreign page's JSON write with the user's cookie, and accepts the site's own", async () => {
    const foreign = await post('auth.signOut', '{}', { 'content-type': 'application/json', origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.messageKey).toBe('error.crossSite');
    const crossFetch = await post('auth.signOut', '{}', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' });
    expect(crossFetch.status).toBe(403);
    expect(await stillSignedIn()).toBe(true);
  });

  it('answers a batch over the limit with 400 and a body over 2 MB with 413', async () => {
    const paths = Array.from({ length: TRPC_MAX_BATCH + 1 }, () => 'auth.me').join(',');
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: TRPC_MAX_BATCH + 1 }, (_, i) => [i, {}]))));
    expect((await fetch(`${t.baseUrl}/api/trpc/${paths}?batch=1&input=${input}`, { headers: { cookie } })).status).toBe(400);
    const within = Array.from({ length: TRPC_MAX_BATCH }, () => 'auth.me').join(',');
    expect((await fetch(`${t.baseUrl}/api/trpc/${within}?batch=1&input=${input}`, { headers: { cookie } })).status).toBe(200);
    const big = JSON.stringify({ json: { username: 'x'.repeat(3 * 1024 * 1024), password: 'p' } });
    expect((await post('auth.signIn', big, { 'content-type': 'application/json' })).status).toBe(413);
  });

  it('lets the 12345 import carry a spreadsheet larger than 2 MB (refused for its role, not its size)', async () => {
    const body = JSON.stringify({ json: { fileName: 'big.csv', base64: 'A'.repeat(3 * 1024 * 1024), mode: 'check' } });
    expect((await post('hotline.import', body, { 'content-type': 'application/json' })).status).toBe(403);
  });

  it('answers a NUL character in any text with a clear 400, anonymously through Open311 too', async () => {
    const trpc = await fetch(`${t.baseUrl}/api/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'a\u0000b', password: 'wrong-password' } }),
    });
    expect(trpc.status).toBe(400);
    expect(await trpc.text()).toContain('空字符');
    const open311 = await fetch(`${t.baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ service_code: 'x', description: 'a\u0000b', lat: '31.21', long: '121.41' }),
    });
    expect(open311.status).toBe(400);
    expect(await open311.text()).toContain('空字符');
  });

  it('sends the security headers with every answer, API and error alike', async () => {
    for (const res of [
      await fetch(`${t.baseUrl}/api/trpc/auth.me`, { headers: { cookie } }),
      await fetch(`${t.baseUrl}/api/nothing-here`),
    ]) {
      expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('refuses a socket opened from a foreign page', async () => {
    const socket = openSocket(t.baseUrl, cookie, { origin: 'https://evil.example' });
    await expect(connected(socket)).rejects.toThrow();
    socket.close();
  });

  it('closes the session’s socket the moment the user signs out', async () => {
    const socket = openSocket(t.baseUrl, cookie);
    await connected(socket);
    const closed = new Promise<number>((resolve) => socket.once('disconnect', () => resolve(Date.now())));
    const signedOutAt = Date.now();
    expect((await post('auth.signOut', '{}', { 'content-type': 'application/json' })).status).toBe(200);
    expect((await closed) - signedOutAt).toBeLessThan(2000);
  });
});
