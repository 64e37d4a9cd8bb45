/**
 * Device ingest on both dialects, over real HTTP: a good position is stored in the history, shown in the live
 * snapshot and saved as the unit's last position; anything wrong is refused with a 4xx that says what, and
 * nothing at all is written — not even the good positions of the same request.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stX, stY } from '@/db/st';
import { KNOTS_TO_MPS } from '@/server/units/ingest/osmand';
import { dialects } from './databases';
import { type LiveTestApp, postJson, startLiveApp } from './units-fixtures';

describe.each(dialects)('device ingest on %s', (dialect) => {
  let t: LiveTestApp;
  let keys: Record<string, string>;
  const positionsUrl = () => `${t.baseUrl}/api/ingest/positions`;
  const osmandUrl = (query: string) => `${t.baseUrl}/api/ingest/osmand?${query}`;

  beforeAll(async () => {
    t = await startLiveApp(dialect, [{ code: 'SW-1' }, { code: 'SW-2' }, { code: 'NOKEY' }]);
    keys = {
      'SW-1': await t.app.services.liveUnits.rotateDeviceKey(t.unitIds['SW-1']),
      'SW-2': await t.app.services.liveUnits.rotateDeviceKey(t.unitIds['SW-2']),
    };
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await t.database.db.deleteFrom('unit_positions').execute();
  });

  const historyCount = async () =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_positions`.execute(t.database.db)).rows[0].n);
  const live = (code: string) => t.app.services.liveUnits.snapshot().units.find((u) => u.code === code)!;
  const good = (code: string, lng: number, extra: Record<string, unknown> = {}) => ({
    deviceId: code,
    key: keys[code],
    lng,
    lat: 31.2101,
    timestamp: new Date(Date.now() - 2000).toISOString(),
    speed: 2.5,
    heading: 80,
    ...extra,
  });

  it('stores a JSON batch in the history, shows it live and saves it as the last position', async () => {
    const res = await postJson(positionsUrl(), {
      positions: [good('SW-1', 121.4101), good('SW-2', 121.4202, { timestamp: Date.now() - 1000 })],
    });
    expect(res).toEqual({ status: 200, body: { accepted: 2, applied: 2, ignored: [] } });
    const rows = await t.database.db
      .selectFrom('unit_positions')
      .select((eb) => ['unit_id', 'source', 'speed_mps', 'heading_deg', stX(eb.ref('geom')).as('lng'), stY(eb.ref('geom')).as('lat')])
      .orderBy('unit_id')
      .execute();
    expect(rows).toEqual([
      { unit_id: t.unitIds['SW-1'], source: 'device', speed_mps: 2.5, heading_deg: 80, lng: 121.4101, lat: 31.2101 },
      { unit_id: t.unitIds['SW-2'], source: 'device', speed_mps: 2.5, heading_deg: 80, lng: 121.4202, lat: 31.2101 },
    ]);
    expect(live('SW-1')).toMatchObject({ online: true, source: 'device', position: { lng: 121.4101, lat: 31.2101, speedMps: 2.5 } });

    await t.app.services.liveUnits.persistLastPositions();
    const saved = await t.database.db
      .selectFrom('units')
      .select((eb) => ['code', 'last_seen_at', stX(eb.ref('geom')).as('lng')])
      .where('code', 'in', ['SW-1', 'SW-2'])
      .orderBy('code')
      .execute();
    expect(saved.map((s) => [s.code, s.lng])).toEqual([
      ['SW-1', 121.4101],
      ['SW-2', 121.4202],
    ]);
    expect(saved.every((s) => s.last_seen_at !== null && Date.now() - new Date(s.last_seen_at).getTime() < 60_000)).toBe(true);
  });

  it('accepts one device posting its buffer with the key once in a header', async () => {
    const { key: _, ...withoutKey } = good('SW-2', 121.43);
    // A buffer holds fixes taken one after another (the history keeps a unit's fixes in time order).
    const res = await postJson(
      positionsUrl(),
      { positions: [withoutKey, { ...withoutKey, lng: 121.431, timestamp: Date.now() + 1000 }] },
      { 'x-device-key': keys['SW-2'] },
    );
    expect(res.status).toBe(200);
    expect(await historyCount()).toBe(2);
  });

  it('stores an OsmAnd (Traccar Client) report: seconds timestamp, speed in knots, key in the URL', async () => {
    const seconds = Math.floor(Date.now() / 1000);
    const res = await fetch(
      osmandUrl(`key=${encodeURIComponent(keys['SW-1'])}&id=SW-1&lat=31.2155&lon=121.4155&timestamp=${seconds}&speed=10&bearing=181`),
    );
    expect(res.status).toBe(200);
    const [row] = await t.database.db.selectFrom('unit_positions').select(['source', 'speed_mps', 'heading_deg', 'recorded_at']).execute();
    expect(row.source).toBe('osmand');
    expect(row.speed_mps).toBeCloseTo(10 * KNOTS_TO_MPS, 4);
    expect(row.heading_deg).toBe(181);
    expect(new Date(row.recorded_at).getTime()).toBe(seconds * 1000);
    expect(live('SW-1').position).toMatchObject({ lng: 121.4155, lat: 31.2155 });
  });

  it('takes OsmAnd as a form POST and as Traccar Client 9 JSON', async () => {
    const form = await fetch(osmandUrl(`key=${encodeURIComponent(keys['SW-2'])}`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'id=SW-2&lat=31.2166&lon=121.4166',
    });
    expect(form.status).toBe(200);
    const json = await postJson(osmandUrl(`key=${encodeURIComponent(keys['SW-2'])}`), {
      device_id: 'SW-2',
      location: { timestamp: new Date().toISOString(), coords: { latitude: 31.2177, longitude: 121.4177, speed: 1, heading: 3 } },
    });
    expect(json.status).toBe(200);
    expect(await historyCount()).toBe(2);
    expect(live('SW-2').position).toMatchObject({ lng: 121.4177, lat: 31.2177, speedMps: 1 });
  });

  describe('real Traccar Client generations, as their own code sends', () => {
    const seconds = () => Math.floor(Date.now() / 1000);
    const unitOf = (code: string) => t.app.services.liveUnits.unitByCode(code)!;

    it('legacy Android (≤ 8.x): POST with the parameters in the query and an empty body', async () => {
      // traccar-client-android ProtocolFormatter.formatRequest: the parameters are appended to the configured URL's
      // query; RequestManager.sendRequest POSTs it with no body.
      const res = await fetch(
        osmandUrl(
          `key=${encodeURIComponent(keys['SW-1'])}&id=SW-1&timestamp=${seconds()}&lat=31.2191&lon=121.4191&speed=0.0&bearing=0.0&altitude=4.0&accuracy=12.0&batt=76.0`,
        ),
        { method: 'POST' },
      );
      expect(await res.json()).toEqual({ outcome: 'applied' });
      expect(live('SW-1')).toMatchObject({ position: { lng: 121.4191 }, device: { batteryPercent: 76 } });
    });

    it('legacy iOS: the app replaces the configured query, so the key travels in the device identifier', async () => {
      // traccar-client-ios TCProtocolFormatter formatPostion:: NSURLComponents' query is set to the app's own
      // parameters, dropping `?key=` from the configured URL; the identifier is sent as typed.
      const res = await fetch(
        `${t.baseUrl}/api/ingest/osmand?id=${encodeURIComponent(`SW-2:${keys['SW-2']}`)}&timestamp=${seconds()}&lat=31.2192&lon=121.4192&speed=0&bearing=0&altitude=0&accuracy=5&batt=50`,
        { method: 'POST' },
      );
      expect(res.status).toBe(200);
      expect(live('SW-2').position).toMatchObject({ lng: 121.4192 });
      const wrong = await fetch(`${t.baseUrl}/api/ingest/osmand?id=SW-2:not-the-key&lat=31.2192&lon=121.4192`);
      expect(wrong.status).toBe(401);
    });

    it('9.x: JSON body; 10.x: form body; gateways: the key in X-Device-Key or HTTP Basic', async () => {
      const json = await postJson(osmandUrl(''), {
        device_id: `SW-1:${keys['SW-1']}`,
        location: {
          timestamp: new Date().toISOString(),
          coords: { latitude: 31.2193, longitude: 121.4193 },
          battery: { level: 0.42, is_charging: true },
        },
      });
      expect(json).toEqual({ status: 200, body: { outcome: 'applied' } });
      expect(live('SW-1').device).toMatchObject({ batteryPercent: 42, charging: true });
      const form = await fetch(osmandUrl(''), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `id=SW-2&key=${encodeURIComponent(keys['SW-2'])}&lat=31.2194&lon=121.4194&timestamp=${seconds()}`,
      });
      expect(form.status).toBe(200);
      const header = await fetch(osmandUrl(`id=SW-2&lat=31.2195&lon=121.4195&timestamp=${seconds()}`), {
        headers: { 'x-device-key': keys['SW-2'] },
      });
      expect(header.status).toBe(200);
      const basic = Buffer.from(`SW-2:${keys['SW-2']}`).toString('base64');
      const viaBasic = await fetch(osmandUrl(`id=SW-2&lat=31.2196&lon=121.4196&timestamp=${seconds()}`), {
        headers: { authorization: `Basic ${basic}` },
      });
      expect(viaBasic.status).toBe(200);
      expect(live('SW-2').position).toMatchObject({ lng: 121.4196 });
    });

    it('a real device wins over the simulator whatever the clocks, and a stale real fix is reported as ignored', async () => {
      // The simulator stamps milliseconds of the server's clock; the apps stamp whole seconds, so a fix taken in the
      // same second reads as older. It is the real one: it shows.
      const now = Date.now();
      t.app.services.liveUnits.acceptSimulatedPosition(unitOf('SW-1'), {
        lng: 121.43,
        lat: 31.22,
        recordedAt: now + 900,
        speedMps: 3,
        headingDeg: 0,
      });
      const url = (lng: number, at: number) =>
        osmandUrl(`key=${encodeURIComponent(keys['SW-1'])}&id=SW-1&lat=31.2197&lon=${lng}&timestamp=${at}`);
      expect(await (await fetch(url(121.4197, Math.floor(now / 1000)))).json()).toEqual({ outcome: 'applied' });
      expect(live('SW-1')).toMatchObject({ source: 'osmand', position: { lng: 121.4197 } });
      // An older real fix arriving late (a phone's buffer) goes to the history, and the reply says it was not shown.
      expect(await (await fetch(url(121.4, Math.floor(now / 1000) - 60))).json()).toEqual({ outcome: 'ignored', reason: 'stale' });
      expect(live('SW-1').position).toMatchObject({ lng: 121.4197 });
      const batch = await postJson(positionsUrl(), { positions: [good('SW-1', 121.401, { timestamp: now - 120_000 })] });
      expect(batch.body).toEqual({ accepted: 1, applied: 0, ignored: [{ index: 0, reason: 'stale' }] });
    });

    it('SOS raises a critical alarm on the unit; invalid, cell-only and token-only reports are recorded on it', async () => {
      const key = encodeURIComponent(keys['SW-2']);
      const sos = await fetch(osmandUrl(`key=${key}&id=SW-2&lat=31.2198&lon=121.4198&timestamp=${seconds()}&alarm=sos`));
      expect(await sos.json()).toEqual({ outcome: 'applied', alarm: 'sos' });
      const alarm = await t.database.db
        .selectFrom('alarms')
        .select(['type', 'level', 'object_kind', 'status'])
        .where('object_code', '=', 'SW-2')
        .executeTakeFirst();
      expect(alarm).toEqual({ type: 'unit.sos', level: 1, object_kind: 'unit', status: 'active' });

      const before = live('SW-2').position;
      const invalid = await fetch(osmandUrl(`key=${key}&id=SW-2&valid=false&lat=0&lon=0&timestamp=${seconds()}`));
      expect(await invalid.json()).toEqual({ outcome: 'ignored', reason: 'invalid' });
      expect(live('SW-2').position).toEqual(before);
      expect(live('SW-2').device).toMatchObject({ invalidFix: { lng: 0, lat: 0 } });

      const cell = await fetch(osmandUrl(`key=${key}&id=SW-2&cell=460,0,6165,4502&wifi=00:11:22:33:44:55,-60`));
      expect(await cell.json()).toEqual({ outcome: 'recorded' });
      const token = await fetch(osmandUrl(`key=${key}&id=SW-2&notificationToken=fcm-token-1`));
      expect(await token.json()).toEqual({ outcome: 'recorded' });
      const saved = await t.database.db.selectFrom('units').select('device_report').where('code', '=', 'SW-2').executeTakeFirstOrThrow();
      expect(saved.device_report).toMatchObject({ pushToken: 'fcm-token-1' });
      const stored = await t.database.db.selectFrom('unit_positions').select('source').where('unit_id', '=', t.unitIds['SW-2']).execute();
      expect(stored).toEqual([{ source: 'osmand' }]); // only the SOS report's position
    });
  });

  describe('refuses and writes nothing', () => {
    const cases: Array<[string, () => unknown, number, string]> = [
      [
        'an unknown device',
        () => ({ positions: [good('SW-1', 121.41), { ...good('SW-1', 121.41), deviceId: 'GHOST' }] }),
        404,
        'ingest.unknownDevice',
      ],
      ['a wrong key', () => ({ positions: [good('SW-1', 121.41), { ...good('SW-2', 121.41), key: keys['SW-1'] }] }), 401, 'ingest.badKey'],
      ['no key', () => ({ positions: [{ ...good('SW-1', 121.41), key: undefined }] }), 401, 'ingest.badKey'],
      ['a unit that was never issued a key', () => ({ positions: [{ ...good('SW-1', 121.41), deviceId: 'NOKEY' }] }), 401, 'ingest.badKey'],
      ['coordinates out of range', () => ({ positions: [good('SW-1', 121.41), good('SW-1', 181)] }), 400, 'ingest.outOfRange'],
      ['a position far outside Shanghai', () => ({ positions: [good('SW-1', 116.4, { lat: 39.9 })] }), 400, 'ingest.outsideArea'],
      [
        'a far-future timestamp',
        () => ({ positions: [good('SW-1', 121.41, { timestamp: Date.now() + 10 * 60_000 })] }),
        400,
        'ingest.futureTimestamp',
      ],
      ['a malformed timestamp', () => ({ positions: [good('SW-1', 121.41, { timestamp: 'yesterday' })] }), 400, 'ingest.badTimestamp'],
      ['a position of the wrong shape', () => ({ positions: [good('SW-1', 121.41, { lat: 'north' })] }), 400, 'ingest.malformed'],
    ];

    it.each(cases)('%s', async (_, body, status, messageKey) => {
      const before = live('SW-1');
      const res = await postJson(positionsUrl(), body());
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: { messageKey } });
      expect(await historyCount()).toBe(0);
      expect(live('SW-1')).toEqual(before);
    });

    it('on the OsmAnd endpoint too', async () => {
      const key = encodeURIComponent(keys['SW-1']);
      const now = Math.floor(Date.now() / 1000);
      for (const [query, status] of [
        [`key=${key}&id=GHOST&lat=31.2&lon=121.4`, 404],
        [`key=wrong&id=SW-1&lat=31.2&lon=121.4`, 401],
        [`id=SW-1&lat=31.2&lon=121.4`, 401],
        [`key=${key}&id=SW-1&lat=31.2&lon=200`, 400],
        [`key=${key}&id=SW-1&lat=31.2&lon=121.4&timestamp=${now + 3600}`, 400],
        [`key=${key}&id=SW-1&lat=31.2&lon=121.4&timestamp=soon`, 400],
      ] as const) {
        const res = await fetch(osmandUrl(query));
        expect(res.status, query).toBe(status);
      }
      expect(await historyCount()).toBe(0);
    });

    it('and says which methods it takes', async () => {
      const res = await fetch(positionsUrl());
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    });
  });

  it('stops accepting the old key once a new one is issued', async () => {
    const oldKey = keys['SW-1'];
    keys['SW-1'] = await t.app.services.liveUnits.rotateDeviceKey(t.unitIds['SW-1']);
    expect((await postJson(positionsUrl(), { positions: [{ ...good('SW-1', 121.41), key: oldKey }] })).status).toBe(401);
    expect((await postJson(positionsUrl(), { positions: [good('SW-1', 121.41)] })).status).toBe(200);
    const stored = await t.database.db.selectFrom('units').select('device_key_hash').where('code', '=', 'SW-1').executeTakeFirstOrThrow();
    expect(stored.device_key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.device_key_hash).not.toContain(keys['SW-1']);
  });

  it('refuses a unit whose key was withdrawn', async () => {
    await t.app.services.liveUnits.revokeDeviceKey(t.unitIds['SW-2']);
    const res = await postJson(positionsUrl(), { positions: [good('SW-2', 121.41)] });
    expect(res.status).toBe(401);
    expect(await historyCount()).toBe(0);
  });
});
