/**
 * Over real HTTP: a refused sign-in carries Retry-After, the address comes from X-Forwarded-For only through the
 * trusted proxy hop, a lockout and a wrong device key are both in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './databases';
import { type LiveTestApp, postJson, startLiveApp } from './units-fixtures';

describe.each(dialects)('sign-in over HTTP on %s', (dialect) => {
  let t: LiveTestApp;
  const signIn = (password: string, forwardedFor: string) =>
    fetch(`${t.baseUrl}/api/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ json: { username: 'duty', password } }),
    });

  beforeAll(async () => {
    t = await startLiveApp(dialect, [{ code: 'SW-1' }], { LOGIN_MAX_ATTEMPTS: '2', TRUST_PROXY: '1' });
    await t.app.services.auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'Duty-password-123' });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After to the guessing address only, and audits the lockout with that address', async () => {
    expect((await signIn('wrong', '6.6.6.6, 198.51.100.4')).status).toBe(401);
    expect((await signIn('wrong', '198.51.100.4')).status).toBe(401);
    const refused = await signIn('Duty-password-123', '198.51.100.4');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The client-written first entry is not believed: the user at another address signs in.
    expect((await signIn('Duty-password-123', '198.51.100.5')).status).toBe(200);
    const lockout = await t.database.db.selectFrom('audit_log').select('ip').where('action', '=', 'auth.lockout').executeTakeFirstOrThrow();
    expect(lockout.ip).toBe('198.51.100.4');
  });

  it('audits a device presenting a wrong key', async () => {
    const res = await postJson(`${t.baseUrl}/api/ingest/positions`, {
      positions: [{ deviceId: 'SW-1', key: 'nope', lng: 121.41, lat: 31.2101, timestamp: new Date(Date.now() - 2000).toISOString() }],
    });
    expect(res.status).toBe(401);
    const entry = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'ingest.device_auth')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_username: 'device:SW-1', outcome: 'denied' });
  });
});
