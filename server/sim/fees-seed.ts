/**
 * Demonstration data for 清费云 (issue 12), all marked synthetic, written once into empty fee tables on a demo
 * server's first start: two collection companies (the `collector` and `collector2` demo accounts) with the compactors of
 * their depots; payers drawn from the seeded shops plus offices and institutions at gazetteer addresses (one is
 * the `payer` demo account), each with a collection point; a year of approved declarations and their contracts
 * at the tariff in force; every past month's work order reported with its volume, some over the threshold and
 * recorded as overages; a year of bills, most of the past ones paid through the simulated bank; and a queue of
 * this month's declarations for the clerk and the supervisor.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { createRandom, type Random } from '@/geo/random';
import { personName } from '@/db/seed/synthetic-names';
import { insertInBatches } from '@/db/seed/batch-insert';
import { creditCodeCheckCharacter } from '@/domain/fees/credit-code';
import { addMonths, type DeclarationStatus, type WasteType } from '@/domain/fees/fee-values';
import { overageOf } from '@/domain/fees/overage';
import { priceOf, type Tariff } from '@/domain/fees/tariff';
import { shanghaiDay } from '@/domain/shanghai-time';
import { CITY_SCOPE } from '@/domain/tenancy/district-scope';
import { generateMonth } from '@/server/fees/billing.repository';

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SHOPS = 150;
const OFFICES = 25;
const INSTITUTIONS = 10;
const OVERAGE_SHARE = 0.06;

/** A valid synthetic 统一社会信用代码: 91 (enterprise) or 12 (institution), Changning's 310105, then random. */
export function syntheticCreditCode(random: Random, institution = false): string {
  let body = `${institution ? '12' : '91'}310105`;
  while (body.length < 17) body += random.pick([...CODE_ALPHABET]);
  return body + creditCodeCheckCharacter(body);
}

const mobile = (random: Random) =>
  `1${random.pick(['35', '36', '38', '39', '58', '86', '89'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;

interface PlannedPayer {
  name: string;
  kind: 'shop' | 'office' | 'institution';
  address: string;
  subDistrictCode: string | null;
  lng: number;
  lat: number;
  facilityId: number | null;
  addressId: number | null;
}

async function plannedPayers(db: Kysely<Database>, random: Random): Promise<PlannedPayer[]> {
  const shops = await db
    .selectFrom('facilities')
    .select(['id', 'name', 'address', 'sub_district_code', sql<number>`ST_X(geom)`.as('lng'), sql<number>`ST_Y(geom)`.as('lat')])
    .where('kind', '=', 'shop')
    // Spread over the district: the seeded shops are numbered sub-district by sub-district.
    .orderBy(sql`(id * 7919) % 10007`)
    .limit(SHOPS)
    .execute();
  const places = random.shuffle(
    await db
      .selectFrom('addresses')
      .select(['id', 'address', 'sub_district_code', sql<number>`ST_X(geom)`.as('lng'), sql<number>`ST_Y(geom)`.as('lat')])
      .where('house_number', 'is not', null)
      .orderBy('id')
      .limit(2000)
      .execute(),
  );
  const offices = places.slice(0, OFFICES).map((a, i) => ({
    name: `长宁${random.pick(['华信', '联创', '恒达', '智远', '佳和', '明德', '瑞丰'])}${random.pick(['科技', '咨询', '贸易', '设计', '文化'])}有限公司${i + 1}部`,
    kind: 'office' as const,
    a,
  }));
  const institutions = places.slice(OFFICES, OFFICES + INSTITUTIONS).map((a, i) => ({
    name: `长宁区${['第一', '第二', '第三', '第四', '第五'][i % 5]}${['小学', '幼儿园', '社区卫生服务中心'][i % 3]}`,
    kind: 'institution' as const,
    a,
  }));
  return [
    ...shops.map((s) => ({
      name: s.name,
      kind: 'shop' as const,
      address: s.address ?? s.name,
      subDistrictCode: s.sub_district_code,
      lng: Number(s.lng),
      lat: Number(s.lat),
      facilityId: s.id,
      addressId: null,
    })),
    ...[...offices, ...institutions].map(({ name, kind, a }) => ({
      name,
      kind,
      address: a.address,
      subDistrictCode: a.sub_district_code,
      lng: Number(a.lng),
      lat: Number(a.lat),
      facilityId: null,
      addressId: a.id,
    })),
  ];
}

/** Returns false when the fee tables already hold data (the seed runs once). */
export async function seedFees(db: Kysely<Database>, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('fee_companies').select('id').limit(1).executeTakeFirst()) return false;
    if (await trx.selectFrom('fee_payers').select('id').limit(1).executeTakeFirst()) return false;
    const random = createRandom('onemap-fees-demo');
    const tariffRow = await trx
      .selectFrom('fee_tariff_rules')
      .select(['version', 'rules'])
      .where('status', '=', 'approved')
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const tariff = tariffRow.rules as unknown as Tariff;
    const userId = async (username: string) =>
      (await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id ?? null;

    // Companies, each with the depots it works from and their compactors.
    const depots = await trx.selectFrom('facilities').select('id').where('kind', '=', 'depot').orderBy('id').execute();
    const companies: Array<{ id: number; depot_facility_id: number | null }> = [];
    for (const [i, name] of ['长宁环卫清运有限公司', '沪西环境服务有限公司'].entries()) {
      companies.push(
        await trx
          .insertInto('fee_companies')
          .values({
            name,
            credit_code: syntheticCreditCode(random),
            contact_name: personName(random),
            contact_phone: mobile(random),
            depot_facility_id: depots[i]?.id ?? null,
            user_id: await userId(i === 0 ? 'collector' : 'collector2'),
            status: 'verified',
            synthetic: true,
          })
          .returning(['id', 'depot_facility_id'])
          .executeTakeFirstOrThrow(),
      );
    }
    const compactors = await trx.selectFrom('units').select(['id', 'depot_id']).where('kind', '=', 'compactor').orderBy('id').execute();
    await insertInBatches(
      trx,
      'fee_company_vehicles',
      compactors.map((u, i) => ({
        unit_id: u.id,
        company_id: (companies.find((c) => c.depot_facility_id === u.depot_id) ?? companies[i % companies.length]).id,
      })),
    );

    // Payers with their collection points; the first shop is the `payer` demo account's.
    const planned = await plannedPayers(trx, random);
    const payerUser = await userId('payer');
    const payers: Array<{ id: number; name: string; lng: number; lat: number }> = [];
    for (const [i, p] of planned.entries()) {
      const row = await trx
        .insertInto('fee_payers')
        .values({
          name: i === 0 ? '鑫源便利店' : p.name,
          credit_code: syntheticCreditCode(random, p.kind === 'institution'),
          kind: p.kind,
          address: p.address,
          sub_district_code: p.subDistrictCode,
          contact_name: personName(random),
          contact_phone: mobile(random),
          facility_id: p.facilityId,
          address_id: p.addressId,
          user_id: i === 0 ? payerUser : null,
          status: 'verified',
          synthetic: true,
          geom: sql<string>`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)`,
        })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow();
      payers.push({ ...row, lng: p.lng, lat: p.lat });
    }
    await insertInBatches(
      trx,
      'fee_collection_points',
      payers.map((p) => ({ payer_id: p.id, name: p.name, geom: sql<string>`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)` })),
    );

    const thisMonth = shanghaiDay(now).slice(0, 7);
    const counters = new Map<number, number>();
    const nextCode = (month: string) => {
      const year = Number(month.slice(0, 4));
      const n = (counters.get(year) ?? 0) + 1;
      counters.set(year, n);
      return `QF-${year}-${String(n).padStart(6, '0')}`;
    };
    const volumes: Array<{ contractId: number; month: string; contracted: number; price: number; actual: number }> = [];
    const queue: Array<{ payerId: number; wasteType: WasteType; status: DeclarationStatus; quantity: number }> = [];

    for (const payer of payers) {
      const types: WasteType[] =
        payer.name.includes('小学') || payer.name.includes('幼儿园')
          ? ['kitchen', 'residual']
          : [random.pick(['kitchen', 'residual'] as const)];
      if (random.chance(0.1)) types.push('bulky');
      for (const wasteType of types) {
        const price = priceOf(tariff, wasteType)!;
        const quantity = price.unit === 'bin240' ? random.int(8, 60) : random.int(1, 4);
        // Contracts started over the past year, so some come up for renewal now.
        const start = addMonths(thisMonth, -random.int(1, 11));
        const end = addMonths(start, 11);
        // Contracts ending within a month are due for renewal.
        const status = end <= addMonths(thisMonth, 1) ? 'renewal_due' : 'active';
        const at = new Date(`${addMonths(start, -1)}-20T02:00:00Z`);
        const declaration = await trx
          .insertInto('fee_declarations')
          .values({ payer_id: payer.id, month: start, waste_type: wasteType, quantity, status: 'approved', created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const contract = await trx
          .insertInto('fee_contracts')
          .values({
            code: nextCode(start),
            payer_id: payer.id,
            declaration_id: declaration.id,
            waste_type: wasteType,
            unit: price.unit,
            start_month: start,
            end_month: end,
            monthly_quantity: quantity,
            unit_price_fen: price.priceFen,
            monthly_amount_fen: quantity * price.priceFen,
            tariff_version: tariffRow.version,
            status,
            company_id: null,
            synthetic: true,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertInBatches(trx, 'fee_contract_events', [
          {
            contract_id: contract.id,
            at,
            action: 'generate',
            from_status: null,
            to_status: 'draft',
            actor_user_id: null,
            actor_name: '系统（演示数据）',
            note: '演示数据（合成）',
          },
          {
            contract_id: contract.id,
            at,
            action: 'activate',
            from_status: 'draft',
            to_status: 'active',
            actor_user_id: null,
            actor_name: '系统（演示数据）',
            note: null,
          },
          ...(status === 'renewal_due'
            ? [
                {
                  contract_id: contract.id,
                  at: now,
                  action: 'mark_renewal_due',
                  from_status: 'active',
                  to_status: 'renewal_due',
                  actor_user_id: null,
                  actor_name: '系统（演示数据）',
                  note: null,
                },
              ]
            : []),
        ]);
        for (let month = start; month < thisMonth; month = addMonths(month, 1)) {
          const factor = random.chance(OVERAGE_SHARE) ? random.range(1.15, 1.45) : random.range(0.75, 1.06);
          volumes.push({
            contractId: contract.id,
            month,
            contracted: quantity,
            price: price.priceFen,
            actual: Math.max(0, Math.round(quantity * factor)),
          });
        }
      }
      // This month's declarations waiting for the clerk or the supervisor, and a few returned ones.
      if (random.chance(0.12))
        queue.push({
          payerId: payer.id,
          wasteType: 'bulky',
          status: random.pickWeighted(['submitted', 'reviewed', 'returned'] as const, [5, 3, 1]),
          quantity: random.int(1, 3),
        });
    }
    // The company of the depot nearest each payer collects under its contracts (as the approval would choose).
    await sql`UPDATE fee_contracts c SET company_id = (
        SELECT co.id FROM fee_companies co JOIN facilities d ON d.id = co.depot_facility_id
        ORDER BY d.geom <-> p.geom LIMIT 1)
      FROM fee_payers p WHERE p.id = c.payer_id`.execute(trx);
    await sql`UPDATE fee_contracts SET company_id = (SELECT min(id) FROM fee_companies) WHERE company_id IS NULL`.execute(trx);

    const companyOf = new Map(
      (await trx.selectFrom('fee_contracts').select(['id', 'company_id']).execute()).map((c) => [c.id, c.company_id!]),
    );
    const orderIds = new Map<string, number>();
    const orderRows = volumes.map((v) => ({
      code: `QY-${v.month.replace('-', '')}-${String(v.contractId).padStart(6, '0')}`,
      contract_id: v.contractId,
      company_id: companyOf.get(v.contractId)!,
      month: v.month,
      status: 'reported' as const,
      issued_by: null,
      issued_at: new Date(`${v.month}-01T01:00:00Z`),
      accepted_at: new Date(`${v.month}-01T03:00:00Z`),
      reported_at: new Date(`${addMonths(v.month, 1)}-02T03:00:00Z`),
      synthetic: true,
    }));
    for (let i = 0; i < orderRows.length; i += 500) {
      const inserted = await trx
        .insertInto('fee_clearance_orders')
        .values(orderRows.slice(i, i + 500))
        .returning(['id', 'contract_id', 'month'])
        .execute();
      for (const o of inserted) orderIds.set(`${o.contract_id}|${o.month}`, o.id);
    }
    await insertInBatches(
      trx,
      'fee_clearance_volumes',
      volumes.map((v) => ({
        contract_id: v.contractId,
        order_id: orderIds.get(`${v.contractId}|${v.month}`)!,
        month: v.month,
        quantity: v.actual,
        reported_by: null,
        import_batch: 'demo-synthetic',
        created_at: new Date(`${addMonths(v.month, 1)}-02T03:00:00Z`),
      })),
    );
    await insertInBatches(
      trx,
      'fee_overages',
      volumes.flatMap((v) => {
        const o = overageOf(v.contracted, v.actual, tariff.overageThresholdPercent, v.price);
        return o
          ? [
              {
                contract_id: v.contractId,
                month: v.month,
                contracted: v.contracted,
                actual: v.actual,
                excess: o.excess,
                excess_amount_fen: o.excessAmountFen,
                threshold_percent: tariff.overageThresholdPercent,
                tariff_version: tariffRow.version,
                created_at: new Date(`${addMonths(v.month, 1)}-02T03:00:00Z`),
              },
            ]
          : [];
      }),
    );
    // A year of bills; all but about one in thirteen of the past months paid through the (simulated) bank.
    for (let month = addMonths(thisMonth, -11); month <= thisMonth; month = addMonths(month, 1))
      await generateMonth(trx, { month, at: new Date(`${month}-01T01:00:00Z`), actorName: '系统（演示数据）', scope: CITY_SCOPE });
    await sql`
      WITH paid AS (
        UPDATE fee_bills SET status = 'paid', paid_at = due_date - interval '3 days' + interval '10 hours', version = version + 1
        WHERE month < ${thisMonth} AND id % 13 <> 0
        RETURNING id, code, amount_fen, paid_at
      ), payments AS (
        INSERT INTO fee_payments (bill_id, merchant_ref, amount_fen, status, bank_txn, voucher, created_at, completed_at)
        SELECT id, 'PAY-' || substr(code, 4) || '-DEMO', amount_fen, 'succeeded', 'SIMBANK-DEMO-' || id,
               jsonb_build_object('billCode', code, 'bankTxn', 'SIMBANK-DEMO-' || id, 'amountFen', amount_fen,
                                  'paidAt', paid_at, 'simulated', true),
               paid_at, paid_at
        FROM paid
        RETURNING id, bill_id, amount_fen, completed_at
      )
      INSERT INTO fee_money_ledger (at, bill_id, payment_id, entry, amount_fen, actor_name, note)
      SELECT completed_at, bill_id, id, 'received', amount_fen, '银行通知（演示数据）', NULL FROM payments`.execute(trx);

    const queuedAt = new Date(`${thisMonth}-01T02:00:00Z`);
    await insertInBatches(
      trx,
      'fee_declarations',
      queue.map((q) => ({
        payer_id: q.payerId,
        month: addMonths(thisMonth, 1),
        waste_type: q.wasteType,
        quantity: q.quantity,
        status: q.status,
        return_reason: q.status === 'returned' ? '申报量与上年同期差异较大，请核实后重新提交。' : null,
        created_at: queuedAt,
        updated_at: queuedAt,
      })),
    );
    return true;
  });
}
