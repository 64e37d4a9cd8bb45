/**
 * The audit log's tamper evidence and retention. The database's trigger chains every entry to the previous one
 * by sha256 (migration 0011); verifying recomputes each hash with the same SQL function, so the check cannot
 * drift from how entries were written. Retention deletes only what the database itself allows (older than the
 * configured period, which is at least 180 days).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';

export const MIN_RETENTION_DAYS = 180;

export interface ChainVerdict {
  checked: number;
  /** The first entry whose hash or link does not match, or null when the whole chain holds. */
  firstBrokenId: number | null;
}

export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainVerdict> {
  // The first chained entry's predecessor may have been removed by retention, so only its own hash is checked.
  const broken = await sql<{ id: number }>`
    SELECT id FROM (
      SELECT id, hash, prev_hash, lag(hash) OVER (ORDER BY id) AS before, row_number() OVER (ORDER BY id) AS n,
             audit_log_entry_hash(prev_hash, a) AS expected
      FROM audit_log a WHERE hash IS NOT NULL
    ) c
    WHERE hash IS DISTINCT FROM expected OR (n > 1 AND prev_hash IS DISTINCT FROM before)
    ORDER BY id LIMIT 1`.execute(db);
  const { n } = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('hash', 'is not', null)
    .executeTakeFirstOrThrow();
  return { checked: Number(n), firstBrokenId: broken.rows[0] ? Number(broken.rows[0].id) : null };
}

export async function retentionDays(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('audit_retention').select('days').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.days;
}

export async function setRetentionDays(db: Kysely<Database>, days: number): Promise<void> {
  await db.updateTable('audit_retention').set({ days }).where('id', '=', 1).execute();
}

/** Removes entries past the retention period; returns how many went. */
export async function pruneAudit(db: Kysely<Database>): Promise<number> {
  const result =
    await sql`DELETE FROM audit_log WHERE at < now() - make_interval(days => (SELECT days FROM audit_retention WHERE id = 1))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
