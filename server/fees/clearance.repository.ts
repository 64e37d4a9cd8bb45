/** All SQL of clearance volumes and overages (清运作业: contracted against actual). */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { payerIdInScope, payerInScope } from './fee-scope';

/** The contracts of these codes within the scope (another district's reads as one that does not exist). */
export function contractsByCode(db: Kysely<Database>, codes: string[], scope: DistrictScope) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('fee_contracts as c')
    .select(['c.id', 'c.code', 'c.status', 'c.start_month', 'c.end_month', 'c.monthly_quantity', 'c.unit_price_fen', 'c.company_id'])
    .where('c.code', 'in', codes)
    .where(payerIdInScope(scope, 'c.payer_id'))
    .execute();
}

export async function reportedPairs(db: Kysely<Database>, contractIds: number[]): Promise<Set<string>> {
  if (contractIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('fee_clearance_volumes')
    .select(['contract_id', 'month'])
    .where('contract_id', 'in', contractIds)
    .execute();
  return new Set(rows.map((r) => `${r.contract_id}|${r.month}`));
}

/** The work orders of these contracts, by "contractId|month". */
export async function ordersOf(db: Kysely<Database>, contractIds: number[]) {
  if (contractIds.length === 0) return new Map<string, { id: number; code: string; status: string }>();
  const rows = await db
    .selectFrom('fee_clearance_orders')
    .select(['id', 'code', 'status', 'contract_id', 'month'])
    .where('contract_id', 'in', contractIds)
    .execute();
  return new Map(rows.map((r) => [`${r.contract_id}|${r.month}`, r]));
}

export async function markOrdersReported(db: Kysely<Database>, orderIds: number[], at: Date) {
  if (orderIds.length === 0) return;
  await db
    .updateTable('fee_clearance_orders')
    .set((eb) => ({ status: 'reported', reported_at: at, version: eb('version', '+', 1) }))
    .where('id', 'in', orderIds)
    .execute();
}

export async function insertVolumes(
  db: Kysely<Database>,
  rows: Array<{ contractId: number; orderId: number; month: string; quantity: number }>,
  meta: { reportedBy: number | null; batch: string; at: Date },
) {
  await db
    .insertInto('fee_clearance_volumes')
    .values(
      rows.map((r) => ({
        contract_id: r.contractId,
        month: r.month,
        quantity: r.quantity,
        order_id: r.orderId,
        reported_by: meta.reportedBy,
        import_batch: meta.batch,
        created_at: meta.at,
      })),
    )
    .execute();
}

export async function insertOverages(
  db: Kysely<Database>,
  rows: Array<{
    contractId: number;
    month: string;
    contracted: number;
    actual: number;
    excess: number;
    excessAmountFen: number;
    thresholdPercent: number;
    tariffVersion: number;
    at: Date;
  }>,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('fee_overages')
    .values(
      rows.map((r) => ({
        contract_id: r.contractId,
        month: r.month,
        contracted: r.contracted,
        actual: r.actual,
        excess: r.excess,
        excess_amount_fen: r.excessAmountFen,
        threshold_percent: r.thresholdPercent,
        tariff_version: r.tariffVersion,
        created_at: r.at,
      })),
    )
    .execute();
}

/** Contracted against actual for one month, overages first; a payer's query is confined to its own contracts. */
export function clearanceLedger(
  db: Kysely<Database>,
  q: { month: string; payerId: number | null; companyId: number | null; limit: number; scope: DistrictScope },
) {
  let query = db
    .selectFrom('fee_clearance_volumes as v')
    .innerJoin('fee_contracts as c', 'c.id', 'v.contract_id')
    .innerJoin('fee_payers as p', 'p.id', 'c.payer_id')
    .leftJoin('fee_overages as o', (join) => join.onRef('o.contract_id', '=', 'v.contract_id').onRef('o.month', '=', 'v.month'))
    .select([
      'v.contract_id',
      'c.code',
      'p.name as payer_name',
      'v.month',
      'c.waste_type',
      'c.monthly_quantity as contracted',
      'v.quantity as actual',
      'o.excess',
      'o.excess_amount_fen',
      'o.threshold_percent',
    ])
    .where('v.month', '=', q.month)
    .where(payerInScope(q.scope))
    .orderBy('o.excess', (ob) => ob.desc().nullsLast())
    .orderBy('v.contract_id')
    .limit(q.limit);
  if (q.payerId !== null) query = query.where('c.payer_id', '=', q.payerId);
  if (q.companyId !== null) query = query.where('c.company_id', '=', q.companyId);
  return query.execute();
}
