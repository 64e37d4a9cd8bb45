/** All SQL of an order's ledger (全流程留痕): its append-only events, their attachments, and reports queued from them. */
import type { Insertable, Kysely } from 'kysely';
import type { Database, NewOrderAttachment, NewOrderEvent, OrderAttachmentRow, OrderEventRow, PartnerDeliveryTable } from '@/db/schema';

export async function appendOrderEvent(db: Kysely<Database>, event: NewOrderEvent): Promise<number> {
  const row = await db.insertInto('order_events').values(event).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertAttachments(db: Kysely<Database>, rows: NewOrderAttachment[]): Promise<void> {
  if (rows.length) await db.insertInto('order_attachments').values(rows).execute();
}

export function listOrderEvents(db: Kysely<Database>, orderId: number): Promise<OrderEventRow[]> {
  return db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

export function lastOrderEvent(db: Kysely<Database>, orderId: number): Promise<OrderEventRow | undefined> {
  return db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function listOrderAttachments(db: Kysely<Database>, orderId: number): Promise<OrderAttachmentRow[]> {
  return db.selectFrom('order_attachments').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

export async function queuePartnerDelivery(db: Kysely<Database>, row: Insertable<PartnerDeliveryTable>): Promise<void> {
  await db.insertInto('partner_deliveries').values(row).execute();
}
