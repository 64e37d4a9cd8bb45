/**
 * What a backup records and a restore checks, read from the database: every table's row count, the photos the
 * orders reference, and whether the orders ledger agrees with the orders (each order's version and status are
 * those of its last ledger event).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';

export async function tableRowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const result = await sql<{ n: number }>`SELECT count(*)::bigint AS n FROM ${sql.id(name)}`.execute(db);
    counts[name] = Number(result.rows[0].n);
  }
  return counts;
}

export async function referencedUploads(db: Kysely<Database>): Promise<Array<{ hash: string; bytes: number }>> {
  const rows = await db
    .selectFrom('order_attachments')
    .select(['content_hash as hash', (eb) => eb.fn.max('byte_size').as('bytes')])
    .groupBy('content_hash')
    .orderBy('content_hash')
    .execute();
  return rows.map((r) => ({ hash: r.hash, bytes: Number(r.bytes) }));
}

/** Orders whose version or status disagrees with their last ledger event (or that have none). */
export async function ordersOffLedger(db: Kysely<Database>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    SELECT o.id FROM orders o
    LEFT JOIN LATERAL (SELECT order_version, to_status FROM order_events e WHERE e.order_id = o.id ORDER BY e.id DESC LIMIT 1) last ON true
    WHERE last.order_version IS DISTINCT FROM o.version OR last.to_status IS DISTINCT FROM o.status
    ORDER BY o.id LIMIT 20`.execute(db);
  return rows.map((r) => Number(r.id));
}

export async function serverVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db);
  return rows[0].v;
}

/** In a repeatable-read transaction: its snapshot's name, for pg_dump --snapshot (valid while it stays open). */
export async function exportSnapshot(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(db);
  return rows[0].id;
}
