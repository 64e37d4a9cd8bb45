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
 *    the fix is bad; it is kept on the unit, flagged, and never shown as the unit's position.
 *  - batt (percent), charge, cell (mcc,mnc,lac,cid), wifi (mac,rssi), notificationToken, alarm (sos, …): what the
 *    device says besides a position, kept on the unit (DeviceStatus). A report may carry only these (cell-only,
 *    token-only): it is accepted like Traccar accepts it. alarm=sos becomes a critical alarm on the unit.
 *  - Parameters may come in the query string, a form-encoded body, or both (the query wins).
 *  - Traccar Client 9+ posts JSON instead: {"device_id": "SW-0001", "location": {"timestamp": ISO,
 *    "coords": {"latitude", "longitude", "speed" (m/s here, not knots), "heading", "accuracy"}}}.
 *
 * The device key (server/units/ingest/credentials.ts) may travel in the device identifier (SW-0001:KEY: the only
 * place every Traccar Client generation keeps, the legacy iOS app replacing the URL's query with its own), as
 * `key` in the query or the form body, in an X-Device-Key header or as HTTP Basic credentials. Use HTTPS.
 */
import { z } from 'zod';
import type { DeviceStatus, PositionFix } from '../live-types';
import { splitDeviceIdentifier } from './credentials';
import { checkPosition, ingestError, parseTimestamp } from './position-checks';

export const KNOTS_TO_MPS = 1852 / 3600;

export interface OsmAndReport {
  deviceId: string;
  /** The key found in the identifier or the parameters; the route also looks in the headers. */
  key: string | undefined;
  /** A usable position, or null (the device marked it invalid, or sent none). */
  fix: PositionFix | null;
  /** The device marked its fix invalid (valid=false). */
  invalid: boolean;
  /** What the device said besides a usable position; empty when nothing. */
  status: Omit<DeviceStatus, 'at'>;
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
  const identifier = get('id', 'deviceid')?.trim();
  if (!identifier || identifier.length > 300)
    throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, 'id (the unit code) is required', { detail: 'id' });
  const { deviceId, key: keyInId } = splitDeviceIdentifier(identifier);
  if (!deviceId || deviceId.length > 64)
    throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, 'id (the unit code) is required', { detail: 'id' });
  const key = get('key') ?? keyInId;
  const status = deviceStatusOf(get);

  let lat = numberOf(get('lat'));
  let lng = numberOf(get('lon'));
  const location = get('location');
  if (location !== undefined && (lat === undefined || lng === undefined)) {
    const [a, b] = location.split(',');
    lat = numberOf(a);
    lng = numberOf(b);
  }
  const timestamp = get('timestamp');
  const valid = get('valid');
  if (valid === 'false' || valid === '0') {
    // The device says the fix is bad (often 0,0): kept flagged on the unit when it has coordinates, never checked
    // against the district or shown as the unit's position.
    const usable = lat !== undefined && lng !== undefined && Number.isFinite(lat) && Number.isFinite(lng);
    const at = timestamp === undefined ? now : parseTimestamp(timestamp, 'traccar');
    return { deviceId, key, fix: null, invalid: true, status: usable ? { ...status, invalidFix: { lng: lng!, lat: lat!, at } } : status };
  }
  if (lat === undefined || lng === undefined) {
    // Cell-only, Wi-Fi-only, token-only or alarm-only reports are reports too (Traccar answers them 200).
    if (Object.keys(status).length > 0) return { deviceId, key, fix: null, invalid: false, status };
    throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, 'lat and lon (or location=lat,lon) are required', { detail: 'lat/lon' });
  }
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
  return { deviceId, key, fix, invalid: false, status };
}

const MAX_STATUS_TEXT = 256;

/** The OsmAnd parameters that are not a position, as Traccar's decoder names them. */
function deviceStatusOf(get: (...names: string[]) => string | undefined): Omit<DeviceStatus, 'at'> {
  const status: Omit<DeviceStatus, 'at'> = {};
  const battery = numberOf(get('batt', 'battery'));
  if (battery !== undefined) {
    if (!Number.isFinite(battery) || battery < 0 || battery > 100)
      throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, `batt ${battery} is not a percentage`, { detail: 'batt' });
    status.batteryPercent = battery;
  }
  const charge = get('charge');
  if (charge !== undefined) status.charging = charge === 'true' || charge === '1';
  const text = (name: string, ...aliases: string[]) => {
    const value = get(name, ...aliases);
    if (value !== undefined && value.length > MAX_STATUS_TEXT)
      throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, `${name} is longer than ${MAX_STATUS_TEXT} characters`, { detail: name });
    return value;
  };
  const pushToken = text('notificationToken', 'token');
  if (pushToken !== undefined) status.pushToken = pushToken;
  const cell = text('cell');
  if (cell !== undefined) status.cell = cell;
  const wifi = text('wifi');
  if (wifi !== undefined) status.wifi = wifi;
  const alarm = text('alarm');
  if (alarm !== undefined) status.alarm = alarm.toLowerCase();
  return status;
}

export const traccarJson = z.object({
  device_id: z.string().trim().min(1).max(300),
  alarm: z.string().max(MAX_STATUS_TEXT).optional(),
  location: z.object({
    timestamp: z.string().max(64).optional(),
    coords: z.object({
      latitude: z.number(),
      longitude: z.number(),
      speed: z.number().nullable().optional(),
      heading: z.number().nullable().optional(),
      accuracy: z.number().nullable().optional(),
    }),
    battery: z.object({ level: z.number().min(0).max(1).optional(), is_charging: z.boolean().optional() }).optional(),
    extras: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Reads the JSON body of Traccar Client 9+; the key comes from the identifier, the URL or the headers. */
export function parseTraccarJson(body: unknown, query: URLSearchParams, now: number): OsmAndReport {
  const parsed = traccarJson.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, detail, { detail });
  }
  const { location } = parsed.data;
  const { deviceId, key: keyInId } = splitDeviceIdentifier(parsed.data.device_id);
  if (!deviceId || deviceId.length > 64)
    throw ingestError('BAD_REQUEST', 'ingest.malformed', 0, 'device_id (the unit code) is required', { detail: 'device_id' });
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
  const status: Omit<DeviceStatus, 'at'> = {};
  if (location.battery?.level !== undefined) status.batteryPercent = Math.round(location.battery.level * 100);
  if (location.battery?.is_charging !== undefined) status.charging = location.battery.is_charging;
  const alarm = parsed.data.alarm ?? (typeof location.extras?.alarm === 'string' ? location.extras.alarm : undefined);
  if (alarm) status.alarm = alarm.slice(0, MAX_STATUS_TEXT).toLowerCase();
  return { deviceId, key: query.get('key') ?? keyInId, fix, invalid: false, status };
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  // NaN is kept: checkPosition refuses it with a clear message instead of it passing as "missing".
  return n;
}
