/**
 * The checks every reported position passes, whatever protocol brought it: coordinates in range and near
 * Shanghai, a readable timestamp neither in the future (beyond clock skew) nor ancient, speed and heading sane.
 * A failure is an AppError naming the position's index in its request, so the sender can find it.
 */
import { AppError, type AppErrorCode } from '@/domain/errors';
import type { PositionFix } from '../live-types';

/** Shanghai's municipal area with a margin (Chongming to Jinshan, Qingpu to the coast), [west, south, east, north]. */
export const SERVICE_AREA: readonly [number, number, number, number] = [120.8, 30.6, 122.2, 31.9];
/** Device clocks run a little fast; further ahead than this is a broken clock, not a position. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** Trackers buffer positions while out of coverage; older than this is not worth a live map. */
export const MAX_AGE_MS = 7 * 24 * 3600_000;
/** 100 m/s = 360 km/h: no street vehicle of the bureau, so a higher value is a unit error. */
const MAX_SPEED_MPS = 100;

export interface RawPosition {
  lng: number;
  lat: number;
  /** Epoch ms, already parsed (see parseTimestamp). */
  recordedAt: number;
  speedMps?: number | null;
  headingDeg?: number | null;
  accuracyM?: number | null;
}

export function ingestError(
  code: AppErrorCode,
  key: string,
  index: number,
  message: string,
  params: Record<string, string | number> = {},
): AppError {
  return new AppError(code, key, `positions[${index}]: ${message}`, { index, ...params });
}

export function checkPosition(raw: RawPosition, index: number, now: number): PositionFix {
  const { lng, lat } = raw;
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw ingestError(
      'BAD_REQUEST',
      'ingest.outOfRange',
      index,
      `coordinates out of range (lng ${lng}, lat ${lat}); expected WGS84 degrees`,
    );
  }
  const [west, south, east, north] = SERVICE_AREA;
  if (lng < west || lng > east || lat < south || lat > north) {
    throw ingestError(
      'BAD_REQUEST',
      'ingest.outsideArea',
      index,
      `position (${lng}, ${lat}) is far outside Shanghai; lng/lat swapped or not WGS84?`,
    );
  }
  if (!Number.isFinite(raw.recordedAt)) throw ingestError('BAD_REQUEST', 'ingest.badTimestamp', index, 'timestamp is not a valid time');
  if (raw.recordedAt > now + MAX_FUTURE_MS) {
    throw ingestError(
      'BAD_REQUEST',
      'ingest.futureTimestamp',
      index,
      `timestamp ${new Date(raw.recordedAt).toISOString()} is more than 5 minutes in the future`,
    );
  }
  if (raw.recordedAt < now - MAX_AGE_MS) {
    throw ingestError('BAD_REQUEST', 'ingest.tooOld', index, `timestamp ${new Date(raw.recordedAt).toISOString()} is more than 7 days old`);
  }
  const speed = raw.speedMps;
  if (speed != null && (!Number.isFinite(speed) || speed > MAX_SPEED_MPS)) {
    throw ingestError('BAD_REQUEST', 'ingest.malformed', index, `speed ${speed} m/s is not plausible`, { detail: 'speed' });
  }
  const heading = raw.headingDeg;
  if (heading != null && (!Number.isFinite(heading) || heading > 360)) {
    throw ingestError('BAD_REQUEST', 'ingest.malformed', index, `heading ${heading} is not in degrees 0–360`, { detail: 'heading' });
  }
  if (raw.accuracyM != null && !(Number.isFinite(raw.accuracyM) && raw.accuracyM >= 0)) {
    throw ingestError('BAD_REQUEST', 'ingest.malformed', index, `accuracy ${raw.accuracyM} is not a distance in metres`, {
      detail: 'accuracy',
    });
  }
  return {
    lng,
    lat,
    recordedAt: raw.recordedAt,
    // Android reports -1 for "unknown"; negative speed or heading means the device did not say.
    speedMps: speed != null && speed >= 0 ? speed : null,
    headingDeg: heading != null && heading >= 0 ? heading % 360 : null,
  };
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A timestamp as epoch milliseconds, or NaN when unreadable. ISO 8601 must carry its zone (Z or ±hh:mm):
 * a zoneless time is ambiguous between UTC and Beijing time, so it is refused rather than guessed.
 * `numbers` says how a plain number is read: always milliseconds (JSON batch), or Traccar's rule (below 2^31
 * seconds, otherwise milliseconds) for OsmAnd.
 */
export function parseTimestamp(value: string | number, numbers: 'milliseconds' | 'traccar'): number {
  if (typeof value === 'string' && !/^\d+(\.\d+)?$/.test(value.trim())) {
    return ISO_WITH_ZONE.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < 0) return Number.NaN;
  if (numbers === 'traccar' && n < 2 ** 31 - 1) return n * 1000;
  return n;
}
