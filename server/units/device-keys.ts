/**
 * Device keys: the secret a tracker or phone sends with its positions. Only the key's sha256 is stored
 * (units.device_key_hash), so a copied database yields no usable keys. Issuing a key replaces the previous one:
 * that is also how a key is rotated or a lost phone locked out.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { setDeviceKeyHash } from './units.repository';

/** 24 random bytes, base64url: 32 characters that survive URLs and phone keyboards alike. */
export function generateDeviceKey(): string {
  return randomBytes(24).toString('base64url');
}

export function hashDeviceKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of a key against a stored hash. */
export function deviceKeyMatches(key: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(hashDeviceKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Issues a fresh key for a unit, replacing any previous one; returns the key, which is never stored. */
export async function issueDeviceKey(db: Kysely<Database>, unitId: number): Promise<{ key: string; hash: string }> {
  const key = generateDeviceKey();
  const hash = hashDeviceKey(key);
  if (!(await setDeviceKeyHash(db, unitId, hash))) {
    throw new AppError('NOT_FOUND', 'error.notFound', `No unit ${unitId}`, { what: `unit ${unitId}` });
  }
  return { key, hash };
}

/** Withdraws a unit's key: it can no longer report until a new key is issued. */
export async function revokeDeviceKey(db: Kysely<Database>, unitId: number): Promise<void> {
  await setDeviceKeyHash(db, unitId, null);
}
