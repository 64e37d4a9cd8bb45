/**
 * Districts as tenants (issue 22) for the bureau's own records, on both dialects, through the real routers: beside
 * the fixture's 长宁区 (with the seeded center and lighting plans) a second, synthetic district with its own lights
 * and lighting plan, its own disposal-center equipment, anomaly, inspection task and hidden danger, and its own
 * administrators. A district's people see and act on their own only — another district's plan, hazard, task,
 * anomaly or account is "not found" — a plan switches its own district's lights only, and the city-wide see all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/db/schema';
import { stPoint } from '@/db/st';
import { shanghaiDay } from '@/domain/shanghai-time';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import { SESSION_COOKIE, type SessionUser } from '@/server/auth/auth.service';
import { newTotpSecret, totpCode } from '@/server/auth/totp';
import { listLightingPlans } from '@/server/lighting/plans.repository';
import type { LightingRule } from '@/server/lighting/schedule';
import { seedCenter } from '@/server/sim/center-seed';
import { planSwitches } from '@/server/sim/light-plan-follower';
import { seedLightingPlans } from '@/server/sim/lighting-plans-seed';
import { loadFacilitiesOfKinds } from '@/server/sim/sim.repository';
import { dialects } from './databases';
import { FIXTURE } from './map-fixture';
import { photoHash } from './orders-fixture';
import { insertOtherDistrict, OTHER } from './second-district';
import { type LiveTestApp, startLiveApp } from './units-fixtures';

const createCaller = createCallerFactory(appRouter);
const CN = FIXTURE.district.code;
const SEEDED_NORMAL = '常态夜景亮灯方案';
const XH_PLAN = '徐汇午间测试方案';
/** The other district's plan lights its lights at noon, when 长宁's plan keeps them off: the two cannot be confused. */
const NOON: LightingRule[] = [{ scope: { kind: 'all' }, on: { kind: 'fixed', time: '12:00' }, off: { time: '13:00' } }];
const photo = (n: number) => ({ contentHash: photoHash(n), mediaType: 'image/jpeg', byteSize: 1000, purpose: 'report' as const });
const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

describe.each(dialects)('the bureau’s records per district on %s', (dialect) => {
  let t: LiveTestApp;
  const users: Record<string, { user: SessionUser; cookie: string }> = {};
  const totpSecret = newTotpSecret();
  let xhEquipmentId: number;
  let xhTaskId: number;
  let xhAnomalyId: number;
  const caller = (who: string) =>
    createCaller({ services: t.app.services, user: users[who].user, sessionToken: undefined, ip: null, setCookie: () => undefined });

  async function account(name: string, role: Role, districtCode: string | null) {
    const admin = ADMIN_ROLES.includes(role);
    await t.app.services.auth.createUser({
      username: name,
      displayName: name,
      role,
      password: 'test-password-123',
      districtCode,
      totpSecret: admin ? totpSecret : null,
    });
    const { token, user } = await t.app.services.auth.signIn(name, 'test-password-123', null, admin ? totpCode(totpSecret) : undefined);
    users[name] = { user, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` };
  }

  beforeAll(async () => {
    t = await startLiveApp(dialect, []);
    const db = t.database.db;
    const now = new Date();
    // The install as it starts: one district, whose center and lighting plans the seeds write.
    await seedCenter(db, now);
    await seedLightingPlans(db, now);
    await insertOtherDistrict(db);

    const light = (code: string, status: string) => ({
      kind: 'light' as const,
      code,
      name: `徐汇测试灯 ${code}`,
      sub_district_code: OTHER.sub,
      status,
      attrs: '{}',
      synthetic: true,
      geom: stPoint([121.47, 31.2]),
    });
    await db
      .insertInto('facilities')
      .values([light('XH-L1', 'fault'), light('XH-L2', 'off')])
      .execute();
    ({ id: xhEquipmentId } = await db
      .insertInto('cockpit_equipment')
      .values({
        code: 'XH-YS-001',
        qr_payload: 'onemap://cockpit/equipment/XH-YS-001',
        name: '徐汇1#压缩机',
        type: 'compactor',
        area: '压缩车间',
        status: 'fault',
        inspection_cycle_days: 7,
        tags: JSON.stringify(['生产设备']),
        installed_on: '2024-01-01',
        last_inspected_at: null,
        synthetic: true,
        district_code: OTHER.code,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
    ({ id: xhTaskId } = await db
      .insertInto('cockpit_inspection_tasks')
      .values({ equipment_id: xhEquipmentId, due_on: shanghaiDay(now), emergency: false, status: 'pending' })
      .returning('id')
      .executeTakeFirstOrThrow());
    ({ id: xhAnomalyId } = await db
      .insertInto('cockpit_energy_anomalies')
      .values({
        equipment_id: xhEquipmentId,
        metric: 'electricity_kwh',
        raised_at: now,
        observed_per_hour: 100,
        baseline_per_hour: 50,
        status: 'raised',
        history: '[]',
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow());

    for (const [name, role, district] of [
      ['cn-duty', 'duty_officer', CN],
      ['cn-leader', 'leader', CN],
      ['xh-duty', 'duty_officer', OTHER.code],
      ['xh-leader', 'leader', OTHER.code],
      // Bound to no district: city-wide (the city-level role, or an account of before districts).
      ['city', 'city_commander', null],
      ['city-duty', 'duty_officer', null],
      ['cn-sys', 'system_admin', CN],
      ['cn-sec', 'security_admin', CN],
      ['cn-audit', 'audit_admin', CN],
      ['xh-sys', 'system_admin', OTHER.code],
      ['city-sys', 'system_admin', null],
      ['city-sec', 'security_admin', null],
      ['city-audit', 'audit_admin', null],
    ] as const) {
      await account(name, role, district);
    }
  }, 240_000);
  afterAll(() => t?.close());

  it('gives each district its own lighting plans, decided by its own people, each switching its own lights only', async () => {
    // The seeded plans are 长宁's.
    const names = async (who: string) => (await caller(who).lighting.plans()).map((p) => p.name);
    expect(await names('cn-duty')).toContain(SEEDED_NORMAL);
    expect(await names('xh-duty')).toEqual([]);

    const { id } = await caller('xh-duty').lighting.propose({ name: XH_PLAN, kind: 'normal', rules: NOON });
    expect(await names('xh-duty')).toEqual([XH_PLAN]);
    expect(await names('cn-duty')).not.toContain(XH_PLAN);
    expect(await names('city')).toEqual(expect.arrayContaining([XH_PLAN, SEEDED_NORMAL]));
    // Another district's plan is not found, to decide as to read; its own leader decides it.
    await expect(caller('cn-leader').lighting.decide({ id, approve: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const springFestival = (await caller('cn-leader').lighting.plans()).find((p) => p.status === 'proposed')!;
    await expect(caller('xh-leader').lighting.decide({ id: springFestival.id, approve: false })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await caller('xh-leader').lighting.decide({ id, approve: true })).toEqual({ id, status: 'approved' });

    // Each light is judged by its own district's plans, on each district's screen and the city's.
    const xh = await caller('xh-duty').lighting.status();
    expect(xh.total).toBe(2);
    expect(xh.activePlans.map((p) => p.name)).toEqual([XH_PLAN]);
    expect(xh.faulty.map((l) => [l.code, l.planName])).toEqual([['XH-L1', XH_PLAN]]);
    const cn = await caller('cn-duty').lighting.status();
    expect(cn.activePlans.map((p) => p.name)).not.toContain(XH_PLAN);
    // (Which of 长宁's own plans decides depends on the day: a holiday's in its week, the normal plan otherwise.)
    expect(cn.faulty.length).toBeGreaterThan(0);
    expect(cn.faulty.every((l) => l.planName !== null && l.planName !== XH_PLAN)).toBe(true);
    const city = await caller('city').lighting.status();
    expect(city.total).toBe(cn.total + 2);
    const planOf = new Map(city.faulty.map((l) => [l.code, l.planName]));
    expect(planOf.get('XH-L1')).toBe(XH_PLAN);
    expect(planOf.get('L-3')).toBe(cn.faulty.find((l) => l.code === 'L-3')?.planName);

    // The lights follow their own district's plan: at 12:30 the other district's lights go on, 长宁's stay off.
    const lights = await loadFacilitiesOfKinds(t.database.db, ['light']);
    const switches = planSwitches(lights, await listLightingPlans(t.database.db), new Date('2026-12-15T12:30:00+08:00'));
    const byCode = new Map(switches.map((s) => [s.light.name, s.status]));
    expect(byCode.get('徐汇测试灯 XH-L2')).toBe('on');
    const cnSwitches = switches.filter((s) => s.light.sub_district_code !== OTHER.sub);
    expect(cnSwitches.length).toBeGreaterThan(0);
    expect(cnSwitches.every((s) => s.status === 'off')).toBe(true);
  });

  it('shows each district its own disposal center; another district’s anomaly, task and equipment are not found', async () => {
    const seeded = await t.database.db.selectFrom('cockpit_equipment').select('district_code').where('code', 'like', 'FQ-%').execute();
    expect(new Set(seeded.map((e) => e.district_code))).toEqual(new Set([CN]));

    const cn = await caller('cn-duty').cockpit.boards();
    const xh = await caller('xh-duty').cockpit.boards();
    const city = await caller('city-duty').cockpit.boards();
    expect(cn.equipment.total).toBe(seeded.length);
    expect(xh.equipment.total).toBe(1);
    expect(city.equipment.total).toBe(seeded.length + 1);
    expect(xh.equipment.attention.map((e) => e.code)).toEqual(['XH-YS-001']);
    expect(cn.equipment.attention.map((e) => e.code)).not.toContain('XH-YS-001');
    expect(xh.energy.anomalies.map((a) => a.id)).toEqual([xhAnomalyId]);
    expect(cn.energy.anomalies.map((a) => a.id)).not.toContain(xhAnomalyId);
    expect(xh.energy.meters).toEqual([]);

    const archive = async (who: string) => (await caller(who).cockpit.equipment()).map((e) => e.code);
    expect(await archive('xh-duty')).toEqual(['XH-YS-001']);
    expect(await archive('cn-duty')).not.toContain('XH-YS-001');
    expect(await archive('city-duty')).toContain('XH-YS-001');

    await expect(
      caller('cn-duty').cockpit.rectify({ id: xhAnomalyId, action: 'assign', expectedVersion: 1, assignee: '张三' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const assigned = await caller('xh-duty').cockpit.rectify({ id: xhAnomalyId, action: 'assign', expectedVersion: 1, assignee: '李四' });
    expect(assigned.status).toBe('assigned');

    const tasks = async (who: string) => (await caller(who).cockpit.inspections.today()).map((task) => task.id);
    expect(await tasks('xh-duty')).toEqual([xhTaskId]);
    expect(await tasks('cn-duty')).not.toContain(xhTaskId);
    expect(await tasks('city-duty')).toContain(xhTaskId);
    const checkIn = { taskId: xhTaskId, qrPayload: 'onemap://cockpit/equipment/XH-YS-001', photoHash: photoHash(3) };
    await expect(caller('cn-duty').cockpit.inspections.checkIn(checkIn)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller('cn-duty').cockpit.inspections.addEmergency({ equipmentId: xhEquipmentId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await caller('xh-duty').cockpit.inspections.checkIn(checkIn);
    const done = await t.database.db.selectFrom('cockpit_inspection_tasks').select('status').where('id', '=', xhTaskId).executeTakeFirst();
    expect(done?.status).toBe('done');
  });

  it('keeps each district’s hidden dangers to itself, in the ledger too; the city-wide see every one', async () => {
    const report = (who: string, title: string) =>
      caller(who).cockpit.hazards.report({
        title,
        description: '护栏松动',
        place: '卸料大厅',
        grade: 'general',
        deadline: new Date(Date.now() + 86_400_000),
        photos: [photo(1)],
      });
    const xhHazard = await report('xh-duty', '徐汇隐患');
    const cnHazard = await report('cn-duty', '长宁隐患');
    const codes = async (who: string) => (await caller(who).cockpit.hazards.list()).map((h) => h.code);
    expect(await codes('xh-duty')).toEqual([xhHazard.code]);
    expect(await codes('cn-duty')).toEqual([cnHazard.code]);
    expect((await codes('city-duty')).sort()).toEqual([cnHazard.code, xhHazard.code].sort());
    expect((await caller('xh-duty').cockpit.boards()).safety.open).toBe(1);
    await expect(
      caller('cn-duty').cockpit.hazards.act({ id: xhHazard.id, action: 'dispatch', expectedVersion: xhHazard.version }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const stored = await t.database.db
      .selectFrom('cockpit_hazards')
      .select(['status', 'order_id'])
      .where('id', '=', xhHazard.id)
      .executeTakeFirst();
    expect(stored).toEqual({ status: 'reported', order_id: null });

    const ledger = async (who: string) => {
      const response = await fetch(`${t.baseUrl}/api/cockpit/hazards/ledger.csv`, { headers: { cookie: users[who].cookie } });
      expect(response.status).toBe(200);
      return response.text();
    };
    const cnLedger = await ledger('cn-duty');
    expect(cnLedger).toContain(cnHazard.code);
    expect(cnLedger).not.toContain(xhHazard.code);
    expect(await ledger('city-duty')).toContain(xhHazard.code);
  });

  it('lets a district’s administrators see and act on their own district’s accounts only; a city-level one chooses', async () => {
    const listed = async (who: string) => new Map((await caller(who).admin.users()).map((u) => [u.username, u.district_name]));
    const cnList = await listed('cn-sys');
    expect(cnList.get('cn-duty')).toBe(FIXTURE.district.name);
    expect(cnList.has('xh-duty')).toBe(false);
    expect(cnList.has('city')).toBe(false);
    const cityList = await listed('city-sys');
    expect(cityList.get('xh-duty')).toBe(OTHER.name);
    expect(cityList.get('city')).toBeNull();
    expect((await caller('cn-sec').admin.usersForRoles()).map((u) => u.username)).not.toContain('xh-duty');

    expect((await caller('cn-sys').admin.districts()).map((d) => d.name)).toEqual([FIXTURE.district.name]);
    expect((await caller('city-sys').admin.districts()).map((d) => d.code).sort()).toEqual([CN, OTHER.code].sort());

    // A district administrator creates in their own district; naming another is naming none that exists.
    await expect(
      caller('cn-sys').admin.createUser({ username: 'cn-new-x', displayName: '新', staffNo: 'S-1', districtCode: OTHER.code }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { id: cnNew } = await caller('cn-sys').admin.createUser({ username: 'cn-new', displayName: '新人', staffNo: 'S-2' });
    const { id: xhNew } = await caller('city-sys').admin.createUser({
      username: 'xh-new',
      displayName: '徐汇新人',
      staffNo: 'S-3',
      districtCode: OTHER.code,
    });
    await caller('city-sys').admin.createUser({ username: 'city-new', displayName: '市级新人', staffNo: 'S-4', districtCode: null });
    await expect(
      caller('city-sys').admin.createUser({ username: 'nowhere', displayName: '无', staffNo: 'S-5', districtCode: '310199' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const districts = await t.database.db
      .selectFrom('users')
      .select(['username', 'district_code'])
      .where('username', 'in', ['cn-new', 'xh-new', 'city-new'])
      .orderBy('username')
      .execute();
    expect(districts).toEqual([
      { username: 'city-new', district_code: null },
      { username: 'cn-new', district_code: CN },
      { username: 'xh-new', district_code: OTHER.code },
    ]);

    // Another district's account is not found: activation halves, roles, disabling.
    await expect(caller('cn-sys').admin.issueActivationHalf({ userId: xhNew })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller('cn-sec').admin.assignRole({ userId: xhNew, role: 'duty_officer' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const xhDutyId = users['xh-duty'].user.id;
    await expect(caller('cn-sec').admin.setActive({ userId: xhDutyId, active: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await caller('cn-sys').admin.issueActivationHalf({ userId: cnNew })).half).toHaveLength(8);
    await caller('cn-sec').admin.assignRole({ userId: cnNew, role: 'duty_officer' });
    // Only a city-level administrator makes someone city-wide.
    await expect(caller('cn-sec').admin.assignRole({ userId: cnNew, role: 'city_commander' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await caller('city-sec').admin.assignRole({ userId: xhNew, role: 'duty_officer' });
    await caller('city-sec').admin.setActive({ userId: xhDutyId, active: false });
    await caller('city-sec').admin.setActive({ userId: xhDutyId, active: true });
    const roles = await t.database.db.selectFrom('users').select(['id', 'role']).where('id', 'in', [cnNew, xhNew]).orderBy('id').execute();
    expect(roles).toEqual([
      { id: cnNew, role: 'duty_officer' },
      { id: xhNew, role: 'duty_officer' },
    ]);

    // The audit log: a district's audit administrator reads their district's people's entries.
    const actors = async (who: string) => new Set((await caller(who).admin.auditLog({ limit: 500 })).map((e) => e.actor_username));
    const cnActors = await actors('cn-audit');
    expect(cnActors.has('cn-duty')).toBe(true);
    expect(cnActors.has('cn-sec')).toBe(true);
    expect(cnActors.has('xh-duty')).toBe(false);
    expect(cnActors.has('city-sys')).toBe(false);
    const cityActors = await actors('city-audit');
    expect(cityActors.has('xh-duty')).toBe(true);
    expect(cityActors.has('cn-duty')).toBe(true);
  });
});
