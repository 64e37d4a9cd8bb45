/**
 * Personal data masking (个人信息保护): a phone number shows its first three and last four digits (138****5678);
 * anything else long enough keeps only its ends. Roles that call people back see the number in full.
 */
import type { Role } from '@/domain/auth/roles';

/** The roles whose work is calling the citizen or contact back; everyone else sees masked numbers. */
export const ROLES_SEEING_PHONE_NUMBERS: readonly Role[] = ['duty_officer', 'dispatcher', 'field_unit'];

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
