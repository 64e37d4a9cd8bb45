/**
 * Accounts under separation of duties (三员分立). The system administrator creates an account with no role and no
 * password; only the security administrator grants roles, never one that conflicts with another account of the
 * same person; activation needs two halves of a one-time code, one issued by each of those two administrators,
 * which the new user combines while setting their own password. So no single administrator can sign in as a new
 * account, and none can choose anyone's password.
 *
 * Districts as tenants: an administrator bound to a district (domain/tenancy/district-scope.ts) lists and acts on
 * that district's accounts only — another district's account is not found — and creates accounts in it. One bound
 * to none is a city-level administrator: every account, and the choice of a new account's district (or none, for
 * the city-level roles). Only a city-level administrator grants a city-level role, which would see every district.
 */
import { CITY_ROLES, type DistrictScope, scopeOf } from '@/domain/tenancy/district-scope';
import { soleDistrict } from '@/server/tenancy/district-sql';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '@/db/schema';
import { needsTotp } from '@/domain/auth/roles';
import { conflictOf } from '@/domain/auth/conflicting-roles';
import { passwordProblem } from '@/domain/auth/password-policy';
import { AppError } from '@/domain/errors';
import * as repo from './auth.repository';
import { type AuthService, type SessionUser, sha256 } from './auth.service';
import { hashPassword } from './password';
import { newTotpSecret, totpUri, verifyTotp } from './totp';

const ACTIVATION_HOURS = 72;
// Unambiguous letters and digits (no 0/O, 1/I/L) so a half read out over the phone is typed right.
const HALF_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function newHalf(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => HALF_ALPHABET[b % HALF_ALPHABET.length]).join('');
}

function sameHash(stored: string | null, half: string): boolean {
  if (!stored) return false;
  const given = Buffer.from(sha256(half.trim().toUpperCase()));
  return timingSafeEqual(Buffer.from(stored), given);
}

export class AccountsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly auth: AuthService,
  ) {}

  /**
   * System administrator: an account with neither role nor password, in the administrator's own district (each
   * district's bureau keeps its own people). A city-level administrator names the district, or null for none (a
   * city-level account); naming none at all means the only district (null while there are several).
   */
  async createAccount(
    actor: SessionUser,
    ip: string | null,
    input: { username: string; displayName: string; staffNo: string; districtCode?: string | null },
  ) {
    const districtCode = await this.districtForNewAccount(scopeOf(actor), input.districtCode);
    if (await repo.findUserByUsername(this.db, input.username)) {
      throw new AppError('CONFLICT', 'error.badInput', `User name ${input.username} is taken`, {
        detail: `用户名 ${input.username} 已存在`,
      });
    }
    const { id } = await repo.insertUser(this.db, {
      username: input.username,
      display_name: input.displayName,
      staff_no: input.staffNo,
      role: null,
      password_hash: null,
      unit_id: null,
      district_code: districtCode,
    });
    await this.auth.audit(
      actor.id,
      actor.username,
      actor.role,
      'admin.user_created',
      'ok',
      ip,
      { staffNo: input.staffNo, district: districtCode },
      input.username,
    );
    return { id };
  }

  /** A district administrator's own district (naming another is naming one that does not exist); see createAccount. */
  private async districtForNewAccount(scope: DistrictScope, asked: string | null | undefined): Promise<string | null> {
    const notFound = () => new AppError('NOT_FOUND', 'error.notFound', `No district ${asked}`, { what: String(asked) });
    if (scope.kind === 'district') {
      if (asked !== undefined && asked !== scope.code) throw notFound();
      return scope.code;
    }
    if (asked === undefined) return soleDistrict(this.db);
    if (asked === null) return null;
    if (!(await repo.districtsInScope(this.db, scope)).some((d) => d.code === asked)) throw notFound();
    return asked;
  }

  /** The districts the administrator may place a new account in: their own, or every one city-wide. */
  districts(actor: SessionUser) {
    return repo.districtsInScope(this.db, scopeOf(actor));
  }

  /**
   * The administrator's district's accounts (every one city-wide), with their district and whether each is
   * activated and enrolled in two-factor sign-in (never a hash or secret).
   */
  list(actor: SessionUser) {
    return repo.listUsers(this.db, scopeOf(actor));
  }

  /** The account if it is within the administrator's district; not found otherwise, as one that does not exist. */
  private async targetOf(actor: SessionUser, userId: number) {
    const target = await repo.findUserInScope(this.db, userId, scopeOf(actor));
    if (!target) throw new AppError('NOT_FOUND', 'error.notFound', 'No such user', { what: `user ${userId}` });
    return target;
  }

  /** Security administrator: enables or disables an account of their district, never their own. */
  async setActive(actor: SessionUser, ip: string | null, userId: number, active: boolean): Promise<void> {
    if (userId === actor.id) throw new AppError('FORBIDDEN', 'error.forbidden', 'No one disables their own account');
    await this.targetOf(actor, userId);
    const result = await repo.setUserActive(this.db, userId, active);
    if (!result.numUpdatedRows) throw new AppError('NOT_FOUND', 'error.notFound', 'No such user', { what: `user ${userId}` });
    await this.auth.audit(
      actor.id,
      actor.username,
      actor.role,
      active ? 'admin.user_enabled' : 'admin.user_disabled',
      'ok',
      ip,
      {},
      String(userId),
    );
  }

  /**
   * Security administrator: grants a role to an account of their district, refusing any that one person may not
   * combine with another, and a city-level role unless the administrator is city-level too.
   */
  async grantRole(actor: SessionUser, ip: string | null, userId: number, role: Role) {
    if (userId === actor.id) throw new AppError('FORBIDDEN', 'error.forbidden', 'No one assigns their own role');
    const target = await this.targetOf(actor, userId);
    if (CITY_ROLES.includes(role) && scopeOf(actor).kind !== 'city')
      throw new AppError('FORBIDDEN', 'admin.error.cityRole', `Only a city-level administrator grants ${role}`);
    const held = target.staff_no ? await repo.rolesOfPerson(this.db, target.staff_no, userId) : [];
    const conflict = conflictOf(role, held);
    if (conflict) {
      await this.auth.audit(
        actor.id,
        actor.username,
        actor.role,
        'admin.role_assigned',
        'denied',
        ip,
        { role, conflictsWith: conflict.with },
        target.username,
      );
      throw new AppError(
        'CONFLICT',
        'error.roleConflict',
        `Role ${role} conflicts with ${conflict.with} held by the same person (${conflict.reason})`,
        {
          role,
          other: conflict.with,
        },
      );
    }
    await repo.updateUserRole(this.db, userId, role);
    await this.auth.audit(actor.id, actor.username, actor.role, 'admin.role_assigned', 'ok', ip, { role }, target.username);
  }

  /**
   * The half of the activation code that belongs to the caller's administrator role; shown once, stored as sha256.
   * Issuing again replaces that half only.
   */
  async issueActivationHalf(actor: SessionUser, ip: string | null, userId: number): Promise<{ half: string; expiresAt: Date }> {
    const side = actor.role === 'system_admin' ? 'system_half_hash' : actor.role === 'security_admin' ? 'security_half_hash' : null;
    if (!side) throw new AppError('FORBIDDEN', 'error.forbidden', 'Only the system and security administrators issue activation halves');
    const target = await this.targetOf(actor, userId);
    if (target.password_hash) throw new AppError('CONFLICT', 'error.alreadyActivated', 'This account is already activated');
    const half = newHalf();
    const expiresAt = new Date(this.auth.now() + ACTIVATION_HOURS * 3600_000);
    await repo.upsertActivationHalf(this.db, userId, side, sha256(half), expiresAt);
    await this.auth.audit(
      actor.id,
      actor.username,
      actor.role,
      'admin.activation_half_issued',
      'ok',
      ip,
      { half: side === 'system_half_hash' ? 'system' : 'security' },
      target.username,
    );
    return { half, expiresAt };
  }

  /** The new user: both halves and their own password. Limited and audited like a sign-in. */
  async activate(ip: string | null, input: { username: string; systemHalf: string; securityHalf: string; password: string }) {
    const key = input.username.toLowerCase();
    const address = ip ?? 'unknown';
    await this.auth.checkLimits(key, address, input.username, ip, 'auth.activate');
    const target = await repo.findUserByUsername(this.db, input.username);
    const activation = target ? await repo.findActivation(this.db, target.id) : undefined;
    const valid =
      target &&
      !target.password_hash &&
      activation &&
      new Date(activation.expires_at).getTime() > this.auth.now() &&
      sameHash(activation.system_half_hash, input.systemHalf) &&
      sameHash(activation.security_half_hash, input.securityHalf);
    if (!valid) {
      await this.auth.recordFailure(
        key,
        address,
        target?.id ?? null,
        input.username,
        target?.role ?? null,
        ip,
        'invalid_activation',
        'auth.activate',
      );
      throw new AppError('UNAUTHORIZED', 'error.activationInvalid', 'Wrong user name or activation code, or the code has expired');
    }
    if (!target.role)
      throw new AppError('FORBIDDEN', 'error.noRoleYet', 'This account has no role yet; the security administrator grants it');
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw new AppError('BAD_REQUEST', `error.${problem}`, `Password rejected: ${problem}`);
    await repo.completeActivation(this.db, target.id, await hashPassword(input.password));
    await this.auth.limits.recordSuccess(key, address);
    await this.auth.audit(target.id, target.username, target.role, 'auth.activated', 'ok', ip, {});
  }

  /** Starts TOTP enrolment: a new secret, kept pending until the user proves it with a code. */
  async beginTotp(user: SessionUser, ip: string | null): Promise<{ secret: string; uri: string }> {
    const secret = newTotpSecret();
    await repo.setPendingTotp(this.db, user.id, secret);
    await this.auth.audit(user.id, user.username, user.role, 'auth.totp_enrol_started', 'ok', ip, {});
    return { secret, uri: totpUri(secret, user.username) };
  }

  async confirmTotp(user: SessionUser, ip: string | null, code: string): Promise<void> {
    const row = await repo.findUserById(this.db, user.id);
    if (!row?.totp_pending_secret || !verifyTotp(row.totp_pending_secret, code, this.auth.now())) {
      await this.auth.audit(user.id, user.username, user.role, 'auth.totp_enrolled', 'failed', ip, {});
      throw new AppError('BAD_REQUEST', 'error.totpInvalid', 'Wrong one-time code');
    }
    await repo.confirmPendingTotp(this.db, user.id, row.totp_pending_secret);
    await this.auth.audit(user.id, user.username, user.role, 'auth.totp_enrolled', 'ok', ip, {});
  }

  async totpStatus(user: SessionUser): Promise<{ enrolled: boolean; required: boolean }> {
    const row = await repo.findUserById(this.db, user.id);
    return { enrolled: Boolean(row?.totp_secret), required: needsTotp(user.role) };
  }
}
