/**
 * The alarm pipeline on both dialects, through the real app: HTTP ingest with a device key, merging of repeats
 * (also when they arrive at once), flapping, the lifecycle with its ledger and refusals, one problem one
 * incident, live notices and the resync after a reconnect, and thresholds that change only after a second
 * person approves.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from './refusal';
import type { AlarmNotice } from '@/domain/alarms/alarm-view';
import type { AlarmReading } from '@/server/alarms/alarms.service';
import type { Actor } from '@/server/orders/order-change';
import { dialects } from './databases';
import { connected, type LiveTestApp, openSocket, postJson, sessionCookieFor, startLiveApp, type TestSocket } from './units-fixtures';

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(dialects)('alarms on %s', (dialect) => {
  let t: LiveTestApp;
  let key: string;
  let duty: Actor;
  let leader: Actor;
  const url = () => `${t.baseUrl}/api/ingest/alarms`;
  const alarms = () => t.app.services.alarms.alarms;
  const odour = (value: number, extra: Partial<AlarmReading> = {}): AlarmReading => ({
    objectKind: 'toilet',
    objectCode: 'T-1',
    type: 'toilet.odour_nh3',
    value,
    at: new Date(),
    ...extra,
  });
  const rows = () => t.database.db.selectFrom('alarms').selectAll().orderBy('id').execute();
  const ledger = async (id: number) =>
    await t.database.db
      .selectFrom('alarm_events')
      .select(['kind', 'actor_name', 'note'])
      .where('alarm_id', '=', id)
      .orderBy('id')
      .execute();

  const actor = async (role: 'duty_officer' | 'leader', name: string): Promise<Actor> => {
    const user = await t.app.services.auth.createUser({
      username: `${name}-${role}`,
      displayName: name,
      role,
      password: 'test-password-123',
    });
    return { userId: user.id, name, role, unitId: null };
  };

  beforeAll(async () => {
    t = await startLiveApp(dialect, [{ code: 'GW-1', kind: 'handler' }]);
    key = await t.app.services.liveUnits.rotateDeviceKey(t.unitIds['GW-1']);
    duty = await actor('duty_officer', '值班员甲');
    leader = await actor('leader', '领导乙');
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await sql`TRUNCATE alarm_events, alarms RESTART IDENTITY CASCADE`.execute(t.database.db);
  });

  it('raises an alarm from an odour reading posted with a device key, and refuses bad batches whole', async () => {
    const ok = await postJson(
      url(),
      { deviceId: 'GW-1', alarms: [{ objectKind: 'toilet', objectCode: 'T-1', type: 'toilet.odour_nh3', value: 2.4 }] },
      { 'x-device-key': key },
    );
    expect(ok).toMatchObject({ status: 200, body: { raised: 1 } });
    const [alarm] = await rows();
    expect(alarm).toMatchObject({
      type: 'toilet.odour_nh3',
      status: 'active',
      level: 2,
      value: 2.4,
      threshold: 1.5,
      facility_id: t.facilityIds['T-1'],
      count: 1,
    });

    const below = await postJson(
      url(),
      {
        deviceId: 'GW-1',
        alarms: [
          { objectKind: 'kiosk', objectCode: 'K-1', type: 'kiosk.paper_out', state: 'fault' },
          { objectKind: 'toilet', objectCode: 'NOPE', type: 'toilet.water_failure', state: 'fault' },
        ],
      },
      { 'x-device-key': key },
    );
    expect(below).toMatchObject({ status: 404, body: { error: { messageKey: 'alarms.error.unknownObject', params: { index: 1 } } } });
    const wrongKind = await postJson(url(), {
      deviceId: 'GW-1',
      key,
      alarms: [{ objectKind: 'light', objectCode: 'L-1', type: 'toilet.water_failure', state: 'fault' }],
    });
    expect(wrongKind).toMatchObject({ status: 400, body: { error: { messageKey: 'alarms.error.wrongObject' } } });
    const badKey = await postJson(
      url(),
      { deviceId: 'GW-1', alarms: [{ objectKind: 'kiosk', objectCode: 'K-1', type: 'kiosk.paper_out', state: 'fault' }] },
      { 'x-device-key': 'wrong' },
    );
    expect(badKey.status).toBe(401);
    expect(await rows()).toHaveLength(1); // nothing of the refused batches was written
  });

  it('merges repeats of the same fault into one alarm with a count and first and last seen', async () => {
    const t0 = new Date(Date.now() - 60_000);
    await alarms().ingest([odour(2, { at: t0 })], 'GW-1');
    await alarms().ingest(
      [odour(2.2, { at: new Date(t0.getTime() + 10_000) }), odour(2.5, { at: new Date(t0.getTime() + 20_000) })],
      'GW-1',
    );
    const all = await rows();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ count: 3, value: 2.5 });
    expect(all[0].first_seen_at.getTime()).toBe(t0.getTime());
    expect(all[0].last_seen_at.getTime()).toBe(t0.getTime() + 20_000);
    expect((await ledger(all[0].id)).map((e) => e.kind)).toEqual(['raised']);
  });

  it('never makes a second alarm when the same fault arrives many times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, () =>
        alarms().ingest([{ objectKind: 'light', objectCode: 'L-1', type: 'light.lamp_failure', state: 'fault', at: new Date() }], 'GW-1'),
      ),
    );
    expect(results.reduce((n, r) => n + r.raised, 0)).toBe(1);
    const all = await rows();
    expect(all).toHaveLength(1);
    expect(all[0].count).toBe(24);
  });

  it('suppresses flapping: a fault back soon after recovering reopens the same alarm and does not ring again', async () => {
    await alarms().ingest([odour(2, { level: 1 })], 'GW-1');
    await alarms().ingest([odour(0.8)], 'GW-1');
    expect((await rows())[0].status).toBe('cleared');
    const result = await alarms().ingest([odour(2.1, { level: 1 })], 'GW-1');
    expect(result).toMatchObject({ raised: 0, reopened: 1 });
    const all = await rows();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'active', flaps: 1, count: 2 });
    expect((await ledger(all[0].id)).map((e) => e.kind)).toEqual(['raised', 'cleared', 'reopened']);
    // A reading between clear and raise changes nothing (hysteresis).
    expect(await alarms().ingest([odour(1.2)], 'GW-1')).toMatchObject({ unchanged: 1, cleared: 0 });
  });

  it('walks the lifecycle, records who acknowledged, and refuses steps out of order', async () => {
    await alarms().ingest([odour(3)], 'GW-1');
    const [{ id }] = await rows();
    expect((await refusal(alarms().toOrder(id, duty))).messageKey).toBe('alarms.error.refused');
    expect((await refusal(alarms().close(id, duty, null))).messageKey).toBe('alarms.error.refused');
    expect((await refusal(alarms().acknowledge(id, duty, 99))).messageKey).toBe('alarms.error.changed');

    const acked = await alarms().acknowledge(id, duty);
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: '值班员甲' });
    expect((await refusal(alarms().acknowledge(id, leader))).messageKey).toBe('alarms.error.refused');

    const linked = await alarms().toOrder(id, duty);
    expect(linked).toMatchObject({ orderLink: 'created', orderCode: expect.stringMatching(/^LR\d{8}-\d{6}$/) });
    const order = await t.database.db.selectFrom('orders').selectAll().where('id', '=', linked.orderId!).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ source: 'sensor', category_code: 'sanitation.toilet_cleaning', sub_district_code: '310105001' });
    expect((await refusal(alarms().toOrder(id, duty))).messageKey).toBe('alarms.error.alreadyLinked');

    await alarms().ingest([odour(0.5)], 'GW-1');
    expect((await rows())[0]).toMatchObject({ status: 'cleared', clear_kind: 'recovered' });
    expect((await refusal(alarms().clear(id, '误报', duty))).messageKey).toBe('alarms.error.refused');
    await alarms().close(id, duty, null);
    const events = await ledger(id);
    expect(events.map((e) => e.kind)).toEqual(['raised', 'acknowledged', 'linked', 'cleared', 'closed']);
    expect(events[1].actor_name).toBe('值班员甲');
    await expect(sql`UPDATE alarm_events SET note = 'x'`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('clears by hand only with a reason, and a new fault after that is a new alarm', async () => {
    await alarms().ingest([{ objectKind: 'kiosk', objectCode: 'K-1', type: 'kiosk.card_reader', state: 'fault', at: new Date() }], 'GW-1');
    const [{ id }] = await rows();
    await alarms().clear(id, '现场确认误报', duty);
    expect((await rows())[0]).toMatchObject({ status: 'cleared', clear_kind: 'manual', clear_reason: '现场确认误报' });
    await alarms().ingest([{ objectKind: 'kiosk', objectCode: 'K-1', type: 'kiosk.card_reader', state: 'fault', at: new Date() }], 'GW-1');
    expect(await rows()).toHaveLength(2);
  });

  it('links an alarm and a 12345 order about the same place into one incident, both ways', async () => {
    const caller: Actor = { userId: null, name: '12345', role: 'system', unitId: null };
    // An open 12345 order next to the toilet: turning the alarm into an order joins it instead.
    const hotline = await t.app.services.dispatchHub.intake.receive(
      {
        source: 'hotline_12345',
        externalRef: 'H-1',
        categoryCode: 'sanitation.toilet_cleaning',
        description: '公厕很臭',
        location: [121.4201, 31.2101],
      },
      caller,
    );
    await alarms().ingest([odour(3)], 'GW-1');
    const [{ id }] = await rows();
    await alarms().acknowledge(id, duty);
    const before = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders`.execute(t.database.db)).rows[0].n);
    const joined = await alarms().toOrder(id, duty);
    expect(joined).toMatchObject({ orderId: hotline.order.id, orderLink: 'joined' });
    expect(Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders`.execute(t.database.db)).rows[0].n)).toBe(before);
    expect((await alarms().forOrder(hotline.order.id)).map((a) => a.id)).toEqual([id]);

    // A 12345 order arriving near an active alarm links it.
    await alarms().ingest([{ objectKind: 'light', objectCode: 'L-5', type: 'light.lamp_failure', state: 'fault', at: new Date() }], 'GW-1');
    const lightAlarm = (await rows()).find((a) => a.object_code === 'L-5')!;
    const second = await t.app.services.dispatchHub.intake.receive(
      {
        source: 'hotline_12345',
        externalRef: 'H-2',
        categoryCode: 'lighting.not_lit',
        description: '路灯不亮',
        location: [121.4101, 31.2001],
      },
      caller,
    );
    // The link is made right after the order's creation notice.
    let after = lightAlarm;
    for (let i = 0; i < 50 && after.order_id === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      after = (await rows()).find((a) => a.id === lightAlarm.id)!;
    }
    expect(after).toMatchObject({ order_id: second.order.id, order_link: 'joined' });
    expect((await ledger(lightAlarm.id)).map((e) => e.kind)).toEqual(['raised', 'linked']);
  });

  it("names a disposal-center machine's alarm from the equipment archive, never by its bare code", async () => {
    await t.database.db
      .insertInto('cockpit_equipment')
      .values({
        code: 'YS-T1',
        qr_payload: 'qr-ys-t1',
        name: '1#垂直压缩机',
        type: 'compactor',
        area: '压缩车间',
        inspection_cycle_days: 7,
        installed_on: '2024-01-01',
        tags: '[]',
        status: 'running',
        synthetic: true,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await alarms().ingest(
      [{ objectKind: 'disposal_equipment', objectCode: 'YS-T1', type: 'disposal.equipment', state: 'fault', level: 1, at: new Date() }],
      'GW-1',
    );
    const [view] = await alarms().since(0);
    expect(view).toMatchObject({ objectCode: 'YS-T1', objectName: '1#垂直压缩机' });
  });

  it('pushes alarms live, rings only for new critical ones, and a reconnecting screen misses none', async () => {
    const cookie = await sessionCookieFor(t.app, 'duty_officer');
    let socket: TestSocket = openSocket(t.baseUrl, cookie);
    await connected(socket);
    const seen: AlarmNotice[] = [];
    socket.on('alarm:changed', (n) => seen.push(n));
    await alarms().ingest(
      [
        {
          objectKind: 'disposal_equipment',
          objectCode: 'CRUSHER-2',
          type: 'disposal.equipment',
          state: 'fault',
          level: 1,
          at: new Date(),
          location: [121.37, 31.21],
        },
      ],
      'GW-1',
    );
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ sound: true, alarm: { objectCode: 'CRUSHER-2', level: 1, status: 'active', lng: 121.37 } });
    await alarms().ingest(
      [{ objectKind: 'disposal_equipment', objectCode: 'CRUSHER-2', type: 'disposal.equipment', state: 'fault', level: 1, at: new Date() }],
      'GW-1',
    );
    await until(() => seen.length === 2);
    expect(seen[1]).toMatchObject({ sound: false, alarm: { count: 2 } });
    const lastSeq = Math.max(...seen.map((n) => n.alarm.seq));

    socket.close();
    await alarms().acknowledge(seen[0].alarm.id, duty);
    await alarms().ingest([{ objectKind: 'kiosk', objectCode: 'K-1', type: 'kiosk.offline', state: 'fault', at: new Date() }], 'GW-1');
    socket = openSocket(t.baseUrl, cookie);
    await connected(socket);
    const missed = await alarms().since(lastSeq);
    expect(missed.map((a) => [a.objectCode, a.status])).toEqual([
      ['CRUSHER-2', 'acknowledged'],
      ['K-1', 'active'],
    ]);
    socket.close();
  });

  it('changes a threshold only after a second person approves it', async () => {
    const rulesService = t.app.services.alarms.rules;
    const current = await rulesService.active();
    const proposed = {
      ...current.rules,
      thresholds: { ...current.rules.thresholds, 'toilet.odour_nh3': { raise: 5, clear: 3, level: 2 } },
    };
    const { version } = await rulesService.propose(proposed, '夏季阈值', duty);
    await alarms().ingest([odour(2)], 'GW-1');
    expect(await rows()).toHaveLength(1); // still the old threshold
    await alarms().ingest([odour(0.5)], 'GW-1');

    expect((await refusal(rulesService.decide(version, true, null, duty))).messageKey).toBe('rules.error.selfApproval');
    await rulesService.decide(version, true, '同意', leader);
    expect((await rulesService.active()).version).toBe(version);
    await sql`TRUNCATE alarm_events, alarms RESTART IDENTITY CASCADE`.execute(t.database.db);
    expect(await alarms().ingest([odour(4)], 'GW-1')).toMatchObject({ raised: 0, unchanged: 1 });
    expect(await alarms().ingest([odour(5.5)], 'GW-1')).toMatchObject({ raised: 1 });
    const history = await rulesService.list();
    expect(history.map((h) => [h.version, h.status, h.active])).toEqual([
      [version, 'approved', true],
      [1, 'approved', false],
    ]);
    expect(history[0]).toMatchObject({ proposedBy: '值班员甲', decidedBy: '领导乙' });
  });
});
