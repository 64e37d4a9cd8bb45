/** All SQL of the Open311 interface: its clients' keys and the service requests it answers for. */
import type { Kysely } from 'kysely';
import type { Database, OrderStatus } from '@/db/schema';
import { stLngLat } from '@/db/st';
import type { OrderAction } from '@/domain/orders/lifecycle';

export function findActiveClientByKeyHash(db: Kysely<Database>, apiKeySha256: string) {
  return db
    .selectFrom('open311_clients')
    .select(['id', 'name'])
    .where('api_key_sha256', '=', apiKeySha256)
    .where('active', '=', true)
    .executeTakeFirst();
}

export async function insertClient(db: Kysely<Database>, name: string, apiKeySha256: string): Promise<number> {
  const row = await db
    .insertInto('open311_clients')
    .values({ name, api_key_sha256: apiKeySha256 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RequestQuery {
  codes?: string[];
  serviceCode?: string;
  from: Date;
  to: Date;
  statuses?: OrderStatus[];
  limit: number;
}

/**
 * The notes a reporter may read: how the matter ended (closed, or voided and why). Every other note — a recall, a
 * return, rework, an extension, an escalation — is the staff's own conversation and stays inside.
 */
const NOTES_FOR_THE_PUBLIC: OrderAction[] = ['close', 'void'];

/** Requests filed through Open311 (only those: the others' reporters did not publish them), newest first. */
export function listOpen311Requests(db: Kysely<Database>, query: RequestQuery) {
  let q = db
    .selectFrom('orders as o')
    .leftJoin('order_categories as c', 'c.code', 'o.category_code')
    .select((eb) => [
      'o.code',
      'o.status',
      'o.category_code',
      'c.name_zh as category_name',
      'o.description',
      'o.address',
      'o.received_at',
      'o.updated_at',
      'o.resolve_by',
      ...stLngLat(eb.ref('o.geom')),
      eb
        .selectFrom('order_events as e')
        .select('e.note')
        .whereRef('e.order_id', '=', 'o.id')
        .where('e.note', 'is not', null)
        .where('e.action', 'in', NOTES_FOR_THE_PUBLIC)
        .orderBy('e.id', 'desc')
        .limit(1)
        .as('last_note'),
    ])
    .where('o.source', '=', 'open311')
    .where('o.received_at', '>=', query.from)
    .where('o.received_at', '<=', query.to)
    .orderBy('o.id', 'desc')
    .limit(query.limit);
  if (query.codes?.length) q = q.where('o.code', 'in', query.codes);
  if (query.serviceCode) q = q.where('o.category_code', '=', query.serviceCode);
  if (query.statuses?.length) q = q.where('o.status', 'in', query.statuses);
  return q.execute();
}

export type Open311RequestRow = Awaited<ReturnType<typeof listOpen311Requests>>[number];
