/**
 * Sign-in by phone number: a six-digit one-time code by SMS, valid five minutes, five tries, at most one a
 * minute per number, only its sha256 kept. Failures count against the same limits as password sign-in, so
 * guessing codes is as slow as guessing passwords. A proven number signs in to its account; a number without one
 * may register (清费云 payers and companies), which spends the code.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import { type AuthService, sha256 } from './auth.service';
import type { SmsGateway } from './sms-gateway';

const CODE_TTL_MS = 5 * 60_000;
const RESEND_AFTER_MS = 60_000;
const MAX_TRIES = 5;
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

const codeHash = (phone: string, code: string) => sha256(`${phone}:${code}`);

export class PhoneCodes {
  constructor(private readonly deps: { db: Kysely<Database>; auth: AuthService; sms: SmsGateway; clock: Clock; demoMode: boolean }) {}

  private checkPhone(phone: string): void {
    if (!MOBILE_PATTERN.test(phone)) throw new AppError('BAD_REQUEST', 'auth.phone.invalid', `Not a mainland mobile number: ${phone}`);
  }

  /** Sends a new code; in demo mode with the simulated gateway, also answers with it so the demo can be driven. */
  async send(phone: string, ip: string | null): Promise<{ simulated: boolean; demoCode: string | null; resendInSeconds: number }> {
    this.checkPhone(phone);
    await this.deps.auth.checkLimits(`phone:${phone}`, ip ?? 'unknown', phone, ip, 'auth.phone_code');
    const now = this.deps.clock.now();
    const last = await this.deps.db
      .selectFrom('phone_codes')
      .select('created_at')
      .where('phone', '=', phone)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const wait = last ? new Date(last.created_at).getTime() + RESEND_AFTER_MS - now.getTime() : 0;
    if (wait > 0)
      throw new AppError('TOO_MANY_REQUESTS', 'auth.phone.tooSoon', `Wait ${Math.ceil(wait / 1000)} s`, {
        seconds: Math.ceil(wait / 1000),
      });
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.deps.db
      .insertInto('phone_codes')
      .values({ phone, code_sha256: codeHash(phone, code), expires_at: new Date(now.getTime() + CODE_TTL_MS), created_at: now })
      .execute();
    await this.deps.sms.send(phone, `【长宁绿容】您的验证码是 ${code}，5 分钟内有效。如非本人操作请忽略。`);
    const shown = this.deps.sms.simulated && this.deps.demoMode;
    return { simulated: this.deps.sms.simulated, demoCode: shown ? code : null, resendInSeconds: RESEND_AFTER_MS / 1000 };
  }

  /**
   * Checks a code against the number's latest one; `spend` marks it used (a sign-in or a registration), a plain
   * check leaves it for the registration that follows. Wrong codes count against the sign-in limits.
   */
  async verify(phone: string, code: string, ip: string | null, spend: boolean): Promise<void> {
    this.checkPhone(phone);
    const key = `phone:${phone}`;
    const address = ip ?? 'unknown';
    await this.deps.auth.checkLimits(key, address, phone, ip, 'auth.phone_sign_in');
    const now = this.deps.clock.now();
    const row = await this.deps.db
      .selectFrom('phone_codes')
      .select(['id', 'code_sha256', 'attempts'])
      .where('phone', '=', phone)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) throw new AppError('UNAUTHORIZED', 'auth.phone.noCode', 'No valid code for this number; request a new one');
    if (row.attempts >= MAX_TRIES) throw new AppError('UNAUTHORIZED', 'auth.phone.tooManyTries', 'Too many wrong codes; request a new one');
    const given = Buffer.from(codeHash(phone, code.trim()));
    const ok = timingSafeEqual(given, Buffer.from(row.code_sha256));
    await this.deps.db
      .updateTable('phone_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(ok && spend ? { used_at: now } : {}) }))
      .where('id', '=', row.id)
      .execute();
    if (!ok) {
      await this.deps.auth.recordFailure(key, address, null, phone, null, ip, 'invalid_phone_code', 'auth.phone_sign_in');
      throw new AppError('UNAUTHORIZED', 'auth.phone.wrongCode', 'Wrong code');
    }
    await this.deps.auth.limits.recordSuccess(key, address);
  }

  /** The account behind a proven number, or null when the number has none yet (it may register). */
  async accountOf(phone: string) {
    return this.deps.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'role', 'unit_id', 'active', 'district_code'])
      .where('phone', '=', phone)
      .executeTakeFirst();
  }

  /** Signs in the number's account, spending the code; { registered: false } when the number has no account. */
  async signIn(phone: string, code: string, ip: string | null) {
    const account = await this.accountOf(phone);
    await this.verify(phone, code, ip, account !== undefined);
    if (!account) return { registered: false as const };
    if (!account.active) throw new AppError('FORBIDDEN', 'error.accountDisabled', 'Account disabled');
    if (!account.role) throw new AppError('FORBIDDEN', 'error.noRoleYet', 'This account has no role yet');
    return {
      registered: true as const,
      ...(await this.deps.auth.startSession({ ...account, role: account.role }, ip, 'auth.phone_sign_in')),
    };
  }
}
