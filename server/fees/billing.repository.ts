/** All SQL of 清费云 bills, payments and the money ledger. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { FeeBillRow, FeePaymentRow } from '@/db/schema-fees';
import { DUE_DAY } from '@/domain/fees/billing';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { payerIdInScope, payerInScope } from './fee-scope';

/**
 * Every bill of a month in two statements, however many payers: one per contract in force that month (its
 * monthly amount) and one per overage recorded for the month (the excess at the contract's price), each with
 * its 'billed' ledger entry. Bills already there are left as they are, so running it twice bills nothing twice.
 * Only the scope's payers are billed: a district's office draws its own district's bills.
 */
export async function generateMonth(
  db: Kysely<Database>,
  q: { month: string; at: Date; actorName: string; scope: DistrictScope },
): Promise<number> {
  const next = sql`to_char(to_date(${q.month} || '-01', 'YYYY-MM-DD') + interval '1 month', 'YYYY-MM')`;
  const contracts = await sql<{ n: number }>`
    WITH created AS (
      INSERT INTO fee_bills (code, contract_id, payer_id, month, kind, amount_fen, due_date, status, synthetic, created_at)
      SELECT 'ZD-' || replace(${q.month}, '-', '') || '-' || lpad(c.id::text, 6, '0') || '-C', c.id, c.payer_id, ${q.month}, 'contract',
             c.monthly_amount_fen, (${q.month} || '-' || ${String(DUE_DAY)})::date, 'open', c.synthetic, ${q.at}
      FROM fee_contracts c
      WHERE c.status IN ('active', 'renewal_due') AND c.start_month <= ${q.month} AND c.end_month >= ${q.month}
        AND ${payerIdInScope(q.scope, 'c.payer_id')}
      ON CONFLICT (contract_id, month, kind) DO NOTHING
      RETURNING id, amount_fen
    ), entries AS (
      INSERT INTO fee_money_ledger (at, bill_id, entry, amount_fen, actor_name, note)
      SELECT ${q.at}, id, 'billed', amount_fen, ${q.actorName}, NULL FROM created
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM entries`.execute(db);
  const overages = await sql<{ n: number }>`
    WITH created AS (
      INSERT INTO fee_bills (code, contract_id, payer_id, month, kind, amount_fen, due_date, status, synthetic, created_at)
      SELECT 'ZD-' || replace(${q.month}, '-', '') || '-' || lpad(c.id::text, 6, '0') || '-S', c.id, c.payer_id, ${q.month}, 'overage',
             o.excess_amount_fen, (${next} || '-' || ${String(DUE_DAY)})::date, 'open', c.synthetic, ${q.at}
      FROM fee_overages o JOIN fee_contracts c ON c.id = o.contract_id
      WHERE o.month = ${q.month} AND o.excess_amount_fen > 0 AND ${payerIdInScope(q.scope, 'c.payer_id')}
      ON CONFLICT (contract_id, month, kind) DO NOTHING
      RETURNING id, amount_fen
    ), entries AS (
      INSERT INTO fee_money_ledger (at, bill_id, entry, amount_fen, actor_name, note)
      SELECT ${q.at}, id, 'billed', amount_fen, ${q.actorName}, '超量补收' FROM created
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM entries`.execute(db);
  return Number(contracts.rows[0]?.n ?? 0) + Number(overages.rows[0]?.n ?? 0);
}

export interface BillListQuery {
  payerId: number | null;
  month: string | null;
  status: 'open' | 'paid' | 'refunded' | null;
  text: string | null;
  afterId: number | null;
  limit: number;
  scope: DistrictScope;
}

export function listBills(db: Kysely<Database>, q: BillListQuery) {
  let query = db
    .selectFrom('fee_bills as b')
    .innerJoin('fee_payers as p', 'p.id', 'b.payer_id')
    .innerJoin('fee_contracts as c', 'c.id', 'b.contract_id')
    .select([
      'b.id',
      'b.code',
      'b.month',
      'b.kind',
      'b.amount_fen',
      dueDateText('b.due_date'),
      'b.status',
      'b.paid_at',
      'b.version',
      'b.synthetic',
      'p.name as payer_name',
      'c.code as contract_code',
      'c.waste_type',
    ])
    .where(payerInScope(q.scope))
    .orderBy('b.id', 'desc')
    .limit(q.limit);
  if (q.payerId !== null) query = query.where('b.payer_id', '=', q.payerId);
  if (q.month) query = query.where('b.month', '=', q.month);
  if (q.status) query = query.where('b.status', '=', q.status);
  if (q.text) query = query.where((eb) => eb.or([eb('b.code', '=', q.text!.toUpperCase()), eb('c.code', '=', q.text!.toUpperCase())]));
  if (q.afterId !== null) query = query.where('b.id', '<', q.afterId);
  return query.execute();
}

/** A date column as yyyy-mm-dd text: drivers would otherwise turn it into a Date at the server's midnight. */
function dueDateText(column: 'b.due_date' | 'due_date') {
  return sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`.as('due_date');
}

export function findBill(db: Kysely<Database>, id: number): Promise<FeeBillRow | undefined> {
  return db
    .selectFrom('fee_bills')
    .select([
      'id',
      'code',
      'contract_id',
      'payer_id',
      'month',
      'kind',
      'amount_fen',
      dueDateText('due_date'),
      'status',
      'paid_at',
      'synthetic',
      'version',
      'created_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertPayment(
  db: Kysely<Database>,
  p: { billId: number; merchantRef: string; amountFen: number; createdBy: number | null; at: Date },
): Promise<FeePaymentRow> {
  return db
    .insertInto('fee_payments')
    .values({
      bill_id: p.billId,
      merchant_ref: p.merchantRef,
      amount_fen: p.amountFen,
      status: 'pending',
      created_by: p.createdBy,
      created_at: p.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The payment a notification is about, locked until the transaction ends: two notifications settle it once. */
export function lockPayment(db: Kysely<Database>, merchantRef: string): Promise<FeePaymentRow | undefined> {
  return db.selectFrom('fee_payments').selectAll().where('merchant_ref', '=', merchantRef).forUpdate().executeTakeFirst();
}

export function paymentsOfBill(db: Kysely<Database>, billId: number) {
  return db.selectFrom('fee_payments').selectAll().where('bill_id', '=', billId).orderBy('id').execute();
}

/**
 * The books from the ledger and the bills (of one payer, or of the scope's payers): billed (less what refunds wrote
 * down), received (less refunds and reversed write-offs) and what is still open — billed = received + outstanding
 * after every step.
 */
export async function books(db: Kysely<Database>, payerId: number | null, scope: DistrictScope) {
  const sumOf = (entries: string[]) =>
    sql<string>`coalesce(sum(CASE WHEN l.entry IN (${sql.join(entries)}) THEN l.amount_fen ELSE 0 END), 0)`;
  const ledger = await db
    .selectFrom('fee_money_ledger as l')
    .innerJoin('fee_bills as b', 'b.id', 'l.bill_id')
    .where(payerIdInScope(scope, 'b.payer_id'))
    .select([
      sumOf(['billed']).as('billed'),
      sumOf(['written_down']).as('written_down'),
      sumOf(['received']).as('received'),
      sumOf(['refunded', 'reversed']).as('returned'),
    ])
    .$if(payerId !== null, (qb) => qb.where('b.payer_id', '=', payerId!))
    .executeTakeFirstOrThrow();
  const open = await db
    .selectFrom('fee_bills as b')
    .select(sql<string>`coalesce(sum(b.amount_fen), 0)`.as('outstanding'))
    .where('b.status', '=', 'open')
    .where(payerIdInScope(scope, 'b.payer_id'))
    .$if(payerId !== null, (qb) => qb.where('b.payer_id', '=', payerId!))
    .executeTakeFirstOrThrow();
  return {
    billedFen: Number(ledger.billed) - Number(ledger.written_down),
    receivedFen: Number(ledger.received) - Number(ledger.returned),
    outstandingFen: Number(open.outstanding),
  };
}
