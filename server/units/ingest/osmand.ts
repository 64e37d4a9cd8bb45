/**
 * The OsmAnd protocol as the Traccar Client phone app (and OsmAnd's own live tracking) speaks it, read the way
 * Traccar's OsmAndProtocolDecoder reads it:
 *
 *   GET or POST /api/ingest/osmand?key=KEY&id=SW-0001&lat=31.22&lon=121.42&timestamp=1795000000&speed=3.2&bearing=90
 *
 *  - id (or deviceid): the unit code. lat + lon, or location=lat,lon. WGS84 degrees.
 *  - timestamp: a plain number below 2^31 is epoch SECONDS, a larger one epoch milliseconds (Traccar's rule);
 *    or ISO 8601 with a zone. Missing: the time of receipt. Traccar's zoneless "yyyy-MM-dd HH:mm:ss" form is
 *    refused here, since it is ambiguous between UTC and Beijing time.
 *  - speed: KNOTS (Traccar's convention for this protocol; Traccar Client sends m/s × 1.943844), stored as m/s.
 *  - bearing (or heading): degrees; accuracy (or hdop): metres, checked, not stored. valid=false: the device says
 *    the fix is bad; it is acknowledged (200) and dropped.
 *  - Parameters may come in the query string, a form-encoded body, or both (the query wins).
 *  - Traccar Client 9+ posts JSON instead: {"device_id": "SW-0001", "location": {"timestamp": ISO,
 *    "coords": {"latitude", "longitude", "speed" (m/s here, not knots), "heading", "accuracy"}}}.
 *
 * The device key: the phone app can only be given a server URL and a device identifier, and it keeps the URL's
 * own query string when it appends its parameters, so the key travels as `key` in the URL configured on the
 * phone (https://host/api/ingest/osmand?key=KEY). Use HTTPS: the key is in the URL, and URLs end up in logs.
 */
import { z } from 'zod';
import type { PositionFix } from '../live-types';
import { checkPosition, ingestError, parseTimestamp } from './position-checks';

export const KNOTS_TO_MPS = 1852 / 3600;

export interface OsmAndReport {
  deviceId: string;
  key: string | undefined;
  /** null when the device itself marked the fix invalid. */
  fix: PositionFix | null;
}

/** Reads query/form parameters (query wins). */
export function parseOsmAndParams(query: URLSearchParams, form: URLSearchParams | null, now: number): OsmAndReport {
  const get = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = query.get(name) ?? form?.get(name) ?? undefined;
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  };
  const deviceId = get('id', 'deviceid')?.trim();
  if (!deviceId || deviceId.length > 64)
    throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, 'id (the unit code) is required', { detail: 'id' });
  const key = get('key');

  const valid = get('valid');
  if (valid === 'false' || valid === '0') return { deviceId, key, fix: null };

  let lat = numberOf(get('lat'));
  let lng = numberOf(get('lon'));
  const location = get('location');
  if (location !== undefined && (lat === undefined || lng === undefined)) {
    const [a, b] = location.split(',');
    lat = numberOf(a);
    lng = numberOf(b);
  }
  if (lat === undefined || lng === undefined) {
    throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, 'lat and lon (or location=lat,lon) are required', { detail: 'lat/lon' });
  }
  const timestamp = get('timestamp');
  const knots = numberOf(get('speed'));
  const fix = checkPosition(
    {
      lng,
      lat,
      recordedAt: timestamp === undefined ? now : parseTimestamp(timestamp, 'traccar'),
      speedMps: knots === undefined ? null : knots >= 0 ? knots * KNOTS_TO_MPS : knots,
      headingDeg: numberOf(get('bearing', 'heading')) ?? null,
      accuracyM: numberOf(get('accuracy', 'hdop')) ?? null,
    },
    0,
    now,
  );
  return { deviceId, key, fix };
}

const traccarJson = z.object({
  device_id: z.string().trim().min(1).max(64),
  location: z.object({
    timestamp: z.string().max(64).optional(),
    coords: z.object({
      latitude: z.number(),
      longitude: z.number(),
      speed: z.number().nullable().optional(),
      heading: z.number().nullable().optional(),
      accuracy: z.number().nullable().optional(),
    }),
  }),
});

/** Reads the JSON body of Traccar Client 9+; the key still comes from the URL. */
export function parseTraccarJson(body: unknown, query: URLSearchParams, now: number): OsmAndReport {
  const parsed = traccarJson.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, detail, { detail });
  }
  const { device_id: deviceId, location } = parsed.data;
  const fix = checkPosition(
    {
      lng: location.coords.longitude,
      lat: location.coords.latitude,
      recordedAt: location.timestamp === undefined ? now : parseTimestamp(location.timestamp, 'milliseconds'),
      speedMps: location.coords.speed,
      headingDeg: location.coords.heading,
      accuracyM: location.coords.accuracy,
    },
    0,
    now,
  );
  return { deviceId, key: query.get('key') ?? undefined, fix };
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  // NaN is kept: checkPosition refuses it with a clear message instead of it passing as "missing".
  return n;
}
