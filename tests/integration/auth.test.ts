/**
 * Sign-in, sessions, the audit trail and the separation of the three administrators, through the real tRPC
 * router on a freshly migrated database in each dialect.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { createCallerFactory, type TrpcContext } from '@/server/api/trpc';
import type { AppServices } from '@/server/app-services';
import { AuthService } from '@/server/auth/auth.service';
import { newTotpSecret, totpCode as totpCodeAt } from '@/server/auth/totp';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { servicesFor } from './test-services';

const createCaller = createCallerFactory(appRouter);

describe.each(dialects)('auth and administration on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  const cookies: string[] = [];

  function caller(token?: string, user: TrpcContext['user'] = null) {
    return createCaller({ services, user, sessionToken: token, ip: '127.0.0.9', setCookie: (c) => cookies.push(c) });
  }
  // The administrators sign in with their second factor, as they must.
  const adminSecret = newTotpSecret();
  async function signedIn(username: string, password: string) {
    const totpCode = username === 'duty' ? undefined : totpCodeAt(adminSecret, Date.now());
    const user = await caller().auth.signIn({ username, password, totpCode });
    const token = decodeURIComponent(/onemap_session=([^;]+)/.exec(cookies.at(-1) ?? '')![1]);
    return { user: await services.auth.userForToken(token), token, raw: user };
  }

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    services = await servicesFor(database, { LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_SECONDS: '60', SESSION_TTL_HOURS: '1' });
    const auth = services.auth;
    await auth.createUser({
      username: 'sys',
      displayName: '系统管理员',
      role: 'system_admin',
      password: 'sys-password-123',
      totpSecret: adminSecret,
    });
    await auth.createUser({
      username: 'sec',
      displayName: '安全管理员',
      role: 'security_admin',
      password: 'sec-password-123',
      totpSecret: adminSecret,
    });
    await auth.createUser({
      username: 'aud',
      displayName: '审计管理员',
      role: 'audit_admin',
      password: 'aud-password-123',
      totpSecret: adminSecret,
    });
    await auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'duty-password-123' });
  });
  afterAll(() => database?.drop());

  it('signs in with the right password, sets an HTTP-only cookie and knows the user from it', async () => {
    const { user, raw } = await signedIn('duty', 'duty-password-123');
    expect(raw.role).toBe('duty_officer');
    expect(user?.username).toBe('duty');
    expect(cookies.at(-1)).toMatch(/HttpOnly/);
    const stored = await database.db.selectFrom('sessions').select('id').execute();
    expect(stored.every((s) => !cookies.at(-1)!.includes(s.id))).toBe(true);
  });

  it('refuses a wrong password, then blocks the user name after too many failures', async () => {
    await expect(caller().auth.signIn({ username: 'sec', password: 'wrong' })).rejects.toThrow(/Wrong user name or password/);
    await expect(caller().auth.signIn({ username: 'sec', password: 'wrong' })).rejects.toThrow();
    await expect(caller().auth.signIn({ username: 'sec', password: 'wrong' })).rejects.toThrow();
    await expect(caller().auth.signIn({ username: 'sec', password: 'sec-password-123' })).rejects.toThrow(/Too many sign-in attempts/);
  });

  it('rejects empty input with a message the user can act on', async () => {
    await expect(caller().auth.signIn({ username: ' ', password: 'x' })).rejects.toThrow(/user name required/);
  });

  it('keeps the three administrators to their own jobs', async () => {
    const sys = await signedIn('sys', 'sys-password-123');
    const aud = await signedIn('aud', 'aud-password-123');
    await expect(caller(sys.token, sys.user).admin.auditLog({ limit: 10 })).rejects.toThrow(/lacks audit:read/);
    await expect(caller(sys.token, sys.user).admin.assignRole({ userId: 4, role: 'leader' })).rejects.toThrow(/lacks roles:assign/);
    await expect(caller(aud.token, aud.user).admin.users()).rejects.toThrow(/lacks users:manage/);
    await caller(sys.token, sys.user).admin.createUser({ username: 'dispatcher1', displayName: '调度员', staffNo: 'S-100' });

    const log = await caller(aud.token, aud.user).admin.auditLog({ limit: 100 });
    const actions = log.map((r) => `${r.actor_username}:${r.action}:${r.outcome}`);
    expect(actions).toContain('sys:admin.user_created:ok');
    expect(actions).toContain('sys:access.denied:denied');
    expect(actions).toContain('sec:auth.sign_in:failed');
  });

  it('never lets anyone rewrite or delete the audit log', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('refuses a signed-out caller and a disabled account', async () => {
    await expect(caller().admin.users()).rejects.toThrow(/Sign in first/);
    const sec = await new AuthService(database.db, { sessionTtlHours: 1, maxAttempts: 3, windowSeconds: 60 }).signIn(
      'sec',
      'sec-password-123',
      null,
      totpCodeAt(adminSecret, Date.now()),
    );
    const secCaller = caller(sec.token, sec.user);
    const duty = await database.db.selectFrom('users').select('id').where('username', '=', 'duty').executeTakeFirstOrThrow();
    await secCaller.admin.setActive({ userId: duty.id, active: false });
    await expect(caller().auth.signIn({ username: 'duty', password: 'duty-password-123' })).rejects.toThrow(/disabled/);
  });
});
