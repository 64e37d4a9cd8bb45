/** All SQL of the voice calls: the queue, what came of each call, and the orders the reminders are planned from. */
import { type Kysely, sql } from 'kysely';
import type { Database, VoiceCallKind, VoiceCallStatus } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope, districtOfOrder } from '@/server/tenancy/district-sql';

export interface NewVoiceCall {
  kind: VoiceCallKind;
  orderId: number | null;
  dedupeKey: string;
  targetName: string;
  targetPhone: string | null;
  script: string;
  dueAt: Date;
  at: Date;
}

/** Queues a call once per dedupe key; true if it was new. */
export async function queueVoiceCall(db: Kysely<Database>, call: NewVoiceCall): Promise<boolean> {
  const rows = await db
    .insertInto('voice_calls')
    .values({
      kind: call.kind,
      order_id: call.orderId,
      dedupe_key: call.dedupeKey,
      target_name: call.targetName,
      target_phone: call.targetPhone,
      script: call.script,
      status: 'queued',
      due_at: call.dueAt,
      created_at: call.at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  return rows.length === 1;
}

export function listDueCalls(db: Kysely<Database>, now: Date, limit: number) {
  return (
    db
      .selectFrom('voice_calls')
      .selectAll()
      .where('status', '=', 'queued')
      .where('due_at', '<=', now)
      // Calls about a work order (urgent, overdue collection) go before the fee reminders queued in bulk.
      .orderBy(sql`order_id IS NULL`)
      .orderBy('id')
      .limit(limit)
      .execute()
  );
}

export async function finishCall(
  db: Kysely<Database>,
  id: number,
  change: {
    status: VoiceCallStatus;
    provider: string;
    outcome: string | null;
    answer: Record<string, unknown> | null;
    attempts: number;
    at: Date;
    retryAt?: Date;
  },
): Promise<void> {
  await db
    .updateTable('voice_calls')
    .set({
      status: change.status,
      provider: change.provider,
      outcome: change.outcome,
      answer: change.answer ? JSON.stringify(change.answer) : null,
      attempts: change.attempts,
      done_at: change.status === 'queued' ? null : change.at,
      ...(change.retryAt ? { due_at: change.retryAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export function listCalls(db: Kysely<Database>, filter: { orderId?: number; limit: number }) {
  let query = db.selectFrom('voice_calls').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
  return query.execute();
}

export type VoiceCallRow = Awaited<ReturnType<typeof listCalls>>[number];

/** Calls placed and answered for (recorded) in [from, to): a workload the service settlement counts (issue 17). */
export function listPlacedCalls(db: Kysely<Database>, from: Date, to: Date, scope: DistrictScope) {
  return (
    db
      .selectFrom('voice_calls')
      .select(['id', 'kind', 'done_at'])
      .where('status', '=', 'recorded')
      // A call belongs to its order's district (a call about no order, to a one-district install's district).
      .where(districtInScope(districtOfOrder(sql.ref('voice_calls.order_id')), scope))
      .where('done_at', '>=', from)
      .where('done_at', '<', to)
      .orderBy('id')
      .execute()
  );
}

/**
 * Open orders a reminder call is for: urgent ones (level 1) nearing or past their limit (派单语音催告), and overdue
 * collection orders (清运超时提醒) nearing or past theirs; with the units working on them.
 */
export function listReminderOrders(db: Kysely<Database>) {
  return db
    .selectFrom('orders as o')
    .leftJoin('order_assignments as a', (j) => j.onRef('a.order_id', '=', 'o.id').on('a.status', '=', 'active'))
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'o.id',
      'o.code',
      'o.status',
      'o.category_code',
      'o.priority',
      'o.address',
      'o.deadline_state',
      'o.clock_started_at',
      'o.respond_by',
      'o.resolve_by',
      'o.responded_at',
      'u.name as unit_name',
    ])
    .where('o.status', 'not in', ['closed', 'voided'])
    .where('o.deadline_state', 'in', ['nearing', 'overdue'])
    .where((eb) => eb.or([eb('o.priority', '=', 1), eb('o.category_code', '=', 'sanitation.collection_overdue')]))
    .orderBy('o.id')
    .execute();
}

/** Closed orders whose reporter left a number and has had no follow-up call yet (工单自动回访). */
export function listFollowUpOrders(db: Kysely<Database>, since: Date) {
  return db
    .selectFrom('orders as o')
    .select(['o.id', 'o.code', 'o.address', 'o.reporter_name', 'o.reporter_phone', 'o.closed_at'])
    .where('o.status', '=', 'closed')
    .where('o.reporter_phone', 'is not', null)
    .where('o.closed_at', '>=', since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('voice_calls as v')
            .select(sql`1`.as('one'))
            .whereRef('v.order_id', '=', 'o.id')
            .where('v.kind', '=', 'follow_up'),
        ),
      ),
    )
    .orderBy('o.id')
    .execute();
}

/** Open shop-frontage orders without a notice yet (门责三包告知 to the shop at the address). */
export function listFrontageOrders(db: Kysely<Database>) {
  return db
    .selectFrom('orders as o')
    .select(['o.id', 'o.code', 'o.address'])
    .where('o.status', 'not in', ['closed', 'voided'])
    .where('o.category_code', '=', 'cityscape.frontage_duty')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('voice_calls as v')
            .select(sql`1`.as('one'))
            .whereRef('v.order_id', '=', 'o.id')
            .where('v.kind', '=', 'frontage_notice'),
        ),
      ),
    )
    .orderBy('o.id')
    .execute();
}

export async function setSatisfaction(db: Kysely<Database>, orderId: number, score: number): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({ satisfaction: score })
    .where('id', '=', orderId)
    .where('status', '=', 'closed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function callByDedupeKey(db: Kysely<Database>, dedupeKey: string) {
  return db.selectFrom('voice_calls').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();
}

/** An order's status and version as the call's timeline entry records them. */
export function orderStateOf(db: Kysely<Database>, orderId: number) {
  return db.selectFrom('orders').select(['status', 'version']).where('id', '=', orderId).executeTakeFirstOrThrow();
}
