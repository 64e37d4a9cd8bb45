/**
 * Personal data masking (个人信息保护): a phone number shows its first three and last four digits (138****5678);
 * anything else long enough keeps only its ends. Roles that call people back see the number in full; for everyone
 * else every phone field of every answer is masked on its way out (server/api/trpc.ts), so a new screen or procedure
 * cannot forget it.
 */
import type { Role } from '@/domain/auth/roles';

/** The roles whose work is calling the citizen or contact back; everyone else sees masked numbers. */
export const ROLES_SEEING_PHONE_NUMBERS: readonly Role[] = ['duty_officer', 'dispatcher', 'field_unit', 'fee_clerk'];

export function seesPhoneNumbers(role: Role): boolean {
  return ROLES_SEEING_PHONE_NUMBERS.includes(role);
}

export function maskPhone(value: string | null): string | null {
  if (value === null) return null;
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 7) return `${digits.slice(0, 2)}***${digits.slice(-2)}`;
  return '****';
}

/** A field holding someone's phone number, by the names answers use (reporterPhone, contact_phone, phone, …). */
const PHONE_FIELD = /phone$/i;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** A copy of `value` with every string in a phone field masked; anything else (dates, buffers) passes as is. */
export function maskPhoneFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => maskPhoneFields(item)) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = PHONE_FIELD.test(key) && typeof field === 'string' ? maskPhone(field) : maskPhoneFields(field);
  }
  return copy as T;
}
