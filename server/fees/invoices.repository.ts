/**
 * All SQL of 清费云 invoices (数电票). Requests are written set-based — one statement for any number of bills — with
 * their outbox message to the 数电票 platform in the same statement, so an invoice is requested if and only if the
 * payment (or write-off, or refund) that calls for it is committed.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { INVOICE_ITEM_NAME, INVOICE_TAX_RATE_PERCENT } from '@/domain/fees/invoice';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { payerIdInScope } from './fee-scope';

/** The seller printed on every invoice (the bureau; its tax number is synthetic in the demonstration). */
export const INVOICE_SELLER = { name: '上海市长宁区绿化和市容管理局', taxId: '11310105002480962Q' } as const;

/**
 * A blue invoice request for each bill that has none in play (a failed one may be requested again), queued to the
 * platform. Returns how many were requested.
 */
export async function requestBlueInvoices(db: Kysely<Database>, billIds: readonly number[], at: Date): Promise<number> {
  if (!billIds.length) return 0;
  const result = await sql<{ n: number }>`
    WITH created AS (
      INSERT INTO fee_invoices (request_no, bill_id, kind, original_id, amount_fen, buyer_name, buyer_tax_id, item_name,
                                status, synthetic, requested_at)
      SELECT 'FPQ-' || b.code || '-' || (SELECT count(*) + 1 FROM fee_invoices i WHERE i.bill_id = b.id), b.id, 'blue', NULL,
             b.amount_fen, p.name, p.credit_code, ${INVOICE_ITEM_NAME}, 'requested', b.synthetic, ${at}
      FROM fee_bills b JOIN fee_payers p ON p.id = b.payer_id
      WHERE b.id = ANY(${[...billIds]}::int[]) AND b.status = 'paid'
      ON CONFLICT DO NOTHING
      RETURNING id, request_no, bill_id, amount_fen, buyer_name, buyer_tax_id, item_name
    ), queued AS (
      INSERT INTO partner_outbox (partner, kind, body, status, next_attempt_at, created_at)
      SELECT 'einvoice', 'fee_invoice', ${messageBody(sql`NULL::text`)}, 'pending', ${at}, ${at}
      FROM created c JOIN fee_bills b ON b.id = c.bill_id
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM queued`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** A red-letter (红冲) request reversing an issued blue invoice in full, queued to the platform; false when one is in play. */
export async function requestRedInvoice(db: Kysely<Database>, blueId: number, at: Date): Promise<boolean> {
  const result = await sql<{ n: number }>`
    WITH created AS (
      INSERT INTO fee_invoices (request_no, bill_id, kind, original_id, amount_fen, buyer_name, buyer_tax_id, item_name,
                                status, synthetic, requested_at)
      SELECT 'FPH-' || o.number || '-' || (SELECT count(*) + 1 FROM fee_invoices r WHERE r.original_id = o.id), o.bill_id, 'red',
             o.id, o.amount_fen, o.buyer_name, o.buyer_tax_id, o.item_name, 'requested', o.synthetic, ${at}
      FROM fee_invoices o WHERE o.id = ${blueId} AND o.kind = 'blue' AND o.status = 'issued'
      ON CONFLICT DO NOTHING
      RETURNING id, request_no, bill_id, amount_fen, buyer_name, buyer_tax_id, item_name, original_id
    ), queued AS (
      INSERT INTO partner_outbox (partner, kind, body, status, next_attempt_at, created_at)
      SELECT 'einvoice', 'fee_red_invoice',
             ${messageBody(sql`(SELECT number FROM fee_invoices o WHERE o.id = c.original_id)`)}, 'pending', ${at}, ${at}
      FROM created c JOIN fee_bills b ON b.id = c.bill_id
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM queued`.execute(db);
  return Number(result.rows[0]?.n ?? 0) > 0;
}

/** The request the platform receives (documented in the OpenAPI document as the outbound 数电票 request). */
function messageBody(originalNumber: ReturnType<typeof sql>) {
  return sql`jsonb_build_object(
    'requestNo', c.request_no,
    'kind', CASE WHEN ${originalNumber} IS NULL THEN 'blue' ELSE 'red' END,
    'originalNumber', ${originalNumber},
    'billCode', b.code,
    'buyer', jsonb_build_object('name', c.buyer_name, 'taxId', c.buyer_tax_id),
    'seller', jsonb_build_object('name', ${INVOICE_SELLER.name}::text, 'taxId', ${INVOICE_SELLER.taxId}::text),
    'item', jsonb_build_object('name', c.item_name, 'amountFen', c.amount_fen, 'taxRatePercent', ${INVOICE_TAX_RATE_PERCENT}::int)
  )`;
}

export function lockInvoiceByRequest(db: Kysely<Database>, requestNo: string) {
  return db.selectFrom('fee_invoices').selectAll().where('request_no', '=', requestNo).forUpdate().executeTakeFirst();
}

/** The issued blue invoice of a bill, if any. */
export function issuedBlueOf(db: Kysely<Database>, billId: number) {
  return db
    .selectFrom('fee_invoices')
    .select(['id', 'number'])
    .where('bill_id', '=', billId)
    .where('kind', '=', 'blue')
    .where('status', '=', 'issued')
    .executeTakeFirst();
}

export interface InvoiceListQuery {
  payerId: number | null;
  billId: number | null;
  text: string | null;
  afterId: number | null;
  limit: number;
  scope: DistrictScope;
}

/** The invoice ledger, newest first, without the files; text finds an invoice number, a bill code or a buyer. */
export function listInvoices(db: Kysely<Database>, q: InvoiceListQuery) {
  let query = db
    .selectFrom('fee_invoices as i')
    .innerJoin('fee_bills as b', 'b.id', 'i.bill_id')
    .leftJoin('fee_invoices as o', 'o.id', 'i.original_id')
    .select([
      'i.id',
      'i.request_no',
      'i.kind',
      'i.amount_fen',
      'i.buyer_name',
      'i.buyer_tax_id',
      'i.status',
      'i.number',
      'i.failure',
      'i.simulated',
      'i.synthetic',
      'i.requested_at',
      'i.issued_at',
      'b.id as bill_id',
      'b.code as bill_code',
      'b.month',
      'o.number as original_number',
    ])
    .where(payerIdInScope(q.scope, 'b.payer_id'))
    .orderBy('i.id', 'desc')
    .limit(q.limit);
  if (q.payerId !== null) query = query.where('b.payer_id', '=', q.payerId);
  if (q.billId !== null) query = query.where('i.bill_id', '=', q.billId);
  if (q.text) {
    const text = q.text;
    query = query.where((eb) =>
      eb.or([eb('i.number', '=', text), eb('b.code', '=', text.toUpperCase()), eb(sql<number>`strpos(i.buyer_name, ${text})`, '>', 0)]),
    );
  }
  if (q.afterId !== null) query = query.where('i.id', '<', q.afterId);
  return query.execute();
}

export function invoiceFile(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('fee_invoices as i')
    .innerJoin('fee_bills as b', 'b.id', 'i.bill_id')
    .select(['i.id', 'i.number', 'i.kind', 'i.status', 'i.pdf', 'i.xml', 'b.payer_id'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}
