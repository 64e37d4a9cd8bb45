/** SQL of the 清费云 parties beyond the payer register: collection companies, verification, gazetteer lookups. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { CompanyStatus, FeeCompanyRow } from '@/db/schema-fees';
import { containsPattern } from '@/db/like';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { payerInScope } from './fee-scope';

export function insertCompany(
  db: Kysely<Database>,
  c: {
    name: string;
    creditCode: string;
    contactName: string;
    contactPhone: string;
    depotFacilityId: number | null;
    userId: number | null;
    status: CompanyStatus;
    synthetic: boolean;
  },
): Promise<FeeCompanyRow> {
  return db
    .insertInto('fee_companies')
    .values({
      name: c.name,
      credit_code: c.creditCode,
      contact_name: c.contactName,
      contact_phone: c.contactPhone,
      depot_facility_id: c.depotFacilityId,
      user_id: c.userId,
      status: c.status,
      synthetic: c.synthetic,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Who holds a credit code already, payer or company (one code, one party). */
export async function holderOfCreditCode(db: Kysely<Database>, creditCode: string): Promise<{ name: string } | undefined> {
  return (
    (await db.selectFrom('fee_payers').select('name').where('credit_code', '=', creditCode).executeTakeFirst()) ??
    (await db.selectFrom('fee_companies').select('name').where('credit_code', '=', creditCode).executeTakeFirst())
  );
}

/** The collection companies of a scope (a company is its depot's district's). */
export function listCompanies(db: Kysely<Database>, scope: DistrictScope) {
  return db
    .selectFrom('fee_companies as c')
    .leftJoin('facilities as depot', 'depot.id', 'c.depot_facility_id')
    .where(payerInScope(scope, 'depot.sub_district_code'))
    .select([
      'c.id',
      'c.name',
      'c.credit_code',
      'c.contact_name',
      'c.contact_phone',
      'c.status',
      'c.synthetic',
      'c.version',
      (eb) =>
        eb
          .selectFrom('fee_company_vehicles as v')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('v.company_id', '=', 'c.id')
          .as('vehicles'),
    ])
    .orderBy('c.id')
    .execute();
}

/** Payers and companies of a scope that registered themselves and wait for a clerk, oldest first. */
export async function pendingParties(db: Kysely<Database>, scope: DistrictScope) {
  const payers = await db
    .selectFrom('fee_payers')
    .select(['id', 'name', 'credit_code', 'address', 'contact_name', 'contact_phone', 'version', 'created_at'])
    .where('status', '=', 'pending')
    .where(payerInScope(scope, 'sub_district_code'))
    .orderBy('id')
    .limit(200)
    .execute();
  const companies = await db
    .selectFrom('fee_companies as c')
    .leftJoin('facilities as depot', 'depot.id', 'c.depot_facility_id')
    .select(['c.id', 'c.name', 'c.credit_code', 'c.contact_name', 'c.contact_phone', 'c.version', 'c.created_at'])
    .where('c.status', '=', 'pending')
    .where(payerInScope(scope, 'depot.sub_district_code'))
    .orderBy('c.id')
    .limit(200)
    .execute();
  return [
    ...payers.map((p) => ({ ...p, party: 'payer' as const })),
    ...companies.map((c) => ({ ...c, address: null, party: 'company' as const })),
  ];
}

export function verifyIfVersion(db: Kysely<Database>, party: 'payer' | 'company', id: number, expectedVersion: number) {
  return db
    .updateTable(party === 'payer' ? 'fee_payers' : 'fee_companies')
    .set((eb) => ({ status: 'verified', version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'pending')
    .returning(['id', 'name', 'status', 'version'])
    .executeTakeFirst();
}

/** Gazetteer addresses matching a few characters, for the address picker (the point comes with the address). */
export function addressesMatching(db: Kysely<Database>, text: string, limit: number) {
  return db
    .selectFrom('addresses as a')
    .leftJoin('sub_districts as s', 's.code', 'a.sub_district_code')
    .select([
      'a.id',
      'a.address',
      'a.name',
      's.name as sub_district_name',
      sql<number>`ST_X(a.geom)`.as('lng'),
      sql<number>`ST_Y(a.geom)`.as('lat'),
    ])
    .where((eb) => eb.or([eb('a.address', 'ilike', containsPattern(text)), eb('a.name', 'ilike', containsPattern(text))]))
    .orderBy('a.address')
    .limit(limit)
    .execute();
}

export function addressById(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('addresses')
    .select(['id', 'address', 'sub_district_code', sql<number>`ST_X(geom)`.as('lng'), sql<number>`ST_Y(geom)`.as('lat')])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertCollectionPoint(db: Kysely<Database>, p: { payerId: number; name: string; lngLat: [number, number] }) {
  return db
    .insertInto('fee_collection_points')
    .values({
      payer_id: p.payerId,
      name: p.name,
      geom: sql<string>`ST_SetSRID(ST_MakePoint(${p.lngLat[0]}, ${p.lngLat[1]}), 4326)`,
    })
    .execute();
}
