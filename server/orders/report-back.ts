/**
 * 回传: an order that came from a linked platform (区城运, 12345) reports its acceptance, progress, result and
 * evidence back there. Each reportable event is queued in the same transaction that records it (a transactional
 * outbox), so a report is never lost nor sent for a change that did not happen; the partners' delivery worker
 * (server/partners) sends them in order.
 */
import type { Kysely } from 'kysely';
import type { Database, OrderSource, PartnerCode } from '@/db/schema';
import type { OrderAction } from '@/domain/orders/lifecycle';
import { queuePartnerDelivery } from './ledger.repository';

export const PARTNER_OF_SOURCE: Readonly<Partial<Record<OrderSource, PartnerCode>>> = {
  city_ops: 'city_ops',
  hotline_12345: 'hotline_12345',
};

/** What a partner hears: registration, the steps of handling, the result; not the hub's internal bookkeeping. */
export const REPORTED_ACTIONS: ReadonlySet<OrderAction | 'create'> = new Set<OrderAction | 'create'>([
  'create',
  'approve',
  'dispatch',
  'add_unit',
  'recall',
  'accept',
  'return',
  'start',
  'complete',
  'close',
  'rework',
  'void',
  'reopen',
  'approve_extension',
]);

export async function queueReportBack(
  trx: Kysely<Database>,
  order: { id: number; source: OrderSource; external_ref: string | null },
  eventId: number,
  action: OrderAction | 'create',
  at: Date,
): Promise<void> {
  const partner = PARTNER_OF_SOURCE[order.source];
  if (!partner || !order.external_ref || !REPORTED_ACTIONS.has(action)) return;
  await queuePartnerDelivery(trx, {
    event_id: eventId,
    order_id: order.id,
    partner,
    status: 'pending',
    next_attempt_at: at,
    last_error: null,
    created_at: at,
  });
}
