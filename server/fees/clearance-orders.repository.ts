/** All SQL of clearance work orders (清运作业单): issued per contract and month, accepted, reported. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { ClearanceOrderStatus, FeeClearanceOrderRow } from '@/db/schema-fees';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { payerIdInScope, payerInScope } from './fee-scope';

/**
 * One order per contract in force in the month (active or renewal due, the month within its term, with a
 * company) of the scope's payers that has none yet, numbered QY-<yyyymm>-<contract id>; in one statement, so a
 * second click issues none.
 */
export async function issueMonth(
  db: Kysely<Database>,
  q: { month: string; issuedBy: number | null; at: Date; scope: DistrictScope },
): Promise<number> {
  const result = await sql`
    INSERT INTO fee_clearance_orders (code, contract_id, company_id, month, status, issued_by, issued_at, synthetic)
    SELECT 'QY-' || replace(${q.month}, '-', '') || '-' || lpad(c.id::text, 6, '0'), c.id, c.company_id, ${q.month}, 'issued',
           ${q.issuedBy}, ${q.at}, c.synthetic
    FROM fee_contracts c
    WHERE c.status IN ('active', 'renewal_due') AND c.company_id IS NOT NULL
      AND c.start_month <= ${q.month} AND c.end_month >= ${q.month} AND ${payerIdInScope(q.scope, 'c.payer_id')}
    ON CONFLICT (contract_id, month) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export function findOrder(db: Kysely<Database>, id: number): Promise<FeeClearanceOrderRow | undefined> {
  return db.selectFrom('fee_clearance_orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function acceptIfVersion(db: Kysely<Database>, id: number, expectedVersion: number, userId: number | null, at: Date) {
  return db
    .updateTable('fee_clearance_orders')
    .set((eb) => ({ status: 'accepted', accepted_by: userId, accepted_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'issued')
    .returningAll()
    .executeTakeFirst();
}

export interface OrderListQuery {
  month: string | null;
  status: ClearanceOrderStatus | null;
  companyId: number | null;
  afterId: number | null;
  limit: number;
  scope: DistrictScope;
}

/** Work orders newest first, with what the company needs to do the work: the payer, its address and the contract. */
export function listOrders(db: Kysely<Database>, q: OrderListQuery) {
  let query = db
    .selectFrom('fee_clearance_orders as o')
    .innerJoin('fee_contracts as c', 'c.id', 'o.contract_id')
    .innerJoin('fee_payers as p', 'p.id', 'c.payer_id')
    .innerJoin('fee_companies as co', 'co.id', 'o.company_id')
    .select([
      'o.id',
      'o.code',
      'o.month',
      'o.status',
      'o.version',
      'o.issued_at',
      'o.accepted_at',
      'o.reported_at',
      'c.code as contract_code',
      'c.waste_type',
      'c.unit',
      'c.monthly_quantity',
      'p.name as payer_name',
      'p.address as payer_address',
      'co.name as company_name',
    ])
    .where(payerInScope(q.scope))
    .orderBy('o.id', 'desc')
    .limit(q.limit);
  if (q.month) query = query.where('o.month', '=', q.month);
  if (q.status) query = query.where('o.status', '=', q.status);
  if (q.companyId !== null) query = query.where('o.company_id', '=', q.companyId);
  if (q.afterId !== null) query = query.where('o.id', '<', q.afterId);
  return query.execute();
}
