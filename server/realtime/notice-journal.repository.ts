/** All SQL of the journal of live notices (migration 0070). */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtOfFacility, districtOfOrder } from '@/server/tenancy/district-sql';

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
export async function appendNotices(
  db: Db,
  entries: ReadonlyArray<{ kind: string; payload: unknown }>,
): Promise<Array<{ seq: number; districtCode: string | null }>> {
  if (entries.length === 0) return [];
  // Each entry's district, whose walls hear it: an order's, or an alarm's facility's or unit's.
  const payload = sql.raw(`e.entry->'payload'`);
  const { rows } = await sql<{ seq: string; district_code: string | null }>`
    WITH head AS (UPDATE live_notice_head SET last = last + ${entries.length} WHERE id = 1 RETURNING last)
    INSERT INTO live_notices (seq, kind, payload, district_code)
    SELECT head.last - ${entries.length} + e.ord, e.entry->>'kind', ${payload},
      CASE e.entry->>'kind'
        WHEN 'order' THEN ${districtOfOrder(sql`(${payload}->>'orderId')::int`)}
        ELSE COALESCE(
          ${districtOfFacility(sql`(${payload}->'alarm'->>'facilityId')::int`)},
          (SELECT sd.district_code FROM units u JOIN sub_districts sd ON sd.code = u.sub_district_code
            WHERE ${payload}->'alarm'->>'objectKind' = 'unit' AND u.code = ${payload}->'alarm'->>'objectCode'))
      END
    FROM head, jsonb_array_elements(${JSON.stringify(entries)}::jsonb) WITH ORDINALITY AS e(entry, ord)
    RETURNING seq, district_code`.execute(db);
  return rows.map((r) => ({ seq: Number(r.seq), districtCode: r.district_code })).sort((a, b) => a.seq - b.seq);
}

/** The last number given (committed). */
export async function journalHead(db: Db): Promise<number> {
  const row = await db.selectFrom('live_notice_head').select('last').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.last);
}

/** Entries numbered above `after` for the scope's walls, oldest first. */
export async function noticesAfter(db: Db, after: number, limit: number, scope: DistrictScope): Promise<NoticeRow[]> {
  const rows = await db
    .selectFrom('live_notices')
    .select(['seq', 'kind', 'payload'])
    .where('seq', '>', String(after))
    .where(scope.kind === 'district' ? sql<boolean>`district_code = ${scope.code}` : sql<boolean>`true`)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, payload: r.payload }));
}

/** The oldest number still kept, null when none is. */
export async function oldestNotice(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('live_notices')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .executeTakeFirst();
  return row?.seq == null ? null : Number(row.seq);
}

/** Drops entries written before `before` (the head row keeps the numbering going). */
export async function pruneNotices(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('live_notices').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
