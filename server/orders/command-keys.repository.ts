/**
 * The field app's command keys: a phone names each action it queues (a client-generated id); the first arrival
 * records the key with the move, in the same transaction, and a replay of the same key finds it and is answered
 * with the order as it stands instead of moving it again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';

export function findCommandKey(db: Kysely<Database>, userId: number, clientKey: string) {
  return db
    .selectFrom('order_command_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('client_key', '=', clientKey)
    .executeTakeFirst();
}

export async function insertCommandKey(
  db: Kysely<Database>,
  row: { userId: number; clientKey: string; orderId: number; action: string; orderVersion: number; at: Date },
): Promise<void> {
  await db
    .insertInto('order_command_keys')
    .values({
      user_id: row.userId,
      client_key: row.clientKey,
      order_id: row.orderId,
      action: row.action,
      order_version: row.orderVersion,
      created_at: row.at,
    })
    .execute();
}
