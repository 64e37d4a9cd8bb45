/** The dispatch rules' own lookups; the versioned rows are read and written by server/rules (shared with alarms). */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';

export async function knownCategoryCodes(db: Kysely<Database>): Promise<Set<string>> {
  return new Set((await db.selectFrom('order_categories').select('code').execute()).map((r) => r.code));
}

export async function knownSubDistrictCodes(db: Kysely<Database>): Promise<Set<string>> {
  return new Set((await db.selectFrom('sub_districts').select('code').execute()).map((r) => r.code));
}
