/**
 * 清费云 self-registration on both dialects: a payer proves its phone with a one-time code from the simulated
 * gateway (wrong codes counted, a spent code never works twice), registers with a gazetteer address — account,
 * register entry and collection point written together, nothing at all when the credit code is taken — waits
 * for a clerk's verification before it can submit, and its collection point shows on the map.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '@/server/auth/auth.service';
import { PhoneCodes } from '@/server/auth/phone-codes';
import { SimulatedSmsGateway } from '@/server/auth/sms-gateway';
import { ManualClock } from '@/server/clock';
import { createFeesHub, type FeesHub } from '@/server/compose/fees';
import type { Actor } from '@/server/orders/order-change';
import { refusal } from './refusal';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertUser } from './orders-fixture';

describe.each(dialects)('清费云 registration on %s', (dialect) => {
  let database: TestDatabase;
  let hub: FeesHub;
  let codes: PhoneCodes;
  let clock: ManualClock;
  let clerk: Actor;
  const phone = '13912345678';

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    // A sliver of the gazetteer: one sub-district and two addressed points on 长宁路.
    await sql`INSERT INTO sub_districts (code, name, name_en, geom, label_point) VALUES ('310105002', '江苏路街道', 'Jiangsu Road',
      ST_Multi(ST_MakeEnvelope(121.41, 31.21, 121.44, 31.23, 4326)), ST_SetSRID(ST_MakePoint(121.425, 31.22), 4326))`.execute(database.db);
    await sql`INSERT INTO addresses (name, address, road, house_number, sub_district_code, geom) VALUES
      ('长宁路 1000 号', '长宁路1000号', '长宁路', 1000, '310105002', ST_SetSRID(ST_MakePoint(121.4201, 31.2201), 4326)),
      ('愚园路 1 号', '愚园路1号', '愚园路', 1, '310105002', ST_SetSRID(ST_MakePoint(121.4301, 31.2202), 4326))`.execute(database.db);
    clock = new ManualClock(new Date('2026-03-10T02:00:00Z'));
    hub = createFeesHub({ db: database.db, clock });
    const auth = new AuthService(database.db, { sessionTtlHours: 1, maxAttempts: 5, windowSeconds: 300, now: () => clock.now().getTime() });
    codes = new PhoneCodes({ db: database.db, auth, sms: new SimulatedSmsGateway({ db: database.db, clock }), clock, demoMode: true });
    const u = await insertUser(database.db, 'clerk', '收费员', 'fee_clerk');
    clerk = { userId: u.id, name: 'clerk', role: 'fee_clerk', unitId: null };
  });
  afterAll(async () => {
    await database.drop();
  });

  it('signs a number in only with its latest code, once, and says when the number has no account', async () => {
    expect((await refusal(codes.send('12345', null))).messageKey).toBe('auth.phone.invalid');
    const sent = await codes.send(phone, null);
    expect(sent.simulated).toBe(true);
    expect(sent.demoCode).toMatch(/^\d{6}$/);
    const sms = await database.db.selectFrom('sms_messages').selectAll().where('phone', '=', phone).execute();
    expect(sms[0].body).toContain(sent.demoCode!);
    expect((await refusal(codes.send(phone, null))).messageKey).toBe('auth.phone.tooSoon');
    const wrong = sent.demoCode === '000000' ? '000001' : '000000';
    expect((await refusal(codes.signIn(phone, wrong, null))).messageKey).toBe('auth.phone.wrongCode');
    expect(await codes.signIn(phone, sent.demoCode!, null)).toEqual({ registered: false });
    // Unspent by the check, so the registration that follows can use it.
    await codes.verify(phone, sent.demoCode!, null, true);
    expect((await refusal(codes.verify(phone, sent.demoCode!, null, true))).messageKey).toBe('auth.phone.noCode');
  });

  it('registers a payer with its gazetteer address in one go, then needs a clerk before it can submit', async () => {
    const [address] = await hub.parties.addresses('长宁路');
    expect(address.address).toContain('长宁路');
    const registration = {
      party: 'payer' as const,
      name: '新开小面馆',
      creditCode: '92310105MA1K8AA01J',
      kind: 'shop' as const,
      addressId: address.id,
      contactName: '何老板',
    };
    // A taken credit code: refused before anything is written.
    await hub.fees.registerPayer(
      {
        name: '已登记单位',
        creditCode: '91310000132209409J',
        kind: 'office',
        address: '长宁路1号',
        subDistrictCode: null,
        contactName: '王',
        contactPhone: '13800000000',
        lngLat: null,
      },
      clerk,
    );
    expect((await refusal(hub.parties.selfRegister({ ...registration, creditCode: '91310000132209409J' }, phone))).messageKey).toBe(
      'fees.error.duplicateCreditCode',
    );
    expect(await database.db.selectFrom('users').select('id').where('phone', '=', phone).execute()).toEqual([]);

    const account = await hub.parties.selfRegister(registration, phone);
    expect(account.role).toBe('fee_payer');
    const payerActor: Actor = { userId: account.id, name: phone, role: 'fee_payer', unitId: null };
    const me = await hub.fees.ownPayerOf(payerActor);
    expect([me.status, me.address, me.sub_district_code !== null]).toEqual(['pending', address.address, true]);
    expect((await refusal(hub.parties.selfRegister({ ...registration, creditCode: '91310105MA1FL0BB5D' }, phone))).messageKey).toBe(
      'fees.error.phoneRegistered',
    );

    const declaration = await hub.fees.createDeclaration(
      { payerId: me.id, month: '2026-04', wasteType: 'kitchen', quantity: 20 },
      payerActor,
    );
    expect((await refusal(hub.fees.submitDeclaration(declaration.id, declaration.version, payerActor))).messageKey).toBe(
      'fees.error.payerNotVerified',
    );
    const [pending] = await hub.parties.pending(clerk);
    expect([pending.party, pending.name]).toEqual(['payer', '新开小面馆']);
    await hub.parties.verify('payer', pending.id, pending.version, clerk);
    expect((await refusal(hub.parties.verify('payer', pending.id, pending.version, clerk))).code).toBe('CONFLICT');
    expect((await hub.fees.submitDeclaration(declaration.id, declaration.version, payerActor)).status).toBe('submitted');
    expect(await hub.home.todos(clerk)).toMatchObject({ declarationsToReview: 1, partiesToVerify: 0 });

    const points = await hub.home.mapPoints();
    const mine = points.find((p) => p.payerId === me.id)!;
    expect([mine.contractState, mine.overage, mine.lngLat]).toEqual(['none', null, [address.lng, address.lat]]);
  });
});
