/**
 * Issue 11: sign-in limits that an attacker cannot turn against the real user, separation of duties that holds
 * (no role or password from the system administrator, two activation halves, conflicting roles), TOTP, sessions
 * the user ends, and the tamper-evident audit log — through the real services, in each dialect.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { createCallerFactory, type TrpcContext } from '@/server/api/trpc';
import type { AppServices } from '@/server/app-services';
import { AuthService, type SessionUser } from '@/server/auth/auth.service';
import { AccountsService } from '@/server/auth/accounts.service';
import { pruneAudit, verifyAuditChain } from '@/server/audit/audit-chain.repository';
import { newTotpSecret, totpCode } from '@/server/auth/totp';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { servicesFor } from './test-services';

const createCaller = createCallerFactory(appRouter);

describe.each(dialects)('sign-in protection and separation of duties on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  let clock = Date.parse('2026-03-02T08:00:00Z');
  const now = () => clock;
  let auth: AuthService;
  let accounts: AccountsService;
  let sys: SessionUser;
  let sec: SessionUser;
  const adminSecret = newTotpSecret();

  const caller = (user: SessionUser | null, ip = '10.0.0.5', token?: string) =>
    createCaller({ services, user, sessionToken: token, ip, setCookie: () => undefined } satisfies TrpcContext);

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    services = await servicesFor(database);
    // A service on a controllable clock: the limits' waits are tested without sleeping.
    auth = new AuthService(database.db, { sessionTtlHours: 1, maxAttempts: 3, windowSeconds: 300, now });
    accounts = new AccountsService(database.db, auth);
    await auth.createUser({ username: 'sys', displayName: '系统管理员', role: 'system_admin', password: 'Sys-password-123' });
    await auth.createUser({ username: 'sec', displayName: '安全管理员', role: 'security_admin', password: 'Sec-password-123' });
    await auth.createUser({
      username: 'aud',
      displayName: '审计管理员',
      role: 'audit_admin',
      password: 'Aud-password-123',
      totpSecret: adminSecret,
    });
    await auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'Duty-password-123' });
    sys = (await auth.signIn('sys', 'Sys-password-123', '10.0.0.1')).user;
    sec = (await auth.signIn('sec', 'Sec-password-123', '10.0.0.2')).user;
  });
  afterAll(() => database?.drop());

  it("an attacker's failures elsewhere never lock the real user out of their usual place", async () => {
    await auth.signIn('duty', 'Duty-password-123', '10.1.1.1'); // the duty room: a known place
    for (let i = 0; i < 30; i += 1) {
      const address = `203.0.113.${i % 3}`;
      clock += 20_000; // past any pace, so every guess is really tried
      await auth.signIn('duty', 'guess', address).catch(() => undefined);
    }
    await expect(auth.signIn('duty', 'Duty-password-123', '10.1.1.1')).resolves.toMatchObject({ user: { username: 'duty' } });
    // The attacker's own address waits, with the seconds to wait.
    await expect(auth.signIn('duty', 'Duty-password-123', '203.0.113.0')).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      params: { seconds: expect.any(Number) },
    });
    const lockouts = await database.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'auth.lockout').execute();
    expect(lockouts.length).toBeGreaterThan(0);
  });

  it('slows, not blocks, a user name past the ceiling from a new place, and a success clears the pair', async () => {
    clock += 60_000;
    // duty's total is past the ceiling: an unknown address waits the pace, then may try.
    await auth.signIn('duty', 'guess', '198.51.100.7').catch(() => undefined);
    await expect(auth.signIn('duty', 'Duty-password-123', '198.51.100.7')).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    clock += 11_000;
    await expect(auth.signIn('duty', 'Duty-password-123', '198.51.100.7')).resolves.toBeTruthy();
    const pair = await database.db
      .selectFrom('sign_in_limits')
      .selectAll()
      .where('username', '=', 'duty')
      .where('address', '=', '198.51.100.7')
      .executeTakeFirstOrThrow();
    expect(pair.failures).toBe(0);
  });

  it('keeps the counters in the database, so a second process sees them', async () => {
    const other = new AuthService(database.db, { sessionTtlHours: 1, maxAttempts: 3, windowSeconds: 300, now });
    for (let i = 0; i < 3; i += 1) await auth.signIn('sec', 'wrong', '192.0.2.9').catch(() => undefined);
    await expect(other.signIn('sec', 'Sec-password-123', '192.0.2.9')).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('gives the system administrator no way to choose a role or a password', async () => {
    const { id } = await caller(sys).admin.createUser({ username: 'newleader', displayName: '新领导', staffNo: 'P-1' });
    const row = await database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.role).toBeNull();
    expect(row.password_hash).toBeNull();
    await expect(caller(sys).admin.assignRole({ userId: id, role: 'leader' })).rejects.toThrow(/lacks roles:assign/);
  });

  it('activates only with both halves, and applies the password policy', async () => {
    const { id } = await accounts.createAccount(sys, null, { username: 'newduty', displayName: '新值班员', staffNo: 'P-2' });
    await accounts.grantRole(sec, null, id, 'duty_officer');
    const a = await accounts.issueActivationHalf(sys, null, id);
    const attempt = (systemHalf: string, securityHalf: string, password = 'Fresh-Passw0rd-2026') =>
      accounts.activate('10.9.9.9', { username: 'newduty', systemHalf, securityHalf, password });
    await expect(attempt(a.half, a.half)).rejects.toMatchObject({ messageKey: 'error.activationInvalid' });
    const b = await accounts.issueActivationHalf(sec, null, id);
    await expect(attempt(a.half, b.half, 'newduty-password-1')).rejects.toMatchObject({ messageKey: 'error.password.containsUsername' });
    await expect(attempt(a.half, b.half, 'short')).rejects.toMatchObject({ messageKey: 'error.password.tooShort' });
    await attempt(a.half.toLowerCase(), b.half);
    await expect(auth.signIn('newduty', 'Fresh-Passw0rd-2026', '10.9.9.9')).resolves.toMatchObject({ user: { role: 'duty_officer' } });
    await expect(attempt(a.half, b.half)).rejects.toMatchObject({ messageKey: 'error.activationInvalid' });
  });

  it('refuses a role that conflicts with another account of the same person', async () => {
    const first = await accounts.createAccount(sys, null, { username: 'zhang1', displayName: '张', staffNo: 'P-9' });
    const second = await accounts.createAccount(sys, null, { username: 'zhang2', displayName: '张', staffNo: 'P-9' });
    await accounts.grantRole(sec, null, first.id, 'duty_officer');
    await expect(accounts.grantRole(sec, null, second.id, 'leader')).rejects.toMatchObject({ messageKey: 'error.roleConflict' });
    await accounts.grantRole(sec, null, second.id, 'dispatcher');
  });

  it.each(['sys', 'sec'] as const)('no sequence of %s’s own actions yields an account they can sign in to', async (who) => {
    const admin = who === 'sys' ? sys : sec;
    const seen: string[] = [];
    const created: number[] = [];
    const existing = (await database.db.selectFrom('users').select('id').execute()).map((u) => u.id);
    // Every action this administrator has, repeated over new and existing accounts.
    for (let round = 0; round < 3; round += 1) {
      if (who === 'sys')
        created.push(
          (await accounts.createAccount(admin, null, { username: `${who}-made-${round}`, displayName: 'x', staffNo: `Q-${round}` })).id,
        );
      for (const id of [...created, ...existing]) {
        for (const role of ['duty_officer', 'leader'] as const) await accounts.grantRole(admin, null, id, role).catch(() => undefined);
        await accounts
          .issueActivationHalf(admin, null, id)
          .then((r) => seen.push(r.half))
          .catch(() => undefined);
      }
    }
    const pending = await database.db.selectFrom('users').select('username').where('password_hash', 'is', null).execute();
    for (const { username } of pending) {
      for (const x of seen.slice(-6)) {
        for (const y of seen.slice(-6)) {
          clock += 400_000; // never limited: only the halves decide
          await expect(
            accounts.activate('10.7.7.7', { username, systemHalf: x, securityHalf: y, password: 'Taken-Over-2026!' }),
          ).rejects.toThrow();
        }
      }
    }
    const proposers = await database.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'duty_officer')
      .where('password_hash', 'is not', null)
      .execute();
    expect(proposers.map((p) => p.id).filter((id) => !existing.includes(id))).toEqual([]);
  });

  it('asks administrators with TOTP for a valid code', async () => {
    await expect(auth.signIn('aud', 'Aud-password-123', '10.0.0.3')).rejects.toMatchObject({ messageKey: 'error.totpRequired' });
    await expect(auth.signIn('aud', 'Aud-password-123', '10.0.0.3', '000000')).rejects.toMatchObject({ messageKey: 'error.totpInvalid' });
    await expect(auth.signIn('aud', 'Aud-password-123', '10.0.0.3', totpCode(adminSecret, clock))).resolves.toBeTruthy();
  });

  it('lets an administrator without a second factor do nothing but enrol one', async () => {
    await auth.createUser({ username: 'sys2', displayName: '新系统管理员', role: 'system_admin', password: 'Sys2-password-123' });
    const { token } = await auth.signIn('sys2', 'Sys2-password-123', '10.0.0.8');
    const bare = (await auth.userForToken(token))!;
    expect(bare.mustEnrolTotp).toBe(true);
    await expect(caller(bare).admin.users()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/Enrol a one-time code/),
    });
    const { secret } = await accounts.beginTotp(bare, null);
    await accounts.confirmTotp(bare, null, totpCode(secret, clock));
    const enrolled = (await auth.userForToken(token))!;
    expect(enrolled.mustEnrolTotp).toBeUndefined();
    await expect(caller(enrolled).admin.users()).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ username: 'sys2' })]));
  });

  it('lets a user list and end their own sessions only', async () => {
    const one = await auth.signIn('duty', 'Duty-password-123', '10.1.1.1');
    const two = await auth.signIn('duty', 'Duty-password-123', '10.1.1.1');
    const list = await auth.sessionsOf(one.user, one.token);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => !s.current)!;
    await expect(auth.endSession(sec, other.id, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await auth.endSession(one.user, list.find((s) => s.current === false && s.id === other.id)!.id, null);
    const remaining = await auth.sessionsOf(one.user, one.token);
    expect(remaining.some((s) => s.id === other.id)).toBe(false);
    expect(await auth.userForToken(one.token)).not.toBeNull();
    void two;
  });

  it('chains the audit log so a rewritten or removed entry is named, and keeps recent entries from retention', async () => {
    expect(await verifyAuditChain(database.db)).toMatchObject({ firstBrokenId: null });
    const ids = (await database.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(await pruneAudit(database.db)).toBe(0);
    await expect(sql`DELETE FROM audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    // Someone with the owner's rights turns the guard off and edits an entry: the chain names it.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(database.db);
    await sql`UPDATE audit_log SET outcome = 'ok' WHERE id = ${ids[5]}`.execute(database.db);
    expect(await verifyAuditChain(database.db)).toMatchObject({ firstBrokenId: ids[5] });
    await sql`DELETE FROM audit_log WHERE id <= ${ids[5]}`.execute(database.db);
    expect(await verifyAuditChain(database.db)).toMatchObject({ firstBrokenId: null });
    await sql`DELETE FROM audit_log WHERE id = ${ids[8]}`.execute(database.db);
    expect(await verifyAuditChain(database.db)).toMatchObject({ firstBrokenId: ids[9] });
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`.execute(database.db);
    await expect(caller(sys).admin.verifyAudit()).rejects.toThrow(/lacks audit:read/);
  });
});
