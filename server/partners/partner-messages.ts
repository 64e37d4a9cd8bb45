/**
 * The documented JSON of the partner interface (区城运 and 12345 alike).
 *
 * Partner → OneMap: POST /api/partners/{city_ops|hotline_12345}/orders, signed (hmac.ts), with Idempotency-Key.
 *   { "ref": "their order number", "category": "sanitation.bin_overflow", "description": "…",
 *     "address": "…", "location": { "lng": 121.41, "lat": 31.21 }, "urgency": "urgent|high|normal|low",
 *     "reporter": { "name": "…", "phone": "…" }, "attachments": [{ "contentHash", "mediaType", "byteSize" }] }
 *   → 201 { "ref", "code": "LR20261122-000123", "status": "dispatched", "created": true }
 *   → 200 the same with "created": false when that ref was already received (their retry, another key)
 *   Errors: { "error": { "code", "message", "messageKey", "params" } } — 400 bad body, 401 bad or stale
 *   signature, 404 unknown partner, 409 Idempotency-Key reused with another body.
 *
 * OneMap → partner: POST to the partner's endpoint, signed with its key, Idempotency-Key "onemap-event-<id>",
 * one message per reported order event, in order per order (report-back.ts lists which):
 *   { "ref", "code", "event": { "id", "action", "from", "to", "at", "note", "actor": { "name", "role" },
 *     "units": [{ "code", "kind", "distanceM", "etaMinutes" }], "evidence": [{ "purpose", "contentHash",
 *     "mediaType", "byteSize" }] } }
 *   Any 2xx is delivery; anything else is retried with backoff, and after 8 attempts it is a dead letter that an
 *   administrator can see and replay.
 *
 * OneMap → 区城运, to the same endpoint, every minute: where the units are (only those that moved), batched,
 * signed, Idempotency-Key "onemap-outbox-<id>", through the same outbox rules:
 *   { "batchId", "at", "positions": [{ "code", "kind", "lng", "lat", "at", "speedMps", "headingDeg" }] }
 */
import { z } from 'zod';
import { attachmentInput } from '@/server/orders/attachments';
import { URGENCIES } from '@/server/dispatch/rules';
import type { DueDelivery } from './partners.repository';

export const partnerOrderInput = z.object({
  ref: z.string().trim().min(1).max(64),
  category: z.string().trim().min(1).max(64).optional(),
  description: z.string().trim().min(1).max(2000),
  address: z.string().trim().max(200).optional(),
  location: z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
  urgency: z.enum(URGENCIES).optional(),
  reporter: z.object({ name: z.string().trim().max(64).optional(), phone: z.string().trim().max(32).optional() }).optional(),
  attachments: z
    .array(attachmentInput.transform((a) => a))
    .max(20)
    .optional(),
});
export type PartnerOrderInput = z.infer<typeof partnerOrderInput>;

export const partnerPositionsMessage = z.object({
  batchId: z.string(),
  at: z.string(),
  positions: z.array(
    z.object({
      code: z.string(),
      kind: z.string(),
      lng: z.number(),
      lat: z.number(),
      at: z.string(),
      speedMps: z.number().nullable(),
      headingDeg: z.number().nullable(),
    }),
  ),
});
export type PartnerPositionsMessage = z.infer<typeof partnerPositionsMessage>;

export const partnerEventMessage = z.object({
  ref: z.string(),
  code: z.string(),
  event: z.object({
    id: z.number(),
    action: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    at: z.string(),
    note: z.string().nullable(),
    actor: z.object({ name: z.string(), role: z.string() }),
    units: z.array(z.object({ code: z.string(), kind: z.string(), distanceM: z.number().nullable(), etaMinutes: z.number().nullable() })),
    evidence: z.array(z.object({ purpose: z.string(), contentHash: z.string(), mediaType: z.string(), byteSize: z.number() })),
  }),
});
export type PartnerEventMessage = z.infer<typeof partnerEventMessage>;

/** The answer to a partner's order: created (201), or the one already received under that ref (200). */
export const partnerOrderReply = z.object({ ref: z.string(), code: z.string(), status: z.string(), created: z.boolean() });

export function eventMessage(
  delivery: DueDelivery,
  evidence: Array<{ purpose: string; content_hash: string; media_type: string; byte_size: number }>,
): PartnerEventMessage {
  const units = (
    (delivery.detail as { units?: Array<{ code: string; kind: string; distanceM: number | null; etaMinutes: number | null }> }).units ?? []
  ).map((u) => ({ code: u.code, kind: u.kind, distanceM: u.distanceM, etaMinutes: u.etaMinutes }));
  return {
    ref: delivery.external_ref ?? '',
    code: delivery.code,
    event: {
      id: delivery.event_id,
      action: delivery.action,
      from: delivery.from_status,
      to: delivery.to_status,
      at: delivery.at.toISOString(),
      note: delivery.note,
      actor: { name: delivery.actor_name, role: delivery.actor_role },
      units,
      evidence: evidence.map((a) => ({ purpose: a.purpose, contentHash: a.content_hash, mediaType: a.media_type, byteSize: a.byte_size })),
    },
  };
}
