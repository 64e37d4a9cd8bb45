/**
 * Sign-in, sessions and the audit of both. A session is a random token in an HTTP-only cookie; the database
 * keeps only its sha256. Failed attempts are limited per (user name, address) pair, with slower ceilings per user
 * name and per address (sign-in-policy.ts), in the database so every process shares them. Administrators who
 * enrolled TOTP give a code as well.
 */
import { soleDistrict } from '@/server/tenancy/district-sql';
import { createHash, randomBytes } from 'node:crypto';
import type { AuditAction } from '@/domain/audit/audit-actions';
import type { Kysely } from 'kysely';
import type { Database, Role } from '@/db/schema';
import { needsTotp } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import { appendAudit } from '@/server/audit/audit.repository';
import * as repo from './auth.repository';
import { hashPassword, verifyPassword } from './password';
import { SignInLimits } from './sign-in-limits';
import { policyFrom, toSeconds } from './sign-in-policy';
import { verifyTotp } from './totp';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  /** The district the account works in; null: none (city-wide), see domain/tenancy/district-scope.ts. */
  districtCode: string | null;
  /**
   * An administrator without a second factor yet: signed in only to enrol one (their account page); every
   * permission is refused until then, so a password alone never works an administrator's tools.
   */
  mustEnrolTotp?: boolean;
}

export interface AuthServiceOptions {
  sessionTtlHours: number;
  maxAttempts: number;
  windowSeconds: number;
  now?: () => number;
}

export const SESSION_COOKIE = 'onemap_session';

export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

// Verifying against a real hash when the user does not exist keeps the response time the same either way,
// so timing does not reveal which user names exist.
let decoyHash: Promise<string> | undefined;

export class AuthService {
  readonly limits: SignInLimits;
  readonly now: () => number;
  private readonly sessionEndListeners = new Set<(sessionId: string) => void>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: AuthServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.limits = new SignInLimits(db, policyFrom(options.maxAttempts, options.windowSeconds), this.now);
  }

  async signIn(
    username: string,
    password: string,
    ip: string | null,
    totpCode?: string,
  ): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
    const key = username.toLowerCase();
    const address = ip ?? 'unknown';
    await this.checkLimits(key, address, username, ip, 'auth.sign_in');
    const row = await repo.findUserByUsername(this.db, username);
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const ok = await verifyPassword(row?.password_hash ?? (await decoyHash), password);
    if (!row || !row.password_hash || !ok) {
      await this.recordFailure(key, address, row?.id ?? null, username, row?.role ?? null, ip);
      throw new AppError('UNAUTHORIZED', 'error.invalidCredentials', 'Wrong user name or password');
    }
    if (row.totp_secret) {
      if (!totpCode) throw new AppError('UNAUTHORIZED', 'error.totpRequired', 'A one-time code from the authenticator app is required');
      if (!verifyTotp(row.totp_secret, totpCode, this.now())) {
        await this.recordFailure(key, address, row.id, username, row.role, ip, 'invalid_totp');
        throw new AppError('UNAUTHORIZED', 'error.totpInvalid', 'Wrong one-time code');
      }
    }
    if (!row.active) {
      await this.audit(row.id, username, row.role, 'auth.sign_in', 'denied', ip, { reason: 'disabled' });
      throw new AppError('FORBIDDEN', 'error.accountDisabled', 'Account disabled');
    }
    if (!row.role) {
      await this.audit(row.id, username, null, 'auth.sign_in', 'denied', ip, { reason: 'no_role' });
      throw new AppError('FORBIDDEN', 'error.noRoleYet', 'This account has no role yet; the security administrator grants it');
    }
    await this.limits.recordSuccess(key, address);
    return this.startSession({ ...row, role: row.role }, ip, 'auth.sign_in');
  }

  /** A new session for a user whose identity is proven (password and TOTP, or a phone's one-time code). */
  async startSession(
    row: { id: number; username: string; display_name: string; role: Role; unit_id: number | null; district_code: string | null },
    ip: string | null,
    action: AuditAction,
    detail: Record<string, unknown> = {},
  ): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now() + this.options.sessionTtlHours * 3600_000);
    await repo.insertSession(this.db, sha256(token), row.id, expiresAt, ip);
    await this.audit(row.id, row.username, row.role, action, 'ok', ip, detail);
    const user = sessionUserOf({ ...row, role: row.role });
    return { token, user, expiresAt };
  }

  /** Refuses (429 with the wait in seconds) while this pair, or a ceiling that applies to it, must wait. */
  async checkLimits(key: string, address: string, username: string, ip: string | null, action: AuditAction): Promise<void> {
    const wait = toSeconds(await this.limits.waitMs(key, address));
    if (wait > 0) {
      await this.audit(null, username, null, action, 'denied', ip, { reason: 'rate_limited', seconds: wait });
      throw new AppError('TOO_MANY_REQUESTS', 'error.tooManyAttempts', `Too many sign-in attempts; retry in ${wait} s`, { seconds: wait });
    }
  }

  async recordFailure(
    key: string,
    address: string,
    userId: number | null,
    username: string,
    role: string | null,
    ip: string | null,
    reason = 'invalid_credentials',
    action: AuditAction = 'auth.sign_in',
  ): Promise<void> {
    const outcome = await this.limits.recordFailure(key, address);
    await this.audit(userId, username, role, action, 'failed', ip, { reason });
    if (outcome.pairLockedMs > 0) {
      await this.audit(userId, username, role, 'auth.lockout', 'denied', ip, {
        scope: 'user_address',
        seconds: toSeconds(outcome.pairLockedMs),
      });
    }
    if (outcome.userCeilingReached) {
      await this.audit(userId, username, role, 'auth.lockout', 'denied', ip, { scope: 'user_slowed' });
    }
  }

  /** The signed-in user of a session token, or null if the token is unknown, expired, the account disabled or without a role. */
  async userForToken(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return null;
    const row = await repo.findSessionUser(this.db, sha256(token), new Date(this.now()));
    if (!row || !row.active || !row.role) return null;
    const user = sessionUserOf({ ...row, role: row.role });
    return needsTotp(row.role) && !row.totp_secret ? { ...user, mustEnrolTotp: true } : user;
  }

  /** Called with the session's id (sha256 of its token) whenever a session is ended, so its live sockets close at once. */
  onSessionEnded(listener: (sessionId: string) => void): () => void {
    this.sessionEndListeners.add(listener);
    return () => this.sessionEndListeners.delete(listener);
  }

  private sessionEnded(sessionId: string): void {
    for (const listener of this.sessionEndListeners) listener(sessionId);
  }

  async signOut(token: string, user: SessionUser, ip: string | null): Promise<void> {
    await repo.deleteSession(this.db, sha256(token));
    this.sessionEnded(sha256(token));
    await this.audit(user.id, user.username, user.role, 'auth.sign_out', 'ok', ip, {});
  }

  /** The user's own live sessions; `current` marks the one asking. */
  async sessionsOf(user: SessionUser, currentToken: string | undefined) {
    const current = currentToken ? sha256(currentToken) : null;
    const rows = await repo.listSessions(this.db, user.id, new Date(this.now()));
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, expiresAt: r.expires_at, ip: r.ip, current: r.id === current }));
  }

  async endSession(user: SessionUser, sessionId: string, ip: string | null): Promise<void> {
    const result = await repo.deleteUserSession(this.db, user.id, sessionId);
    if (!result.numDeletedRows) throw new AppError('NOT_FOUND', 'error.notFound', 'No such session', { what: 'session' });
    this.sessionEnded(sessionId);
    await this.audit(user.id, user.username, user.role, 'auth.session_ended', 'ok', ip, {});
  }

  /**
   * Bootstrap only (demo accounts, the first administrators, tests): an account with its role and password in one
   * step. No tRPC procedure reaches it; administrators use AccountsService, which never sets either.
   */
  async createUser(input: {
    username: string;
    displayName: string;
    role: Role;
    password: string;
    unitId?: number | null;
    totpSecret?: string | null;
    /** Absent: the only district there is (null while there are several or none). */
    districtCode?: string | null;
  }) {
    const passwordHash = await hashPassword(input.password);
    return repo.insertUser(this.db, {
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: passwordHash,
      unit_id: input.unitId ?? null,
      totp_secret: input.totpSecret ?? null,
      district_code: input.districtCode === undefined ? await soleDistrict(this.db) : input.districtCode,
    });
  }

  audit(
    actorId: number | null,
    actorName: string,
    actorRole: string | null,
    action: AuditAction,
    outcome: 'ok' | 'denied' | 'failed',
    ip: string | null,
    detail: Record<string, unknown>,
    target: string | null = null,
  ) {
    return appendAudit(this.db, {
      actor_user_id: actorId,
      actor_username: actorName,
      actor_role: actorRole,
      action,
      outcome,
      ip,
      detail,
      target,
    });
  }
}

function sessionUserOf(row: {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  district_code: string | null;
}): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    districtCode: row.district_code,
  };
}
