/** All SQL of the journal of live notices (migration 0070). */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '@/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface NoticeRow {
  seq: number;
  kind: string;
  payload: unknown;
}

/**
 * Appends entries with the next numbers, in the given order, and returns those numbers. One statement: it takes the
 * numbers by updating the head row, whose lock it keeps until the enclosing transaction (or this statement alone)
 * commits — another writer waits for it, so a higher number never becomes visible before a lower one.
 */
export async function appendNotices(db: Db, entries: ReadonlyArray<{ kind: string; payload: unknown }>): Promise<number[]> {
  if (entries.length === 0) return [];
  const { rows } = await sql<{ seq: string }>`
    WITH head AS (UPDATE live_notice_head SET last = last + ${entries.length} WHERE id = 1 RETURNING last)
    INSERT INTO live_notices (seq, kind, payload)
    SELECT head.last - ${entries.length} + e.ord, e.entry->>'kind', e.entry->'payload'
    FROM head, jsonb_array_elements(${JSON.stringify(entries)}::jsonb) WITH ORDINALITY AS e(entry, ord)
    RETURNING seq`.execute(db);
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}

/** The last number given (committed). */
export async function journalHead(db: Db): Promise<number> {
  const row = await db.selectFrom('live_notice_head').select('last').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.last);
}

/** Entries numbered above `after`, oldest first. */
export async function noticesAfter(db: Db, after: number, limit: number): Promise<NoticeRow[]> {
  const rows = await db
    .selectFrom('live_notices')
    .select(['seq', 'kind', 'payload'])
    .where('seq', '>', String(after))
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, payload: r.payload }));
}

/** Drops entries written before `before` (the head row keeps the numbering going). */
export async function pruneNotices(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('live_notices').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
