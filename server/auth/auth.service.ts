/**
 * Sign-in, sessions and the audit of both. A session is a random token in an HTTP-only cookie; the database
 * keeps only its sha256. Failed attempts are limited per user name and per client address.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { appendAudit } from '@/server/audit/audit.repository';
import * as repo from './auth.repository';
import { hashPassword, verifyPassword } from './password';
import { AttemptLimiter } from './rate-limit';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
}

export interface AuthServiceOptions {
  sessionTtlHours: number;
  maxAttempts: number;
  windowSeconds: number;
  now?: () => number;
}

export const SESSION_COOKIE = 'onemap_session';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

// Verifying against a real hash when the user does not exist keeps the response time the same either way,
// so timing does not reveal which user names exist.
let decoyHash: Promise<string> | undefined;

export class AuthService {
  private readonly userLimiter: AttemptLimiter;
  // A duty room shares one address behind NAT, so the address gets a wider allowance than one user name.
  private readonly ipLimiter: AttemptLimiter;
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: AuthServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.userLimiter = new AttemptLimiter(options.maxAttempts, options.windowSeconds * 1000, this.now);
    this.ipLimiter = new AttemptLimiter(options.maxAttempts * 4, options.windowSeconds * 1000, this.now);
  }

  async signIn(username: string, password: string, ip: string | null): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
    const ipKey = ip ?? 'unknown';
    const wait = Math.max(this.userLimiter.retryAfterSeconds(username), this.ipLimiter.retryAfterSeconds(ipKey));
    if (wait > 0) {
      await this.audit(null, username, null, 'auth.sign_in', 'denied', ip, { reason: 'rate_limited' });
      throw new AppError('TOO_MANY_REQUESTS', 'error.tooManyAttempts', `Too many sign-in attempts; retry in ${wait} s`, { seconds: wait });
    }
    const row = await repo.findUserByUsername(this.db, username);
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const ok = await verifyPassword(row?.password_hash ?? (await decoyHash), password);
    if (!row || !ok) {
      this.userLimiter.recordFailure(username);
      this.ipLimiter.recordFailure(ipKey);
      await this.audit(row?.id ?? null, username, row?.role ?? null, 'auth.sign_in', 'failed', ip, { reason: 'invalid_credentials' });
      throw new AppError('UNAUTHORIZED', 'error.invalidCredentials', 'Wrong user name or password');
    }
    if (!row.active) {
      await this.audit(row.id, username, row.role, 'auth.sign_in', 'denied', ip, { reason: 'disabled' });
      throw new AppError('FORBIDDEN', 'error.accountDisabled', 'Account disabled');
    }
    this.userLimiter.clear(username);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now() + this.options.sessionTtlHours * 3600_000);
    await repo.insertSession(this.db, sha256(token), row.id, expiresAt);
    await this.audit(row.id, username, row.role, 'auth.sign_in', 'ok', ip, {});
    const user: SessionUser = { id: row.id, username: row.username, displayName: row.display_name, role: row.role, unitId: row.unit_id };
    return { token, user, expiresAt };
  }

  /** The signed-in user of a session token, or null if the token is unknown, expired or the account disabled. */
  async userForToken(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return null;
    const row = await repo.findSessionUser(this.db, sha256(token), new Date(this.now()));
    if (!row || !row.active) return null;
    return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, unitId: row.unit_id };
  }

  async signOut(token: string, user: SessionUser, ip: string | null): Promise<void> {
    await repo.deleteSession(this.db, sha256(token));
    await this.audit(user.id, user.username, user.role, 'auth.sign_out', 'ok', ip, {});
  }

  async createUser(input: { username: string; displayName: string; role: Role; password: string; unitId?: number | null }) {
    const passwordHash = await hashPassword(input.password);
    return repo.insertUser(this.db, {
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: passwordHash,
      unit_id: input.unitId ?? null,
    });
  }

  audit(
    actorId: number | null,
    actorName: string,
    actorRole: string | null,
    action: string,
    outcome: 'ok' | 'denied' | 'failed',
    ip: string | null,
    detail: Record<string, unknown>,
    target: string | null = null,
  ) {
    return appendAudit(this.db, { actor_user_id: actorId, actor_username: actorName, actor_role: actorRole, action, outcome, ip, detail, target });
  }
}
