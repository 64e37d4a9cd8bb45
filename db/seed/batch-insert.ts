/**
 * Multi-row inserts in batches: one statement per ~500 rows keeps the embedded database fast (each statement is
 * a round trip through WASM) and stays far below PostgreSQL's 65,535 bound parameters.
 */
import type { InsertObject, Kysely } from 'kysely';
import type { Database } from '@/db/schema';

export const BATCH_SIZE = 500;

export function inBatches<T>(rows: readonly T[], size = BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
  return batches;
}

/** Inserts the rows in batches; returns how many were inserted. Run it inside the caller's transaction. */
export async function insertInBatches<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly InsertObject<Database, T>[],
): Promise<number> {
  for (const batch of inBatches(rows)) await db.insertInto(table).values(batch).execute();
  return rows.length;
}
