/**
 * Reports order events back to the platforms they came from: sends what is due (signed, with an idempotency key
 * per event, in order per order), retries failures with exponential backoff, turns a report that failed too
 * often into a dead letter, and lets an administrator see and replay dead letters.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, DeliveryStatus, PartnerCode } from '@/db/schema';
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
  markDelivered,
  markFailed,
  markOutbox,
  postpone,
  requeueDelivery,
  requeueOutbox,
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

export class PartnerDeliveryService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; transport: PartnerTransport }) {}

  async deliverDue(limit = 100): Promise<DeliveryRound> {
    const { db, clock } = this.deps;
    const due = await listDueDeliveries(db, clock.now(), limit);
    const evidence = await attachmentsOfEvents(db, due.map((d) => d.event_id));
    const round: DeliveryRound = { delivered: 0, failed: 0, dead: 0 };
    // An order whose report failed in this round sends nothing more now: its later steps must wait their turn.
    const blocked = new Set<number>();
    for (const delivery of due) {
      if (blocked.has(delivery.order_id)) continue;
      const partner = await findPartner(db, delivery.partner);
      const now = clock.now();
      if (!partner?.active || !partner.outbound_url || !partner.outbound_secret) {
        await postpone(db, delivery.event_id, new Date(now.getTime() + UNCONFIGURED_WAIT_MS), 'partner has no active outbound endpoint');
        blocked.add(delivery.order_id);
        continue;
      }
      const body = JSON.stringify(eventMessage(delivery, evidence.filter((a) => a.event_id === delivery.event_id)));
      const attempts = delivery.attempts + 1;
      const error = await this.send(partner, body, `onemap-event-${delivery.event_id}`, now);
      if (error === null) {
        await markDelivered(db, delivery.event_id, clock.now(), attempts);
        round.delivered++;
        continue;
      }
      blocked.add(delivery.order_id);
      const dead = attempts >= MAX_ATTEMPTS;
      await markFailed(db, delivery.event_id, { attempts, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)), error, status: dead ? 'dead' : 'pending' });
      round[dead ? 'dead' : 'failed']++;
    }
    const outbox = await this.deliverOutbox(limit);
    return { delivered: round.delivered + outbox.delivered, failed: round.failed + outbox.failed, dead: round.dead + outbox.dead };
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

  /** The general outbox (batched positions): the same signing, backoff and dead letters as the order reports. */
  private async deliverOutbox(limit: number): Promise<DeliveryRound> {
    const { db, clock } = this.deps;
    const round: DeliveryRound = { delivered: 0, failed: 0, dead: 0 };
    const blocked = new Set<string>();
    for (const message of await listDueOutbox(db, clock.now(), limit)) {
      if (blocked.has(message.partner)) continue;
      const partner = await findPartner(db, message.partner);
      const now = clock.now();
      const attempts = message.attempts + 1;
      if (!partner?.active || !partner.outbound_url || !partner.outbound_secret) {
        await markOutbox(db, message.id, { status: 'pending', attempts: message.attempts, nextAttemptAt: new Date(now.getTime() + UNCONFIGURED_WAIT_MS), error: 'partner has no active outbound endpoint' });
        blocked.add(message.partner);
        continue;
      }
      const error = await this.send(partner, JSON.stringify(message.body), `onemap-outbox-${message.id}`, now);
      if (error === null) {
        await markOutbox(db, message.id, { status: 'delivered', attempts, error: null, deliveredAt: clock.now() });
        round.delivered++;
        continue;
      }
      blocked.add(message.partner);
      const dead = attempts >= MAX_ATTEMPTS;
      await markOutbox(db, message.id, { status: dead ? 'dead' : 'pending', attempts, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)), error });
      round[dead ? 'dead' : 'failed']++;
    }
    return round;
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

  async replayOutbox(id: number): Promise<void> {
    if (!(await requeueOutbox(this.deps.db, id, this.deps.clock.now()))) {
      throw new AppError('CONFLICT', 'partners.error.notDead', `Message ${id} is not a dead letter`, { eventId: id });
    }
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
    code: PartnerCode;
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
    if (!(await requeueDelivery(this.deps.db, eventId, this.deps.clock.now()))) {
      throw new AppError('CONFLICT', 'partners.error.notDead', `Report ${eventId} is not a dead letter`, { eventId });
    }
  }
}
