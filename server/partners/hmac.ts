/**
 * Request signing between OneMap and its linked platforms, both ways: HMAC-SHA256 over "<timestamp>.<raw body>"
 * with the partner's shared secret, sent as `X-OneMap-Signature: sha256=<hex>` beside `X-OneMap-Timestamp`
 * (Unix milliseconds). A timestamp more than five minutes off is refused, so a captured request cannot be
 * replayed later; within the window the Idempotency-Key makes a replay harmless.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-onemap-signature';
export const TIMESTAMP_HEADER = 'x-onemap-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function signBody(secret: string, timestampMs: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampMs}.${body}`).digest('hex')}`;
}

export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'mismatch';

export function checkSignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: string,
  nowMs: number,
): SignatureCheck {
  if (!headers.timestamp || !headers.signature) return 'missing';
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowMs - timestamp) > MAX_CLOCK_SKEW_MS) return 'stale';
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  // Constant time, so the comparison leaks nothing about how much of a forged signature was right.
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}

/** Headers for a signed request from OneMap to a partner. */
export function signedHeaders(secret: string, timestampMs: number, body: string, idempotencyKey: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    [TIMESTAMP_HEADER]: String(timestampMs),
    [SIGNATURE_HEADER]: signBody(secret, timestampMs, body),
    [IDEMPOTENCY_HEADER]: idempotencyKey,
  };
}
