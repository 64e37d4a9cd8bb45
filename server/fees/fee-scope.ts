/**
 * 清费云 by district (issue 22): which district a fee record belongs to, and the checks that keep a district's fee
 * office to its own. Every fee record hangs off a payer — declarations, contracts, clearance orders, bills,
 * payments, invoices, refunds, write-offs — and a payer belongs to the district of its sub-district
 * (server/tenancy/district-sql.ts; none: a one-district install's only district). A collection company belongs to
 * its depot's district, a bank statement to the district that imported it (fee_statement_imports.district_code,
 * migration 0073: a statement has no place of its own). Another district's record is "not found", exactly like one
 * that does not exist; the city level sees every district.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { CITY_SCOPE, type DistrictScope, scopeOf } from '@/domain/tenancy/district-scope';
import type { SessionUser } from '@/server/auth/auth.service';
import type { Actor } from '@/server/orders/order-change';
import { subDistrictInScope } from '@/server/tenancy/district-sql';
import { feeNotFound } from './fee-access';

/** Someone acting in 清费云 and, for a person acting through the app, the district they act in. */
export type FeeActor = Actor & { scope?: DistrictScope };

/** The actor of a signed-in person, with their district (the routers and the file routes use this). */
export function feeActorOf(user: SessionUser): FeeActor {
  return { userId: user.id, name: user.displayName, role: user.role, unitId: user.unitId, scope: scopeOf(user) };
}

/**
 * The district an actor acts in: the one it carries; else the system (the bank, the jobs) acts city-wide, and a
 * person is read from their account — so an actor built without a scope never sees more than its account may.
 */
export async function feeScopeOf(db: Kysely<Database>, actor: FeeActor): Promise<DistrictScope> {
  if (actor.scope) return actor.scope;
  if (actor.userId === null) return CITY_SCOPE;
  const user = await db.selectFrom('users').select(['role', 'district_code']).where('id', '=', actor.userId).executeTakeFirst();
  return user?.role ? scopeOf({ role: user.role, districtCode: user.district_code }) : CITY_SCOPE;
}

/** The condition keeping payers (their sub-district column given) in a scope; always true city-wide. */
export function payerInScope(scope: DistrictScope, subDistrictColumn = 'p.sub_district_code'): RawBuilder<boolean> {
  return subDistrictInScope(subDistrictColumn, scope);
}

/**
 * The same for a row that names its payer (the column given): a semi-join city-wide left out entirely, so the
 * city's queries (and the benchmarks) read exactly what they read before districts.
 */
export function payerIdInScope(scope: DistrictScope, payerIdColumn: string): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(payerIdColumn)} IN (SELECT sp.id FROM fee_payers sp WHERE ${payerInScope(scope, 'sp.sub_district_code')})`;
}

/** The condition keeping bank statements (an import's district column given) in a scope. */
export function statementInScope(scope: DistrictScope, districtColumn = 'im.district_code'): RawBuilder<boolean> {
  return scope.kind === 'city' ? sql<boolean>`true` : sql<boolean>`${sql.ref(districtColumn)} = ${scope.code}`;
}

export type FeeRecord =
  'payer' | 'company' | 'declaration' | 'contract' | 'clearance order' | 'bill' | 'invoice' | 'refund' | 'write-off' | 'statement line';

/**
 * How each record reaches what places it: `x` is the record, `place` the payer (or the company's depot facility),
 * whose sub_district_code decides; a statement line is its import's (`im`). Constant SQL, never user input.
 */
const REACH: Record<FeeRecord, string> = {
  payer: 'fee_payers x JOIN fee_payers place ON place.id = x.id',
  company: 'fee_companies x LEFT JOIN facilities place ON place.id = x.depot_facility_id',
  declaration: 'fee_declarations x JOIN fee_payers place ON place.id = x.payer_id',
  contract: 'fee_contracts x JOIN fee_payers place ON place.id = x.payer_id',
  'clearance order': 'fee_clearance_orders x JOIN fee_contracts c ON c.id = x.contract_id JOIN fee_payers place ON place.id = c.payer_id',
  bill: 'fee_bills x JOIN fee_payers place ON place.id = x.payer_id',
  invoice: 'fee_invoices x JOIN fee_bills b ON b.id = x.bill_id JOIN fee_payers place ON place.id = b.payer_id',
  refund: 'fee_refunds x JOIN fee_bills b ON b.id = x.bill_id JOIN fee_payers place ON place.id = b.payer_id',
  'write-off': 'fee_write_offs x JOIN fee_bills b ON b.id = x.bill_id JOIN fee_payers place ON place.id = b.payer_id',
  'statement line': 'fee_statement_lines x JOIN fee_statement_imports im ON im.id = x.import_id',
};

/** Of these records, the ids within the scope (city-wide: all of them, without a query). */
export async function feeRecordsInScope(
  db: Kysely<Database>,
  what: FeeRecord,
  ids: readonly number[],
  scope: DistrictScope,
): Promise<Set<number>> {
  if (scope.kind === 'city' || ids.length === 0) return new Set(ids);
  const condition = what === 'statement line' ? statementInScope(scope) : payerInScope(scope, 'place.sub_district_code');
  const { rows } = await sql<{ id: number }>`SELECT x.id FROM ${sql.raw(REACH[what])}
    WHERE x.id = ANY(${[...ids]}::int[]) AND ${condition}`.execute(db);
  return new Set(rows.map((r) => Number(r.id)));
}

/** Throws "not found" unless every one of the records is within the scope (another district's reads as none). */
export async function assertFeeInScope(
  db: Kysely<Database>,
  what: FeeRecord,
  ids: number | readonly number[],
  scope: DistrictScope,
): Promise<void> {
  const list = typeof ids === 'number' ? [ids] : ids;
  const found = await feeRecordsInScope(db, what, list, scope);
  const missing = list.find((id) => !found.has(id));
  if (missing !== undefined) throw feeNotFound(what, missing);
}

/** The scope of a bank statement's district (a statement imported city-wide while several districts exist: the city). */
export function statementScope(districtCode: string | null): DistrictScope {
  return districtCode === null ? CITY_SCOPE : { kind: 'district', code: districtCode };
}
