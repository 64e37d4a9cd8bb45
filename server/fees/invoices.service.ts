/**
 * 清费云 invoices through the 数电票 platform (issue 16). A paid bill asks for a blue invoice and a refunded one for a
 * red-letter reversal (红冲); the requests leave through the partner outbox (signed, idempotent, retried, dead-
 * lettered — see invoices.repository). The platform answers asynchronously at /api/fees/einvoice/notify, signed
 * with the key OneMap gave it: the 20-digit number, the PDF and the XML. A result is kept once; a repeat of the
 * same result answers as before. The ledger is searchable; a payer sees and downloads only its own invoices.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { INVOICE_NUMBER_PATTERN } from '@/domain/fees/invoice';
import type { Clock } from '@/server/clock';
import type { Actor } from '@/server/orders/order-change';
import { checkSignature } from '@/server/partners/hmac';
import { partnerInboundSecret } from '@/server/partners/partner-delivery.service';
import { auditFees, feeNotFound, ownPayer, requireFees } from './fee-access';
import { assertFeeInScope, type FeeActor, feeScopeOf } from './fee-scope';
import * as repo from './invoices.repository';

/** What the 数电票 platform posts when an invoice request is decided (documented in the OpenAPI document). */
export const invoiceResult = z.discriminatedUnion('result', [
  z
    .object({
      result: z.literal('issued'),
      requestNo: z.string().min(1).max(80),
      number: z.string().regex(INVOICE_NUMBER_PATTERN, '发票号码应为 20 位数字 / the invoice number has 20 digits'),
      issuedAt: z.string().datetime({ offset: true }),
      pdfBase64: z.string().min(1).max(4_000_000),
      xml: z.string().min(1).max(1_000_000),
      simulated: z.boolean().optional(),
    })
    .strict(),
  z.object({ result: z.literal('failed'), requestNo: z.string().min(1).max(80), reason: z.string().min(1).max(500) }).strict(),
]);
export type InvoiceResult = z.infer<typeof invoiceResult>;

/** What OneMap asks the platform for, through the partner outbox (built in SQL by invoices.repository). */
export const invoiceRequestMessage = z.object({
  requestNo: z.string(),
  kind: z.enum(['blue', 'red']),
  originalNumber: z.string().nullable().describe('红冲时的原蓝字发票号码 / the blue invoice a red-letter one reverses'),
  billCode: z.string(),
  buyer: z.object({ name: z.string(), taxId: z.string() }),
  seller: z.object({ name: z.string(), taxId: z.string() }),
  item: z.object({
    name: z.string(),
    amountFen: z.number().int().describe('含税金额（分）/ amount including tax, in fen'),
    taxRatePercent: z.number().int(),
  }),
});
export type InvoiceRequestMessage = z.infer<typeof invoiceRequestMessage>;

export type InvoiceResultOutcome =
  | { status: 200; body: { result: 'recorded' | 'already_recorded'; requestNo: string } }
  | { status: 400 | 401 | 404 | 409; body: { error: string } };

const PLATFORM: Actor = { userId: null, name: '数电票平台', role: 'system', unitId: null };

export class InvoiceService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  async receiveResult(rawBody: string, headers: { timestamp?: string; signature?: string }): Promise<InvoiceResultOutcome> {
    const secret = await partnerInboundSecret(this.deps.db, 'einvoice');
    if (!secret) return { status: 404, body: { error: 'no 数电票 platform is linked' } };
    const check = checkSignature(secret, headers, rawBody, this.deps.clock.now().getTime());
    if (check !== 'ok') return { status: 401, body: { error: `signature ${check}` } };
    let result: InvoiceResult;
    try {
      result = invoiceResult.parse(JSON.parse(rawBody));
    } catch {
      return { status: 400, body: { error: 'body is not an invoice result' } };
    }
    return this.deps.db.transaction().execute(async (trx): Promise<InvoiceResultOutcome> => {
      const invoice = await repo.lockInvoiceByRequest(trx, result.requestNo);
      if (!invoice) return { status: 404, body: { error: `no invoice request ${result.requestNo}` } };
      if (invoice.status !== 'requested') {
        const same = result.result === 'issued' ? invoice.number === result.number : invoice.status === 'failed';
        return same
          ? { status: 200, body: { result: 'already_recorded', requestNo: result.requestNo } }
          : { status: 409, body: { error: `request ${result.requestNo} was already decided otherwise` } };
      }
      if (result.result === 'failed') {
        await trx.updateTable('fee_invoices').set({ status: 'failed', failure: result.reason }).where('id', '=', invoice.id).execute();
        await auditFees(trx, PLATFORM, 'fees.invoice.failed', `bill:${invoice.bill_id}`, {
          requestNo: result.requestNo,
          reason: result.reason,
        });
        return { status: 200, body: { result: 'recorded', requestNo: result.requestNo } };
      }
      const pdf = Buffer.from(result.pdfBase64, 'base64');
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { status: 400, body: { error: 'pdfBase64 is not a PDF' } };
      const taken = await trx.selectFrom('fee_invoices').select('id').where('number', '=', result.number).executeTakeFirst();
      if (taken) return { status: 409, body: { error: `invoice number ${result.number} is already used` } };
      await trx
        .updateTable('fee_invoices')
        .set({
          status: 'issued',
          number: result.number,
          issued_at: new Date(result.issuedAt),
          pdf,
          xml: result.xml,
          simulated: result.simulated ?? false,
        })
        .where('id', '=', invoice.id)
        .execute();
      await auditFees(trx, PLATFORM, `fees.invoice.${invoice.kind}`, `bill:${invoice.bill_id}`, { number: result.number });
      // A bill refunded while its invoice was on the way: the reversal follows at once.
      if (invoice.kind === 'blue') {
        const bill = await trx.selectFrom('fee_bills').select('status').where('id', '=', invoice.bill_id).executeTakeFirstOrThrow();
        if (bill.status === 'refunded') await repo.requestRedInvoice(trx, invoice.id, this.deps.clock.now());
      }
      return { status: 200, body: { result: 'recorded', requestNo: result.requestNo } };
    });
  }

  /** The invoice ledger (a payer: its own), newest first, keyset-paged; text: a number, a bill code or a buyer. */
  async list(q: Omit<repo.InvoiceListQuery, 'payerId' | 'scope'>, actor: FeeActor) {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const own = await ownPayer(this.deps.db, actor);
    const scope = await feeScopeOf(this.deps.db, actor);
    const rows = await repo.listInvoices(this.deps.db, { ...q, scope, payerId: own?.id ?? null });
    return rows.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }));
  }

  /** An issued invoice's PDF or XML, for its payer or the fee staff. */
  async file(id: number, format: 'pdf' | 'xml', actor: FeeActor): Promise<{ bytes: Buffer; fileName: string }> {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const row = await repo.invoiceFile(this.deps.db, id);
    const own = await ownPayer(this.deps.db, actor);
    if (!row || (own && row.payer_id !== own.id)) throw feeNotFound('invoice', id);
    await assertFeeInScope(this.deps.db, 'invoice', id, await feeScopeOf(this.deps.db, actor));
    if (row.status !== 'issued' || !row.pdf || !row.xml)
      throw new AppError('CONFLICT', 'fees.error.invoiceNotIssued', `Invoice ${id} is not issued yet`);
    const stem = `${row.kind === 'red' ? '红字发票' : '发票'}-${row.number}`;
    return format === 'pdf'
      ? { bytes: Buffer.from(row.pdf), fileName: `${stem}.pdf` }
      : { bytes: Buffer.from(row.xml, 'utf8'), fileName: `${stem}.xml` };
  }

  /** Asks again for a failed invoice (a clerk's step after the platform refused, e.g. a wrong tax number fixed). */
  async retry(billId: number, actor: FeeActor): Promise<void> {
    requireFees(actor, 'fees:review');
    const scope = await feeScopeOf(this.deps.db, actor);
    await this.deps.db.transaction().execute(async (trx) => {
      await assertFeeInScope(trx, 'bill', billId, scope);
      const requested = await repo.requestBlueInvoices(trx, [billId], this.deps.clock.now());
      if (!requested) throw new AppError('CONFLICT', 'fees.error.invoiceInPlay', `Bill ${billId} has an invoice in play or is not paid`);
      await auditFees(trx, actor, 'fees.invoice.retry', `bill:${billId}`);
    });
  }
}
