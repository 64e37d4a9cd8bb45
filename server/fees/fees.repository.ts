/** All SQL of 清费云 part 1: payers, declarations, contracts and the contract ledger. */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { FeeContractRow, FeeDeclarationRow, FeePayerRow } from '@/db/schema-fees';
import type { ContractStatus, DeclarationStatus, PayerKind, PayerStatus, TariffUnit, WasteType } from '@/domain/fees/fee-values';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtOfSubDistrict, subDistrictInScope } from '@/server/tenancy/district-sql';
import { payerInScope } from './fee-scope';

export interface NewPayer {
  name: string;
  creditCode: string;
  kind: PayerKind;
  address: string;
  subDistrictCode: string | null;
  contactName: string;
  contactPhone: string;
  facilityId: number | null;
  userId: number | null;
  status: PayerStatus;
  synthetic: boolean;
  lngLat: [number, number] | null;
  addressId?: number | null;
}

export async function insertPayer(db: Kysely<Database>, p: NewPayer): Promise<FeePayerRow> {
  return db
    .insertInto('fee_payers')
    .values({
      name: p.name,
      credit_code: p.creditCode,
      kind: p.kind,
      address: p.address,
      sub_district_code: p.subDistrictCode,
      contact_name: p.contactName,
      contact_phone: p.contactPhone,
      facility_id: p.facilityId,
      user_id: p.userId,
      status: p.status,
      synthetic: p.synthetic,
      address_id: p.addressId ?? null,
      geom: p.lngLat ? sql<string>`ST_SetSRID(ST_MakePoint(${p.lngLat[0]}, ${p.lngLat[1]}), 4326)` : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The sub-district of this code, if it is one within the scope. */
export async function subDistrictWithin(db: Kysely<Database>, code: string, scope: DistrictScope): Promise<string | null> {
  const row = await db
    .selectFrom('sub_districts')
    .select('code')
    .where('code', '=', code)
    .where(subDistrictInScope('code', scope))
    .executeTakeFirst();
  return row?.code ?? null;
}

/** The sub-district within the scope that a point lies in, if any. */
export async function subDistrictAt(db: Kysely<Database>, [lng, lat]: [number, number], scope: DistrictScope): Promise<string | null> {
  const row = await db
    .selectFrom('sub_districts')
    .select('code')
    .where(sql<boolean>`ST_Intersects(geom, ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326))`)
    .where(subDistrictInScope('code', scope))
    .orderBy('code')
    .executeTakeFirst();
  return row?.code ?? null;
}

export function findPayerByCreditCode(db: Kysely<Database>, creditCode: string) {
  return db.selectFrom('fee_payers').select(['id', 'name']).where('credit_code', '=', creditCode).executeTakeFirst();
}

export function findPayer(db: Kysely<Database>, id: number): Promise<FeePayerRow | undefined> {
  return db.selectFrom('fee_payers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The payer register for a free-text filter, newest first (no limit: listPayers pages it by keyset). */
export async function payerRegister(db: Kysely<Database>, f: { text: string | null; scope: DistrictScope }) {
  const query = db.selectFrom('fee_payers').selectAll().where(payerInScope(f.scope, 'sub_district_code')).orderBy('id', 'desc');
  if (!f.text) return query;
  const match = await payerTextMatch(db, f.text);
  return query.where((eb) => wherePayerText(eb, 'id', 'name', match));
}

export async function listPayers(
  db: Kysely<Database>,
  q: { text: string | null; scope: DistrictScope; afterId: number | null; limit: number },
) {
  let query = (await payerRegister(db, q)).limit(q.limit);
  if (q.afterId !== null) query = query.where('id', '<', q.afterId);
  return query.execute();
}

/**
 * A free-text filter on the payer, resolved before the ledger query: part of a name (the n-gram index of migration
 * 0020 finds the candidates) or a whole credit code. Up to MANY_PAYERS matches: their ids, so the planner sees how
 * many ledger rows they hold and reads either just those or the ledger in its order. More: the name test itself,
 * checked row by row while the ledger is read in its order — with that many matches a page is found within a few
 * hundred rows. The planner cannot choose from the name test alone: it misjudges how many names hold a word.
 */
type PayerTextMatch = { ids: number[] } | { text: string; codeId: number | null };

const MANY_PAYERS = 2000;

/** Case-insensitive "contains", literally (no LIKE wildcards); the planner assumes it keeps many rows. */
const nameContains = (name: string, text: string) => sql<SqlBool>`strpos(lower(${sql.ref(name)}), lower(${text})) > 0`;

async function payerTextMatch(db: Kysely<Database>, text: string): Promise<PayerTextMatch> {
  const [named, coded] = await Promise.all([
    db
      .selectFrom('fee_payers')
      .select('id')
      .where(sql<SqlBool>`fee_name_grams(name) @> fee_query_grams(${text})`)
      .where(nameContains('name', text))
      .limit(MANY_PAYERS + 1)
      .execute(),
    findPayerByCreditCode(db, text.toUpperCase()),
  ]);
  if (named.length > MANY_PAYERS) return { text, codeId: coded?.id ?? null };
  return { ids: [...named.map((r) => r.id), ...(coded ? [coded.id] : [])] };
}

/** The condition a PayerTextMatch puts on a query, given the payer's id and name columns there. */
function wherePayerText<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  payerId: string,
  name: string,
  match: PayerTextMatch,
): Expression<SqlBool> {
  if ('ids' in match) return sql<SqlBool>`${sql.ref(payerId)} = ANY(${match.ids}::int[])`;
  return eb.or([nameContains(name, match.text), ...(match.codeId !== null ? [sql<SqlBool>`${sql.ref(payerId)} = ${match.codeId}`] : [])]);
}

export async function insertDeclaration(
  db: Kysely<Database>,
  d: { payerId: number; month: string; wasteType: WasteType; quantity: number; at: Date },
): Promise<FeeDeclarationRow> {
  return db
    .insertInto('fee_declarations')
    .values({
      payer_id: d.payerId,
      month: d.month,
      waste_type: d.wasteType,
      quantity: d.quantity,
      status: 'draft',
      created_at: d.at,
      updated_at: d.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findDeclaration(db: Kysely<Database>, id: number): Promise<FeeDeclarationRow | undefined> {
  return db.selectFrom('fee_declarations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDeclarationForSlot(db: Kysely<Database>, payerId: number, month: string, wasteType: WasteType) {
  return db
    .selectFrom('fee_declarations')
    .select(['id'])
    .where('payer_id', '=', payerId)
    .where('month', '=', month)
    .where('waste_type', '=', wasteType)
    .executeTakeFirst();
}

/** Writes only if nobody changed the row since `expectedVersion` was read; undefined when someone did. */
export function updateDeclarationIfVersion(
  db: Kysely<Database>,
  id: number,
  expectedVersion: number,
  patch: {
    quantity?: number;
    status?: DeclarationStatus;
    returnReason?: string | null;
    reviewedBy?: number | null;
    approvedBy?: number | null;
    at: Date;
  },
): Promise<FeeDeclarationRow | undefined> {
  return db
    .updateTable('fee_declarations')
    .set((eb) => ({
      ...(patch.quantity !== undefined ? { quantity: patch.quantity } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.returnReason !== undefined ? { return_reason: patch.returnReason } : {}),
      ...(patch.reviewedBy !== undefined ? { reviewed_by: patch.reviewedBy } : {}),
      ...(patch.approvedBy !== undefined ? { approved_by: patch.approvedBy } : {}),
      updated_at: patch.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export interface DeclarationLedgerQuery {
  status: DeclarationStatus | null;
  payerId: number | null;
  month: string | null;
  wasteType: WasteType | null;
  /** Free text: part of the payer's name, or a whole credit code. */
  text: string | null;
  /** Keyset: the (updated_at, id) of the last row of the previous page. */
  after: { updatedAt: Date; id: number } | null;
  limit: number;
  /** The district whose payers' declarations are read (city-wide: all). */
  scope: DistrictScope;
}

export type DeclarationLedgerFilter = Omit<DeclarationLedgerQuery, 'after' | 'limit'>;

/** The declarations ledger for a filter, newest change first (no limit: listDeclarations pages it by keyset). */
export async function declarationLedger(db: Kysely<Database>, f: DeclarationLedgerFilter) {
  let query = db
    .selectFrom('fee_declarations as d')
    .innerJoin('fee_payers as p', 'p.id', 'd.payer_id')
    .select([
      'd.id',
      'd.payer_id',
      'p.name as payer_name',
      'p.credit_code',
      'd.month',
      'd.waste_type',
      'd.quantity',
      'd.status',
      'd.return_reason',
      'd.version',
      'd.updated_at',
    ])
    .where(payerInScope(f.scope))
    .orderBy('d.updated_at', 'desc')
    .orderBy('d.id', 'desc');
  if (f.status) query = query.where('d.status', '=', f.status);
  if (f.payerId !== null) query = query.where('d.payer_id', '=', f.payerId);
  if (f.month) query = query.where('d.month', '=', f.month);
  if (f.wasteType) query = query.where('d.waste_type', '=', f.wasteType);
  if (f.text) {
    const match = await payerTextMatch(db, f.text);
    query = query.where((eb) => wherePayerText(eb, 'd.payer_id', 'p.name', match));
  }
  return query;
}

/**
 * The declarations ledger, newest change first, paged by keyset so a deep page costs what the first one does: the
 * row comparison (updated_at, id) < (…) is a range on the ledger's indexes (0012 with a status, 0020 without).
 */
export async function listDeclarations(db: Kysely<Database>, q: DeclarationLedgerQuery) {
  let query = (await declarationLedger(db, q)).limit(q.limit);
  if (q.after) {
    const { updatedAt, id } = q.after;
    query = query.where((eb) => eb(eb.refTuple('d.updated_at', 'd.id'), '<', eb.tuple(updatedAt, id)));
  }
  return query.execute();
}

export interface NewContract {
  code: string;
  payerId: number;
  declarationId: number;
  wasteType: WasteType;
  unit: TariffUnit;
  startMonth: string;
  endMonth: string;
  monthlyQuantity: number;
  unitPriceFen: number;
  monthlyAmountFen: number;
  tariffVersion: number;
  status: ContractStatus;
  renewedFrom: number | null;
  companyId: number | null;
  synthetic: boolean;
  at: Date;
}

export function insertContract(db: Kysely<Database>, c: NewContract): Promise<FeeContractRow> {
  return db
    .insertInto('fee_contracts')
    .values({
      code: c.code,
      payer_id: c.payerId,
      declaration_id: c.declarationId,
      waste_type: c.wasteType,
      unit: c.unit,
      start_month: c.startMonth,
      end_month: c.endMonth,
      monthly_quantity: c.monthlyQuantity,
      unit_price_fen: c.unitPriceFen,
      monthly_amount_fen: c.monthlyAmountFen,
      tariff_version: c.tariffVersion,
      status: c.status,
      renewed_from: c.renewedFrom,
      company_id: c.companyId,
      synthetic: c.synthetic,
      created_at: c.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The collection company that serves a payer: of the verified companies of the payer's district (a company's is
 * its depot's), the one whose depot is nearest the payer's collection point (by PostGIS distance), or the first
 * when either has no place yet.
 */
export async function nearestCompanyTo(db: Kysely<Database>, payerId: number): Promise<number | null> {
  const row = await db
    .selectFrom('fee_companies as c')
    .leftJoin('facilities as d', 'd.id', 'c.depot_facility_id')
    .select('c.id')
    .where('c.status', '=', 'verified')
    .where(
      sql<boolean>`${districtOfSubDistrict(sql.ref('d.sub_district_code'))} IS NOT DISTINCT FROM
        (SELECT ${districtOfSubDistrict(sql.ref('p.sub_district_code'))} FROM fee_payers p WHERE p.id = ${payerId})`,
    )
    .orderBy(
      sql`d.geom <-> (SELECT coalesce(p.geom, (SELECT pt.geom FROM fee_collection_points pt WHERE pt.payer_id = p.id LIMIT 1)) FROM fee_payers p WHERE p.id = ${payerId})`,
      (ob) => ob.asc().nullsLast(),
    )
    .orderBy('c.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The next contract number of a year (QF-2026-000123), counted under a per-year lock so two approvals never share one. */
export async function nextContractSequence(db: Kysely<Database>, year: number): Promise<number> {
  // Serialise numbering per year: an advisory transaction lock (released at commit) keyed by the year.
  await sql`SELECT pg_advisory_xact_lock(120012, ${year})`.execute(db);
  const row = await db
    .selectFrom('fee_contracts')
    .select((eb) => eb.fn.count<string>('id').as('n'))
    .where('code', 'like', `QF-${year}-%`)
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

export function findContract(db: Kysely<Database>, id: number): Promise<FeeContractRow | undefined> {
  return db.selectFrom('fee_contracts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateContractStatusIfVersion(
  db: Kysely<Database>,
  id: number,
  expectedVersion: number,
  status: ContractStatus,
): Promise<FeeContractRow | undefined> {
  return db
    .updateTable('fee_contracts')
    .set((eb) => ({ status, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export function appendContractEvent(
  db: Kysely<Database>,
  e: {
    contractId: number;
    at: Date;
    action: string;
    fromStatus: string | null;
    toStatus: string;
    actorUserId: number | null;
    actorName: string;
    note: string | null;
  },
) {
  return db
    .insertInto('fee_contract_events')
    .values({
      contract_id: e.contractId,
      at: e.at,
      action: e.action,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      actor_user_id: e.actorUserId,
      actor_name: e.actorName,
      note: e.note,
    })
    .execute();
}

export function listContractEvents(db: Kysely<Database>, contractId: number) {
  return db.selectFrom('fee_contract_events').selectAll().where('contract_id', '=', contractId).orderBy('id').execute();
}

export interface ContractLedgerQuery {
  status: ContractStatus | null;
  payerId: number | null;
  text: string | null;
  afterId: number | null;
  limit: number;
  /** The district whose payers' contracts are read (city-wide: all). */
  scope: DistrictScope;
}

export type ContractLedgerFilter = Omit<ContractLedgerQuery, 'afterId' | 'limit'>;

/** The contract ledger for a filter, newest first (no limit: listContracts pages it by keyset on id). */
export async function contractLedger(db: Kysely<Database>, f: ContractLedgerFilter) {
  let query = db
    .selectFrom('fee_contracts as c')
    .innerJoin('fee_payers as p', 'p.id', 'c.payer_id')
    .select([
      'c.id',
      'c.code',
      'c.payer_id',
      'p.name as payer_name',
      'c.waste_type',
      'c.unit',
      'c.start_month',
      'c.end_month',
      'c.monthly_quantity',
      'c.unit_price_fen',
      'c.monthly_amount_fen',
      'c.tariff_version',
      'c.status',
      'c.version',
    ])
    .where(payerInScope(f.scope))
    .orderBy('c.id', 'desc');
  if (f.status) query = query.where('c.status', '=', f.status);
  if (f.payerId !== null) query = query.where('c.payer_id', '=', f.payerId);
  if (f.text) {
    const code = f.text.toUpperCase();
    const match = await payerTextMatch(db, f.text);
    query = query.where((eb) => eb.or([wherePayerText(eb, 'c.payer_id', 'p.name', match), eb('c.code', '=', code)]));
  }
  return query;
}

export async function listContracts(db: Kysely<Database>, q: ContractLedgerQuery) {
  let query = (await contractLedger(db, q)).limit(q.limit);
  if (q.afterId !== null) query = query.where('c.id', '<', q.afterId);
  return query.execute();
}
