/**
 * The JSON batch format (POST /api/ingest/positions), for trackers, vendor gateways and our own field app:
 *
 *   { "positions": [ { "deviceId": "SW-0001", "key": "…", "lng": 121.42, "lat": 31.22,
 *                      "timestamp": "2026-11-22T08:00:00Z" | 1795000000000,
 *                      "speed": 2.5, "heading": 90, "accuracy": 8 } ] }
 *
 * deviceId is the unit code; timestamp is ISO 8601 with a zone, or epoch milliseconds; speed m/s, heading degrees
 * clockwise from north, accuracy metres (checked, not stored). The key may be omitted per position when the request
 * carries it once in an `X-Device-Key` header (one device posting its own buffer). Every position is checked
 * before any is accepted; the first bad one is reported by index.
 */
import { z } from 'zod';
import { AppError } from '@/domain/errors';
import type { DeviceClaim } from './device-claim';
import { checkPosition, ingestError, parseTimestamp } from './position-checks';

export const MAX_BATCH_POSITIONS = 5000;

const optionalNumber = z.number().nullable().optional();
export const jsonPosition = z.object({
  deviceId: z.string().trim().min(1).max(64),
  key: z.string().min(1).max(256).optional(),
  lng: z.number(),
  lat: z.number(),
  timestamp: z.union([z.number(), z.string().max(64)]),
  speed: optionalNumber,
  heading: optionalNumber,
  accuracy: optionalNumber,
});

const jsonBatch = z.object({ positions: z.array(z.unknown()) });

/** The batch as documented (each position is checked one by one, so the first bad one can be named). */
export const positionsBatchSchema = z.object({ positions: z.array(jsonPosition).min(1).max(MAX_BATCH_POSITIONS) });

export function parseJsonBatch(body: unknown, headerKey: string | undefined, now: number): DeviceClaim[] {
  const batch = jsonBatch.safeParse(body);
  if (!batch.success) {
    throw new AppError('BAD_REQUEST', 'ingest.badBatch', 'Body must be {"positions": [...]}');
  }
  const { positions } = batch.data;
  if (positions.length === 0) throw new AppError('BAD_REQUEST', 'ingest.badBatch', 'positions is empty');
  if (positions.length > MAX_BATCH_POSITIONS) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'ingest.tooMany', `At most ${MAX_BATCH_POSITIONS} positions per request`, {
      max: MAX_BATCH_POSITIONS,
    });
  }
  return positions.map((item, index) => {
    const parsed = jsonPosition.safeParse(item);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'position'}: ${i.message}`).join('; ');
      throw ingestError('BAD_REQUEST', 'ingest.malformed', index, detail, { detail });
    }
    const p = parsed.data;
    const fix = checkPosition(
      {
        lng: p.lng,
        lat: p.lat,
        recordedAt: parseTimestamp(p.timestamp, 'milliseconds'),
        speedMps: p.speed,
        headingDeg: p.heading,
        accuracyM: p.accuracy,
      },
      index,
      now,
    );
    return { deviceId: p.deviceId, key: p.key ?? headerKey, fix };
  });
}
