/** All SQL of extension requests (延期申请): at most one pending per order (a unique partial index). */
import type { Kysely } from 'kysely';
import type { Database, ExtensionStatus, OrderExtensionRow } from '@/db/schema';

export async function insertExtension(
  db: Kysely<Database>,
  row: { orderId: number; requestedBy: number | null; at: Date; minutes: number; reason: string },
): Promise<number> {
  const inserted = await db
    .insertInto('order_extensions')
    .values({
      order_id: row.orderId,
      requested_by: row.requestedBy,
      requested_at: row.at,
      minutes: row.minutes,
      reason: row.reason,
      status: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export function findPendingExtension(db: Kysely<Database>, orderId: number): Promise<OrderExtensionRow | undefined> {
  return db.selectFrom('order_extensions').selectAll().where('order_id', '=', orderId).where('status', '=', 'pending').executeTakeFirst();
}

export async function decideExtension(
  db: Kysely<Database>,
  id: number,
  decision: { status: Exclude<ExtensionStatus, 'pending'>; decidedBy: number | null; at: Date; note: string | null },
): Promise<void> {
  await db
    .updateTable('order_extensions')
    .set({ status: decision.status, decided_by: decision.decidedBy, decided_at: decision.at, decision_note: decision.note })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export function listExtensions(db: Kysely<Database>, orderId: number): Promise<OrderExtensionRow[]> {
  return db.selectFrom('order_extensions').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

/** A pending request lapses when its order is closed or voided: there is nothing left to extend. */
export async function lapsePendingExtensions(db: Kysely<Database>, orderId: number, at: Date): Promise<void> {
  await db
    .updateTable('order_extensions')
    .set({ status: 'lapsed', decided_at: at })
    .where('order_id', '=', orderId)
    .where('status', '=', 'pending')
    .execute();
}
