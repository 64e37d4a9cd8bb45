/** All SQL of the linked platforms: their configuration, the requests they sent (idempotency), the delivery outbox. */
import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, DeliveryStatus, LinkedPartnerCode, OutboxKind, PartnerCode, PartnerTable } from '@/db/schema';

export function findPartner(db: Kysely<Database>, code: LinkedPartnerCode) {
  return db.selectFrom('partners').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function upsertPartner(db: Kysely<Database>, partner: Insertable<PartnerTable>): Promise<void> {
  const { code: _code, ...rest } = partner;
  await db
    .insertInto('partners')
    .values(partner)
    .onConflict((oc) => oc.column('code').doUpdateSet(rest))
    .execute();
}

export function findPartnerRequest(db: Kysely<Database>, partner: PartnerCode, idempotencyKey: string) {
  return db
    .selectFrom('partner_requests')
    .selectAll()
    .where('partner', '=', partner)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** Records the answer to a request; the first of two concurrent requests with one key keeps its record. */
export async function recordPartnerRequest(
  db: Kysely<Database>,
  row: { partner: PartnerCode; idempotencyKey: string; bodySha256: string; status: number; response: Record<string, unknown>; at: Date },
): Promise<void> {
  await db
    .insertInto('partner_requests')
    .values({
      partner: row.partner,
      idempotency_key: row.idempotencyKey,
      body_sha256: row.bodySha256,
      response_status: row.status,
      response: JSON.stringify(row.response),
      received_at: row.at,
    })
    .onConflict((oc) => oc.columns(['partner', 'idempotency_key']).doNothing())
    .execute();
}

/**
 * Deliveries due now, oldest event first, leaving out any order with an earlier report that is dead or waiting
 * for a later retry: a partner hears an order's steps in the order they happened. (Earlier reports that are due
 * come in the same batch, before it; the worker stops an order at its first failure.)
 */
export function listDueDeliveries(db: Kysely<Database>, now: Date, limit: number) {
  return db
    .selectFrom('partner_deliveries as d')
    .innerJoin('order_events as e', 'e.id', 'd.event_id')
    .innerJoin('orders as o', 'o.id', 'd.order_id')
    .select([
      'd.event_id',
      'd.order_id',
      'd.partner',
      'd.attempts',
      'o.code',
      'o.external_ref',
      'o.status as order_status',
      'e.action',
      'e.from_status',
      'e.to_status',
      'e.at',
      'e.note',
      'e.detail',
      'e.actor_name',
      'e.actor_role',
    ])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('partner_deliveries as p')
            .select(sql`1`.as('one'))
            .whereRef('p.order_id', '=', 'd.order_id')
            .whereRef('p.event_id', '<', 'd.event_id')
            .where((eb) =>
              eb.or([eb('p.status', '=', 'dead'), eb.and([eb('p.status', '=', 'pending'), eb('p.next_attempt_at', '>', now)])]),
            ),
        ),
      ),
    )
    .orderBy('d.event_id')
    .limit(limit)
    .execute();
}

export type DueDelivery = Awaited<ReturnType<typeof listDueDeliveries>>[number];

export function attachmentsOfEvents(db: Kysely<Database>, eventIds: number[]) {
  if (!eventIds.length) return Promise.resolve([]);
  return db
    .selectFrom('order_attachments')
    .select(['event_id', 'purpose', 'content_hash', 'media_type', 'byte_size'])
    .where('event_id', 'in', eventIds)
    .orderBy('id')
    .execute();
}

// ——— what both retry outboxes share: order reports (keyed by their event) and other messages (by their id) ———

export type OutboxTable = 'partner_deliveries' | 'partner_outbox';
const OUTBOX_KEY = { partner_deliveries: 'event_id', partner_outbox: 'id' } as const;

/** What one attempt (or a wait for configuration, which counts none) did to an outbox row. */
export interface OutboxChange {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt?: Date;
  error: string | null;
  deliveredAt?: Date;
}

export async function recordOutboxChange(db: Kysely<Database>, table: OutboxTable, key: number, change: OutboxChange): Promise<void> {
  await db
    .updateTable(table)
    .set({
      status: change.status,
      attempts: change.attempts,
      last_error: change.error?.slice(0, 500) ?? null,
      ...(change.nextAttemptAt ? { next_attempt_at: change.nextAttemptAt } : {}),
      ...(change.deliveredAt ? { delivered_at: change.deliveredAt } : {}),
    })
    .where(sql.ref(OUTBOX_KEY[table]), '=', key)
    .execute();
}

/** A dead letter goes back in the queue, due now, with a fresh count of attempts; false when it was not dead. */
export async function requeueDeadLetter(db: Kysely<Database>, table: OutboxTable, key: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ status: 'pending', attempts: 0, next_attempt_at: at })
    .where(sql.ref(OUTBOX_KEY[table]), '=', key)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function listDeliveries(db: Kysely<Database>, status: DeliveryStatus, limit: number) {
  return db
    .selectFrom('partner_deliveries as d')
    .innerJoin('orders as o', 'o.id', 'd.order_id')
    .innerJoin('order_events as e', 'e.id', 'd.event_id')
    .select([
      'd.event_id',
      'd.partner',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_error',
      'd.delivered_at',
      'd.created_at',
      'o.code',
      'o.external_ref',
      'e.action',
    ])
    .where('d.status', '=', status)
    .orderBy('d.event_id', 'desc')
    .limit(limit)
    .execute();
}

// ——— the general outbox (messages that are not order events: batched positions, refunds, invoice requests) ———

export async function queueOutboxMessage(
  db: Kysely<Database>,
  row: { partner: LinkedPartnerCode; kind: OutboxKind; body: Record<string, unknown>; at: Date },
): Promise<number> {
  const inserted = await db
    .insertInto('partner_outbox')
    .values({
      partner: row.partner,
      kind: row.kind,
      body: JSON.stringify(row.body),
      status: 'pending',
      next_attempt_at: row.at,
      last_error: null,
      created_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** Due messages, oldest first; a partner's messages wait behind its earlier one that waits for a retry. */
export function listDueOutbox(db: Kysely<Database>, now: Date, limit: number) {
  return db
    .selectFrom('partner_outbox as m')
    .select(['m.id', 'm.partner', 'm.kind', 'm.body', 'm.attempts'])
    .where('m.status', '=', 'pending')
    .where('m.next_attempt_at', '<=', now)
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

export function listOutbox(db: Kysely<Database>, status: DeliveryStatus, limit: number) {
  return db
    .selectFrom('partner_outbox')
    .select(['id', 'partner', 'kind', 'status', 'attempts', 'next_attempt_at', 'last_error', 'delivered_at', 'created_at'])
    .where('status', '=', status)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Named, addressed points for the demonstration platforms' tickets. */
export function listTicketPlaces(db: Kysely<Database>) {
  return db
    .selectFrom('addresses')
    .select(['name', 'address', sql<number>`ST_X(geom)`.as('lng'), sql<number>`ST_Y(geom)`.as('lat')])
    .orderBy('id')
    .execute();
}

/** How many requests a partner has sent: the demonstration platforms number their tickets on from it. */
export async function countPartnerRequests(db: Kysely<Database>, partner: PartnerCode): Promise<number> {
  const row = await db
    .selectFrom('partner_requests')
    .select(sql<string>`count(*)`.as('n'))
    .where('partner', '=', partner)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Messages waiting to go out, in both outboxes (the metrics' outbox depth). */
export async function pendingOutboxDepth(db: Kysely<Database>): Promise<number> {
  const [deliveries, outbox] = await Promise.all(
    (['partner_deliveries', 'partner_outbox'] as const).map((table) =>
      db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow(),
    ),
  );
  return Number(deliveries.n) + Number(outbox.n);
}
