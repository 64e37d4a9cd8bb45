/**
 * Reports order events back to the platforms they came from: sends what is due (signed, with an idempotency key
 * per event, in order per order), retries failures with exponential backoff, turns a report that failed too
 * often into a dead letter, and lets an administrator see and replay dead letters.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, DeliveryStatus, LinkedPartnerCode, OutboxKind } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import { signedHeaders } from './hmac';
import { eventMessage } from './partner-messages';
import {
  attachmentsOfEvents,
  findPartner,
  listDeliveries,
  listDueDeliveries,
  listDueOutbox,
  listOutbox,
  type OutboxTable,
  queueOutboxMessage,
  recordOutboxChange,
  requeueDeadLetter,
  upsertPartner,
} from './partners.repository';

export interface PartnerRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** How a report leaves: fetch in the server; tests and the simulator pass their own. */
export type PartnerTransport = (request: PartnerRequest) => Promise<{ status: number }>;

export const fetchTransport: PartnerTransport = async ({ url, headers, body }) => {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  await response.body?.cancel();
  return { status: response.status };
};

/**
 * Queues a message to a linked partner in the caller's transaction (清费云's refunds to the bank and invoice requests
 * to 数电票), so it is sent if and only if what it reports was committed; the next delivery round sends it.
 */
export function queuePartnerMessage(
  db: Kysely<Database>,
  message: { partner: LinkedPartnerCode; kind: OutboxKind; body: Record<string, unknown>; at: Date },
): Promise<number> {
  return queueOutboxMessage(db, message);
}

export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;
const UNCONFIGURED_WAIT_MS = 10 * 60_000;

/** 30 s, 1 min, 2 min, … at most an hour between attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
}

export const deliveryViewSchema = z.object({
  eventId: z.number(),
  partner: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  orderCode: z.string(),
  ref: z.string().nullable(),
  action: z.string(),
});

export const outboxViewSchema = z.object({
  id: z.number(),
  partner: z.string(),
  kind: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
});

export interface DeliveryRound {
  delivered: number;
  failed: number;
  dead: number;
}

type PartnerRecord = NonNullable<Awaited<ReturnType<typeof findPartner>>>;

/** One due message of either outbox, its body already written. */
interface DueMessage {
  key: number;
  partner: LinkedPartnerCode;
  /** Messages of one lane go in order: after a failure the rest of the lane waits for the next round. */
  lane: string;
  attempts: number;
  idempotencyKey: string;
  body: string;
}

export class PartnerDeliveryService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; transport: PartnerTransport }) {}

  private round: Promise<DeliveryRound> | null = null;

  /**
   * One round of both outboxes: the order reports (in order per order), then the other messages (per partner). A
   * call while a round runs joins that round, so the dispatch jobs and the quicker outbox poll never send twice.
   */
  deliverDue(limit = 100): Promise<DeliveryRound> {
    this.round ??= this.deliverRound(limit).finally(() => (this.round = null));
    return this.round;
  }

  private async deliverRound(limit: number): Promise<DeliveryRound> {
    const { db, clock } = this.deps;
    const due = await listDueDeliveries(db, clock.now(), limit);
    const evidence = await attachmentsOfEvents(
      db,
      due.map((d) => d.event_id),
    );
    const reports = await this.deliver(
      'partner_deliveries',
      due.map((d) => ({
        key: d.event_id,
        partner: d.partner,
        lane: `order-${d.order_id}`,
        attempts: d.attempts,
        idempotencyKey: `onemap-event-${d.event_id}`,
        body: JSON.stringify(
          eventMessage(
            d,
            evidence.filter((a) => a.event_id === d.event_id),
          ),
        ),
      })),
    );
    const messages = await this.deliver(
      'partner_outbox',
      (await listDueOutbox(db, clock.now(), limit)).map((m) => ({
        key: Number(m.id),
        partner: m.partner,
        lane: `partner-${m.partner}`,
        attempts: m.attempts,
        idempotencyKey: `onemap-outbox-${m.id}`,
        body: JSON.stringify(m.body),
      })),
    );
    return {
      delivered: reports.delivered + messages.delivered,
      failed: reports.failed + messages.failed,
      dead: reports.dead + messages.dead,
    };
  }

  /** The one retry mechanism of both outboxes: sign and send, back off after a failure, a dead letter after too many. */
  private async deliver(table: OutboxTable, due: DueMessage[]): Promise<DeliveryRound> {
    const { db, clock } = this.deps;
    const round: DeliveryRound = { delivered: 0, failed: 0, dead: 0 };
    const blocked = new Set<string>();
    for (const message of due) {
      if (blocked.has(message.lane)) continue;
      const partner = await findPartner(db, message.partner);
      const now = clock.now();
      if (!partner?.active || !partner.outbound_url || !partner.outbound_secret) {
        // Waiting for configuration is not an attempt.
        const nextAttemptAt = new Date(now.getTime() + UNCONFIGURED_WAIT_MS);
        await recordOutboxChange(db, table, message.key, {
          status: 'pending',
          attempts: message.attempts,
          nextAttemptAt,
          error: 'partner has no active outbound endpoint',
        });
        blocked.add(message.lane);
        continue;
      }
      const attempts = message.attempts + 1;
      const error = await this.send(partner, message.body, message.idempotencyKey, now);
      if (error === null) {
        await recordOutboxChange(db, table, message.key, { status: 'delivered', attempts, error: null, deliveredAt: clock.now() });
        round.delivered++;
        continue;
      }
      blocked.add(message.lane);
      const dead = attempts >= MAX_ATTEMPTS;
      await recordOutboxChange(db, table, message.key, {
        status: dead ? 'dead' : 'pending',
        attempts,
        nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        error,
      });
      round[dead ? 'dead' : 'failed']++;
    }
    return round;
  }

  /** One signed POST; null when the partner took it (2xx), else why not. */
  private async send(partner: PartnerRecord, body: string, idempotencyKey: string, now: Date): Promise<string | null> {
    try {
      const { status } = await this.deps.transport({
        url: partner.outbound_url!,
        headers: signedHeaders(partner.outbound_secret!, now.getTime(), body, idempotencyKey),
        body,
      });
      return status >= 200 && status < 300 ? null : `HTTP ${status}`;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  async listOutbox(status: DeliveryStatus, limit = 100): Promise<Array<z.infer<typeof outboxViewSchema>>> {
    return (await listOutbox(this.deps.db, status, limit)).map((m) => ({
      id: Number(m.id),
      partner: m.partner,
      kind: m.kind,
      status: m.status,
      attempts: m.attempts,
      nextAttemptAt: m.next_attempt_at,
      lastError: m.last_error,
      createdAt: m.created_at,
    }));
  }

  /** A dead message (batched positions) is sent again at the next round. */
  async replayOutbox(id: number): Promise<void> {
    await this.requeue('partner_outbox', id, `Message ${id}`);
  }

  async list(status: DeliveryStatus, limit = 100): Promise<Array<z.infer<typeof deliveryViewSchema>>> {
    return (await listDeliveries(this.deps.db, status, limit)).map((d) => ({
      eventId: d.event_id,
      partner: d.partner,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.next_attempt_at,
      lastError: d.last_error,
      deliveredAt: d.delivered_at,
      orderCode: d.code,
      ref: d.external_ref,
      action: d.action,
    }));
  }

  /** A partner's keys and endpoint, used by the intake route and by deliveries; secrets are never read back out. */
  async configurePartner(config: {
    code: LinkedPartnerCode;
    name: string;
    inboundSecret: string;
    outboundUrl: string | null;
    outboundSecret: string | null;
    active: boolean;
  }): Promise<void> {
    await upsertPartner(this.deps.db, {
      code: config.code,
      name: config.name,
      inbound_secret: config.inboundSecret,
      outbound_url: config.outboundUrl,
      outbound_secret: config.outboundSecret,
      active: config.active,
    });
  }

  /** A dead letter is sent again at the next round (after the endpoint was fixed, say). */
  async replay(eventId: number): Promise<void> {
    await this.requeue('partner_deliveries', eventId, `Report ${eventId}`);
  }

  private async requeue(table: OutboxTable, key: number, what: string): Promise<void> {
    if (!(await requeueDeadLetter(this.deps.db, table, key, this.deps.clock.now()))) {
      throw new AppError('CONFLICT', 'partners.error.notDead', `${what} is not a dead letter`, { eventId: key });
    }
  }
}

/** The secret a linked partner signs its requests to OneMap with (清费云's 数电票 results), or null when not linked. */
export async function partnerInboundSecret(db: Kysely<Database>, code: LinkedPartnerCode): Promise<string | null> {
  const partner = await findPartner(db, code);
  return partner?.active ? partner.inbound_secret : null;
}
