/** All SQL of 清费云 refunds (退费). */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { payerInScope } from './fee-scope';

export function lockRefund(db: Kysely<Database>, where: { id: number } | { code: string }) {
  const query = db.selectFrom('fee_refunds').selectAll().forUpdate();
  return ('id' in where ? query.where('id', '=', where.id) : query.where('code', '=', where.code)).executeTakeFirst();
}

/** The bill's settled online payment (the one a refund returns), locked with the bill. */
export async function lockPaidBill(db: Kysely<Database>, billId: number) {
  const bill = await db.selectFrom('fee_bills').selectAll().where('id', '=', billId).forUpdate().executeTakeFirst();
  if (!bill) return null;
  const payment = await db
    .selectFrom('fee_payments')
    .selectAll()
    .where('bill_id', '=', billId)
    .where('status', '=', 'succeeded')
    .executeTakeFirst();
  return { bill, payment: payment ?? null };
}

export function listRefunds(
  db: Kysely<Database>,
  q: { payerId: number | null; status: string | null; limit: number; scope: DistrictScope },
) {
  let query = db
    .selectFrom('fee_refunds as r')
    .innerJoin('fee_bills as b', 'b.id', 'r.bill_id')
    .innerJoin('fee_payers as p', 'p.id', 'b.payer_id')
    .leftJoin('users as u', 'u.id', 'r.proposed_by')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .select([
      'r.id',
      'r.code',
      'r.amount_fen',
      'r.reason',
      'r.status',
      'r.proposed_at',
      'r.decided_at',
      'r.decision_note',
      'r.completed_at',
      'r.version',
      'b.id as bill_id',
      'b.code as bill_code',
      'p.name as payer_name',
      'u.display_name as proposed_by_name',
      'd.display_name as decided_by_name',
    ])
    .where(payerInScope(q.scope))
    .orderBy('r.id', 'desc')
    .limit(q.limit);
  if (q.payerId !== null) query = query.where('b.payer_id', '=', q.payerId);
  if (q.status) query = query.where('r.status', '=', q.status as 'proposed');
  return query.execute();
}
