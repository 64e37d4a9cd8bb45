/**
 * The disposal center on a freshly migrated database in each dialect: the seeded archive and history, the live
 * meters and the energy anomaly with its rectification, hidden dangers from report to acceptance (refused
 * moves, the linked work order), and lighting's batch repair orders (never two open orders for one light).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/auth/auth.service';
import { seedCenter } from '@/server/sim/center-seed';
import { createCockpitServices } from '@/server/compose/cockpit';
import { ledgerCsv, ledgerXlsx } from '@/server/cockpit/hazard-ledger';
import { compactReadings } from '@/server/cockpit/readings.repository';
import { LightingService } from '@/server/lighting/lighting.service';
import { seedLightingPlans } from '@/server/sim/lighting-plans-seed';
import { ManualClock } from '@/server/clock';
import { stPoint } from '@/db/st';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { type HubHarness, hubHarness, insertSubDistricts, insertUser, photoHash, WEST } from './orders-fixture';

const photo = (n: number) => ({ contentHash: photoHash(n), mediaType: 'image/jpeg', byteSize: 1000, purpose: 'report' as const });

describe.each(dialects)('disposal center and lighting on %s', (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  // 10:00 in Shanghai: the center is working.
  const clock = new ManualClock('2026-11-22T02:00:00Z');
  let duty: SessionUser;
  let duty2: SessionUser;
  let leader: SessionUser;
  let field: SessionUser;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertSubDistricts(database.db);
    harness = hubHarness(database, clock);
    const cockpit = createCockpitServices({ db: database.db, clock, orders: harness.hub.orders });
    const lighting = new LightingService({ db: database.db, clock, orders: harness.hub.orders });
    Object.assign(harness.services, { cockpit, lighting });
    duty = await insertUser(database.db, 'duty', '值班员甲', 'duty_officer');
    duty2 = await insertUser(database.db, 'duty2', '值班员乙', 'duty_officer');
    leader = await insertUser(database.db, 'leader', '领导', 'leader');
    field = await insertUser(database.db, 'field', '处置员', 'field_unit');
    await seedCenter(database.db, clock.now());
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('seeds the center once: equipment with QR codes and four weeks of hourly meter history', async () => {
    const equipment = await database.db.selectFrom('cockpit_equipment').selectAll().execute();
    expect(equipment.length).toBe(23);
    expect(new Set(equipment.map((e) => e.qr_payload)).size).toBe(23);
    expect(await seedCenter(database.db, clock.now())).toMatchObject({ skipped: true });
    // Two weeks of routine inspections: a compactor (weekly) has two.
    const tasks = await database.db
      .selectFrom('cockpit_inspection_tasks as t')
      .innerJoin('cockpit_equipment as e', 'e.id', 't.equipment_id')
      .select(['e.code', 't.due_on'])
      .where('e.code', '=', 'FQ-YS-001')
      .execute();
    expect(tasks).toHaveLength(2);
  });

  it('shows live meters against their baseline and raises one anomaly for a meter running high', async () => {
    const { cockpit } = harness.services;
    // Five minutes of normal readings: rates near baseline, no anomaly.
    for (let i = 0; i < 60; i++) {
      clock.advanceMinutes(5 / 60);
      await cockpit.meters.tick(clock.now(), 5);
    }
    let boards = await harness.caller(leader).cockpit.boards();
    const main = boards.energy.meters.find((m) => m.code === 'FQ-NH-001')!;
    expect(main.ratePerHour).toBeGreaterThan(300);
    expect(main.baselinePerHour).toBeGreaterThan(300);
    expect(main.level).toBe('normal');
    // The trend's current hour (five minutes recorded) is scaled to an hour and agrees with the live rate.
    const last = boards.energy.trend.at(-1)!;
    expect(last.value / main.ratePerHour!).toBeCloseTo(1, 1);
    expect(boards.energy.trend.length).toBe(24);
    expect(boards.alarms.some((a) => a.kind === 'equipment' && a.objectCode === 'FQ-CD-004')).toBe(true);
    expect(boards.safety.environment.length).toBe(12);

    // The workshop meter then reports double its usual use for the next five minutes.
    const meter = await database.db.selectFrom('cockpit_equipment').select('id').where('code', '=', 'FQ-NH-002').executeTakeFirstOrThrow();
    for (let i = 0; i < 60; i++) {
      await database.db
        .insertInto('cockpit_readings')
        .values({
          equipment_id: meter.id,
          metric: 'electricity_kwh',
          recorded_at: clock.now(),
          interval_seconds: 5,
          value: (520 * 5) / 3600,
        })
        .execute();
      clock.advanceMinutes(5 / 60);
    }
    await database.db
      .deleteFrom('cockpit_readings')
      .where('equipment_id', '=', meter.id)
      .where('interval_seconds', '<', 3600)
      .where('recorded_at', '<', new Date(clock.now().getTime() - 5 * 60_000))
      .execute();
    expect(await cockpit.boards.evaluateEnergy()).toBe(1);
    expect(await cockpit.boards.evaluateEnergy()).toBe(0); // one open anomaly per meter, not one per round
    boards = await harness.caller(leader).cockpit.boards();
    expect(boards.energy.anomalies).toHaveLength(1);
    expect(boards.alarms.some((a) => a.kind === 'energy' && a.objectCode === 'FQ-NH-002')).toBe(true);
  });

  it('tracks the rectification raised → assigned → rectified → verified and refuses moves out of turn', async () => {
    const caller = harness.caller(duty);
    const [anomaly] = (await caller.cockpit.boards()).energy.anomalies;
    await expect(caller.cockpit.rectify({ id: anomaly.id, action: 'verify', expectedVersion: anomaly.version })).rejects.toThrow(
      /verify an anomaly that is raised/,
    );
    await expect(
      harness.caller(leader).cockpit.rectify({ id: anomaly.id, action: 'assign', expectedVersion: 1, assignee: 'x' }),
    ).rejects.toThrow(/lacks cockpit:operate/);
    const assigned = await caller.cockpit.rectify({
      id: anomaly.id,
      action: 'assign',
      expectedVersion: anomaly.version,
      assignee: '机修班王师傅',
    });
    await expect(
      caller.cockpit.rectify({ id: anomaly.id, action: 'rectify', expectedVersion: anomaly.version, note: 'x' }),
    ).rejects.toThrow(/changed meanwhile/);
    await expect(caller.cockpit.rectify({ id: anomaly.id, action: 'rectify', expectedVersion: assigned.version })).rejects.toThrow(
      /Say what was done/,
    );
    const rectified = await caller.cockpit.rectify({
      id: anomaly.id,
      action: 'rectify',
      expectedVersion: assigned.version,
      note: '3#压缩机空转，已加装定时停机',
    });
    const verified = await caller.cockpit.rectify({
      id: anomaly.id,
      action: 'verify',
      expectedVersion: rectified.version,
      note: '复测正常',
    });
    expect(verified).toMatchObject({ status: 'verified', assignee: '机修班王师傅', measures: '3#压缩机空转，已加装定时停机' });
    expect(verified.history.map((h) => h.action)).toEqual(['raise', 'assign', 'rectify', 'verify']);
  });

  it('takes a hidden danger from report with photos to a linked work order, rectification and acceptance', async () => {
    const reporter = harness.caller(field);
    const deadline = new Date(clock.now().getTime() + 3 * 86_400_000);
    await expect(
      reporter.cockpit.hazards.report({
        title: '卸料口护栏松动',
        description: '护栏螺栓缺失两枚',
        place: '卸料大厅2#口',
        grade: 'major',
        deadline,
        photos: [],
      }),
    ).rejects.toThrow(/photo/);
    const hazard = await reporter.cockpit.hazards.report({
      title: '卸料口护栏松动',
      description: '护栏螺栓缺失两枚',
      place: '卸料大厅2#口',
      grade: 'major',
      deadline,
      photos: [photo(1)],
    });
    expect(hazard).toMatchObject({ status: 'reported', code: 'YH-20261122-001', orderId: null });

    const operator = harness.caller(duty);
    await expect(operator.cockpit.hazards.act({ id: hazard.id, action: 'accept', expectedVersion: hazard.version })).rejects.toThrow(
      /accept a hazard that is reported/,
    );
    const dispatched = await operator.cockpit.hazards.act({ id: hazard.id, action: 'dispatch', expectedVersion: hazard.version });
    expect(dispatched.status).toBe('dispatched');
    expect(dispatched.orderCode).toMatch(/^LR20261122-\d+$/);
    const order = await harness.hub.orders.detail(dispatched.orderId!);
    expect(order.order).toMatchObject({ categoryCode: 'sanitation.facility_damage', priority: 1 });
    expect(order.order.description).toContain(hazard.code);
    expect(order.attachments).toHaveLength(1);
    // A second click with the old version makes no second order.
    await expect(operator.cockpit.hazards.act({ id: hazard.id, action: 'dispatch', expectedVersion: hazard.version })).rejects.toThrow(
      /changed meanwhile/,
    );
    expect(await database.db.selectFrom('orders').select('id').execute()).toHaveLength(1);

    await expect(operator.cockpit.hazards.act({ id: hazard.id, action: 'submit', expectedVersion: dispatched.version })).rejects.toThrow(
      /photo/,
    );
    const submitted = await operator.cockpit.hazards.act({
      id: hazard.id,
      action: 'submit',
      expectedVersion: dispatched.version,
      photos: [photo(2)],
    });
    const rejected = await operator.cockpit.hazards.act({
      id: hazard.id,
      action: 'reject',
      expectedVersion: submitted.version,
      note: '螺栓规格不符',
    });
    expect(rejected.status).toBe('dispatched');
    const again = await operator.cockpit.hazards.act({
      id: hazard.id,
      action: 'submit',
      expectedVersion: rejected.version,
      photos: [photo(3)],
    });
    const accepted = await operator.cockpit.hazards.act({
      id: hazard.id,
      action: 'accept',
      expectedVersion: again.version,
      note: '验收合格',
    });
    expect(accepted).toMatchObject({ status: 'accepted', acceptedBy: '值班员甲' });
    expect(accepted.photos).toHaveLength(3);
    expect(accepted.history.map((h) => h.action)).toEqual(['report', 'dispatch', 'submit', 'reject', 'submit', 'accept']);

    // Reports at the same moment still get distinct numbers.
    const together = await Promise.all(
      [1, 2, 3].map((n) =>
        reporter.cockpit.hazards.report({
          title: `消防通道堆物${n}`,
          description: '纸箱堆放',
          place: '东侧通道',
          grade: 'general',
          deadline,
          photos: [photo(10 + n)],
        }),
      ),
    );
    expect(new Set(together.map((h) => h.code)).size).toBe(3);

    const csv = ledgerCsv(await harness.services.cockpit.hazards.list());
    expect(csv).toContain('YH-20261122-001,卸料口护栏松动,重大隐患');
    expect(csv).toContain('已验收');
    expect((await ledgerXlsx(await harness.services.cockpit.hazards.list())).subarray(0, 2).toString()).toBe('PK');
  });

  it('creates one repair order per faulty light in a batch and never a second while one is open', async () => {
    await seedLightingPlans(database.db, clock.now());
    const lights = [];
    for (const [i, status] of ['fault', 'fault', 'on'].entries()) {
      const { id } = await database.db
        .insertInto('facilities')
        .values({
          kind: 'light',
          code: `L-${i}`,
          name: `景观路灯${i}`,
          address: '仙霞路',
          sub_district_code: WEST.code,
          status,
          attrs: JSON.stringify({ circuit: 'CN001-01' }),
          synthetic: true,
          geom: stPoint([121.41 + i * 0.001, 31.21]),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      lights.push(id);
    }
    const caller = harness.caller(duty);
    await expect(caller.lighting.batchRepair({ facilityIds: lights, categoryCode: 'lighting.not_lit' })).rejects.toThrow(
      /Not at fault: L-2/,
    );
    const first = await caller.lighting.batchRepair({ facilityIds: lights.slice(0, 1), categoryCode: 'lighting.not_lit' });
    expect(first.created.map((c) => c.facilityCode)).toEqual(['L-0']);
    // Two batches at once over both faulty lights: L-0 is skipped by both, L-1 gets exactly one order.
    const [a, b] = await Promise.all([
      caller.lighting.batchRepair({ facilityIds: lights.slice(0, 2), categoryCode: 'lighting.not_lit' }),
      harness.caller(duty2).lighting.batchRepair({ facilityIds: lights.slice(0, 2), categoryCode: 'lighting.damaged' }),
    ]);
    expect([...a.created, ...b.created].map((c) => c.facilityCode)).toEqual(['L-1']);
    expect([...a.skipped, ...b.skipped].filter((s) => s.facilityCode === 'L-0').map((s) => s.orderCode)).toEqual([
      first.created[0].orderCode,
      first.created[0].orderCode,
    ]);
    const status = await harness.caller(leader).lighting.status();
    expect(status.faulty.map((l) => l.openOrderCode)).toEqual([first.created[0].orderCode, expect.any(String)]);

    // Once L-0's order is voided, a new batch may repair it again.
    await harness.hub.orders.transition(
      { orderId: (await harness.hub.orders.byCode(first.created[0].orderCode)).id, action: 'void', note: '重复' },
      { userId: duty.id, name: duty.displayName, role: 'duty_officer', unitId: null },
    );
    const third = await caller.lighting.batchRepair({ facilityIds: lights.slice(0, 1), categoryCode: 'lighting.not_lit' });
    expect(third.created.map((c) => c.facilityCode)).toEqual(['L-0']);
  });

  it('checks an inspection in only at its own equipment, with a photo, once', async () => {
    const caller = harness.caller(field);
    const tasks = await caller.cockpit.inspections.today();
    const task = tasks.find((t) => t.status === 'pending')!;
    const other = tasks.find((t) => t.equipmentCode !== task.equipmentCode)!;
    await expect(
      caller.cockpit.inspections.checkIn({ taskId: task.id, qrPayload: other.qrPayload, photoHash: photoHash(7) }),
    ).rejects.toThrow(/QR code is not/);
    await expect(
      caller.cockpit.inspections.checkIn({ taskId: task.id, qrPayload: task.qrPayload, photoHash: 'not-a-photo' }),
    ).rejects.toThrow(/take a photo first/);
    await caller.cockpit.inspections.checkIn({ taskId: task.id, qrPayload: task.qrPayload, photoHash: photoHash(7) });
    await expect(
      caller.cockpit.inspections.checkIn({ taskId: task.id, qrPayload: task.qrPayload, photoHash: photoHash(8) }),
    ).rejects.toThrow(/already checked in/);
    const after = (await caller.cockpit.inspections.today()).find((t) => t.id === task.id)!;
    expect(after).toMatchObject({ status: 'done', checkedBy: '处置员', photoHash: photoHash(7) });
  });

  it('approves a lighting plan only by someone other than its proposer', async () => {
    const rules = [{ scope: { kind: 'all' as const }, on: { kind: 'sunset' as const, offsetMinutes: 0 }, off: { time: '23:30' } }];
    await expect(
      harness.caller(duty).lighting.propose({ name: '元旦亮化', kind: 'holiday', startsOn: '2027-01-01', endsOn: '2026-12-30', rules }),
    ).rejects.toThrow(/end not before the start/);
    const { id } = await harness
      .caller(duty)
      .lighting.propose({ name: '元旦亮化', kind: 'holiday', startsOn: '2026-12-30', endsOn: '2027-01-01', rules });
    await expect(harness.caller(duty).lighting.decide({ id, approve: true })).rejects.toThrow(/lacks rules:approve/);
    const proposerLeader = await insertUser(database.db, 'leader2', '领导乙', 'leader');
    const own = await harness
      .caller(proposerLeader)
      .lighting.propose({ name: '自拟方案', kind: 'normal', rules })
      .catch((e: Error) => e);
    expect(String(own)).toMatch(/lacks rules:propose/);
    expect(await harness.caller(leader).lighting.decide({ id, approve: true })).toEqual({ id, status: 'approved' });
    await expect(harness.caller(proposerLeader).lighting.decide({ id, approve: false })).rejects.toThrow(/already approved/);
    const plans = await harness.caller(leader).lighting.plans();
    expect(plans.find((p) => p.id === id)).toMatchObject({ status: 'approved', proposedBy: '值班员甲', decidedBy: '领导' });
  });

  it('compacts old readings to one row per meter and hour, keeping every total the boards read', async () => {
    const db = database.db;
    const now = clock.now();
    const meter = await db.selectFrom('cockpit_equipment').select('id').where('code', '=', 'FQ-NH-001').executeTakeFirstOrThrow();
    const monitor = await db.selectFrom('cockpit_equipment').select('id').where('type', '=', 'env_monitor').executeTakeFirstOrThrow();
    // Three days ago, a full hour of 5-second readings (starting 2.5 s past the hour, as live ticks do)...
    const hour = Math.floor((now.getTime() - 72 * 3_600_000) / 3_600_000) * 3_600_000;
    const raw = Array.from({ length: 720 }, (_, i) => ({
      equipment_id: meter.id,
      metric: 'electricity_kwh',
      recorded_at: new Date(hour + 2_500 + i * 5_000),
      interval_seconds: 5,
      value: 0.5 + (i % 7) / 100,
    }));
    await db.insertInto('cockpit_readings').values(raw).execute();
    // ...a level reading then, and a meter's hour from before the baseline's reach.
    await db
      .insertInto('cockpit_readings')
      .values([
        { equipment_id: monitor.id, metric: 'noise_db', recorded_at: new Date(hour + 60_000), interval_seconds: 5, value: 55 },
        {
          equipment_id: meter.id,
          metric: 'electricity_kwh',
          recorded_at: new Date(now.getTime() - 6 * 7 * 24 * 3_600_000),
          interval_seconds: 3600,
          value: 400,
        },
      ])
      .execute();
    const inHour = () =>
      db
        .selectFrom('cockpit_readings')
        .select((eb) => [
          eb.fn.countAll<number>().as('rows'),
          eb.fn.sum<number>('value').as('value'),
          eb.fn.sum<number>('interval_seconds').as('seconds'),
        ])
        .where('equipment_id', '=', meter.id)
        .where('metric', '=', 'electricity_kwh')
        .where('recorded_at', '>=', new Date(hour))
        .where('recorded_at', '<', new Date(hour + 3_600_000))
        .executeTakeFirstOrThrow();
    const recentRaw = () =>
      db
        .selectFrom('cockpit_readings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('interval_seconds', '<', 3600)
        .where('recorded_at', '>=', new Date(now.getTime() - 3_600_000))
        .executeTakeFirstOrThrow();
    const before = await inHour();
    const recentBefore = await recentRaw();
    expect(before.rows).toBe(721); // the raw hour and the seeded history's row for it

    const first = await compactReadings(db, now, 5);
    const after = await inHour();
    expect(after.rows).toBe(2);
    expect(Number(after.value)).toBeCloseTo(Number(before.value), 6);
    expect(Number(after.seconds)).toBe(Number(before.seconds));
    expect(first.rolledUp).toBeGreaterThanOrEqual(1);
    expect(
      await db
        .selectFrom('cockpit_readings')
        .select('id')
        .where('metric', '=', 'noise_db')
        .where('recorded_at', '<', new Date(hour + 3_600_000))
        .execute(),
    ).toHaveLength(0);
    expect(
      await db
        .selectFrom('cockpit_readings')
        .select('id')
        .where('recorded_at', '<', new Date(now.getTime() - 5 * 7 * 24 * 3_600_000))
        .execute(),
    ).toHaveLength(0);
    // The boards' recent readings are untouched, and a second run finds nothing to do.
    expect(await recentRaw()).toEqual(recentBefore);
    expect(await compactReadings(db, now, 5)).toEqual({ rolledUp: 0, removed: 0 });
  });
});
