import { describe, expect, it } from 'vitest';
import { AppError } from '@/domain/errors';
import { parseJsonBatch } from './json-batch';
import { KNOTS_TO_MPS, parseOsmAndParams, parseTraccarJson } from './osmand';
import { parseTimestamp } from './position-checks';

const NOW = Date.parse('2026-11-22T08:00:00Z');
const params = (query: string) => new URLSearchParams(query);

function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('OsmAnd parameters (Traccar Client)', () => {
  it('reads id, lat/lon, a timestamp in seconds, speed in knots and bearing', () => {
    const r = parseOsmAndParams(
      params('id=SW-0001&key=k&lat=31.2205&lon=121.4243&timestamp=1795334400&speed=10&bearing=271.5&accuracy=6'),
      null,
      NOW,
    );
    expect(r).toEqual({
      deviceId: 'SW-0001',
      key: 'k',
      fix: { lng: 121.4243, lat: 31.2205, recordedAt: 1_795_334_400_000, speedMps: 10 * KNOTS_TO_MPS, headingDeg: 271.5 },
      invalid: false,
      status: {},
    });
    expect(r.fix!.speedMps).toBeCloseTo(5.144, 3);
  });

  it('reads millisecond and ISO timestamps, location=lat,lon, deviceid and heading, and form bodies', () => {
    const ms = parseOsmAndParams(params('deviceid=A&lat=31.2&lon=121.4&timestamp=1795334400123&heading=5'), null, NOW);
    expect(ms.fix).toMatchObject({ recordedAt: 1_795_334_400_123, headingDeg: 5 });
    const iso = parseOsmAndParams(params('id=A&location=31.21,121.41&timestamp=2026-11-22T07:59:00%2B08:00'), null, NOW);
    expect(iso.fix).toMatchObject({ lat: 31.21, lng: 121.41, recordedAt: Date.parse('2026-11-21T23:59:00Z') });
    const form = parseOsmAndParams(params('key=from-url'), params('id=A&lat=31.2&lon=121.4&key=ignored'), NOW);
    expect(form).toMatchObject({ deviceId: 'A', key: 'from-url' });
  });

  it('takes the time of receipt when no timestamp is sent, and unknown speed/bearing (-1) as unknown', () => {
    const r = parseOsmAndParams(params('id=A&lat=31.2&lon=121.4&speed=-1&bearing=-1'), null, NOW);
    expect(r.fix).toMatchObject({ recordedAt: NOW, speedMps: null, headingDeg: null });
  });

  it('keeps a fix the device marks invalid flagged, never as a position (Traccar keeps it too)', () => {
    const invalid = parseOsmAndParams(params('id=A&valid=false&lat=0&lon=0&timestamp=1795334400'), null, NOW);
    expect(invalid).toMatchObject({ fix: null, invalid: true, status: { invalidFix: { lng: 0, lat: 0, at: 1_795_334_400_000 } } });
  });

  it('takes the key from the device identifier, where every Traccar Client generation keeps it', () => {
    // Legacy iOS replaces the configured URL's query with its own: only the identifier arrives intact.
    const ios = parseOsmAndParams(params('id=SW-0001:s3cr3t_KEY-1&lat=31.2&lon=121.4&timestamp=1795334400'), null, NOW);
    expect(ios).toMatchObject({ deviceId: 'SW-0001', key: 's3cr3t_KEY-1' });
    const json = parseTraccarJson(
      { device_id: 'SW-0001:abc', location: { coords: { latitude: 31.22, longitude: 121.42 } } },
      params(''),
      NOW,
    );
    expect(json).toMatchObject({ deviceId: 'SW-0001', key: 'abc' });
  });

  it('accepts reports without a position (cell, Wi-Fi, push token, battery, SOS) as Traccar does', () => {
    const cell = parseOsmAndParams(params('id=A&cell=460,0,6165,4502&batt=87.5&charge=true'), null, NOW);
    expect(cell).toMatchObject({ fix: null, invalid: false, status: { cell: '460,0,6165,4502', batteryPercent: 87.5, charging: true } });
    expect(parseOsmAndParams(params('id=A&notificationToken=tok123'), null, NOW).status).toEqual({ pushToken: 'tok123' });
    const sos = parseOsmAndParams(params('id=A&lat=31.2&lon=121.4&alarm=sos'), null, NOW);
    expect(sos).toMatchObject({ fix: { lat: 31.2 }, status: { alarm: 'sos' } });
    expect(errorOf(() => parseOsmAndParams(params('id=A&batt=170'), null, NOW)).messageKey).toBe('ingest.malformed');
    expect(errorOf(() => parseOsmAndParams(params('id=A'), null, NOW)).messageKey).toBe('ingest.malformed');
  });

  it('refuses what it cannot trust, naming the problem', () => {
    expect(errorOf(() => parseOsmAndParams(params('lat=31.2&lon=121.4'), null, NOW)).messageKey).toBe('ingest.malformed');
    expect(errorOf(() => parseOsmAndParams(params('id=A&lat=31.2'), null, NOW)).messageKey).toBe('ingest.malformed');
    expect(errorOf(() => parseOsmAndParams(params('id=A&lat=91&lon=121.4'), null, NOW)).messageKey).toBe('ingest.outOfRange');
    expect(errorOf(() => parseOsmAndParams(params('id=A&lat=abc&lon=121.4'), null, NOW)).messageKey).toBe('ingest.outOfRange');
    // lng/lat swapped is the commonest integration mistake.
    expect(errorOf(() => parseOsmAndParams(params('id=A&lat=121.4&lon=31.2'), null, NOW)).messageKey).toBe('ingest.outOfRange');
    expect(errorOf(() => parseOsmAndParams(params('id=A&lat=39.9&lon=116.4'), null, NOW)).messageKey).toBe('ingest.outsideArea');
    const future = errorOf(() => parseOsmAndParams(params(`id=A&lat=31.2&lon=121.4&timestamp=${NOW / 1000 + 301}`), null, NOW));
    expect(future).toMatchObject({ code: 'BAD_REQUEST', messageKey: 'ingest.futureTimestamp' });
    expect(parseOsmAndParams(params(`id=A&lat=31.2&lon=121.4&timestamp=${NOW / 1000 + 299}`), null, NOW).fix).not.toBeNull();
    expect(errorOf(() => parseOsmAndParams(params('id=A&lat=31.2&lon=121.4&timestamp=2026-11-22 08:00:00'), null, NOW)).messageKey).toBe(
      'ingest.badTimestamp',
    );
    expect(errorOf(() => parseOsmAndParams(params('id=A&lat=31.2&lon=121.4&timestamp=1000'), null, NOW)).messageKey).toBe('ingest.tooOld');
  });

  it('reads the JSON of Traccar Client 9+, speed already in m/s, key from the URL', () => {
    const body = {
      device_id: 'SW-0001',
      location: {
        timestamp: '2026-11-22T07:59:30.000Z',
        coords: { latitude: 31.22, longitude: 121.42, speed: 3, heading: 45, accuracy: 5 },
      },
    };
    expect(parseTraccarJson(body, params('key=abc'), NOW)).toEqual({
      deviceId: 'SW-0001',
      key: 'abc',
      fix: { lng: 121.42, lat: 31.22, recordedAt: NOW - 30_000, speedMps: 3, headingDeg: 45 },
      invalid: false,
      status: {},
    });
    expect(errorOf(() => parseTraccarJson({ location: {} }, params(''), NOW)).messageKey).toBe('ingest.malformed');
  });
});

describe('JSON batch', () => {
  const position = { deviceId: 'SW-0001', key: 'k', lng: 121.42, lat: 31.22, timestamp: NOW - 1000 };

  it('reads positions with ISO or epoch-millisecond timestamps and a shared header key', () => {
    const claims = parseJsonBatch(
      { positions: [position, { ...position, key: undefined, timestamp: '2026-11-22T07:59:00Z', speed: 2, heading: 10 }] },
      'header-key',
      NOW,
    );
    expect(claims.map((c) => c.key)).toEqual(['k', 'header-key']);
    expect(claims[1].fix).toEqual({ lng: 121.42, lat: 31.22, recordedAt: NOW - 60_000, speedMps: 2, headingDeg: 10 });
  });

  it('refuses the whole batch on its first bad position, by index', () => {
    const error = errorOf(() =>
      parseJsonBatch({ positions: [position, position, { ...position, timestamp: NOW + 600_000 }] }, undefined, NOW),
    );
    expect(error).toMatchObject({ messageKey: 'ingest.futureTimestamp', params: { index: 2 } });
    expect(error.message).toMatch(/^positions\[2\]/);
    expect(errorOf(() => parseJsonBatch({ positions: [{ ...position, lng: '121.4' }] }, undefined, NOW)).messageKey).toBe(
      'ingest.malformed',
    );
    expect(errorOf(() => parseJsonBatch({ positions: [{ ...position, timestamp: '22/11/2026' }] }, undefined, NOW)).messageKey).toBe(
      'ingest.badTimestamp',
    );
    expect(
      errorOf(() => parseJsonBatch({ positions: [{ ...position, timestamp: '2026-11-22T07:59:00' }] }, undefined, NOW)).messageKey,
    ).toBe('ingest.badTimestamp');
    expect(errorOf(() => parseJsonBatch({ positions: [] }, undefined, NOW)).messageKey).toBe('ingest.badBatch');
    expect(errorOf(() => parseJsonBatch([position], undefined, NOW)).messageKey).toBe('ingest.badBatch');
    expect(errorOf(() => parseJsonBatch({ positions: Array(5001).fill(position) }, undefined, NOW)).code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('timestamps', () => {
  it('follows Traccar: below 2^31 seconds, above milliseconds; ISO only with a zone', () => {
    expect(parseTimestamp('2147483646', 'traccar')).toBe(2_147_483_646_000);
    expect(parseTimestamp('2147483648', 'traccar')).toBe(2_147_483_648);
    expect(parseTimestamp(1_795_334_400, 'milliseconds')).toBe(1_795_334_400);
    expect(parseTimestamp('2026-11-22T08:00:00.5+0800', 'traccar')).toBe(Date.parse('2026-11-22T00:00:00.5Z'));
    expect(parseTimestamp('2026-11-22T08:00:00', 'traccar')).toBeNaN();
    expect(parseTimestamp('-5', 'traccar')).toBeNaN();
  });
});
