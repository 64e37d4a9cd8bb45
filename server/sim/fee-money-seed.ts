/**
 * 清费云's demonstration money after payment (synthetic, once, after the fee seed): last month's bank statement —
 * one line for each bill paid that month, written off automatically, plus a planted line of each kind a person must
 * decide (a partial payment, one transfer for two bills, a line without a reference, a wrong reference, an unknown
 * payer) — imported through the real reconciliation; and the invoices of the most recent payments, issued as the
 * simulated 数电票 platform issues them. Everything here is marked synthetic or simulated.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { addMonths } from '@/domain/fees/fee-values';
import { INVOICE_ITEM_NAME, INVOICE_TAX_RATE_PERCENT } from '@/domain/fees/invoice';
import { yuan } from '@/domain/fees/money';
import { shanghaiDay } from '@/domain/shanghai-time';
import { systemClock } from '@/server/clock';
import { INVOICE_SELLER } from '@/server/fees/invoices.repository';
import { ReconciliationService } from '@/server/fees/reconciliation.service';
import type { Actor } from '@/server/orders/order-change';
import { simulatedInvoiceNumber, simulatedInvoiceResult } from './einvoice-documents';

const SEED_ACTOR: Actor = { userId: null, name: '系统（演示数据）', role: 'system', unitId: null };
/** Invoices drawn at seeding (each PDF takes a few tens of milliseconds). */
const SEEDED_INVOICES = 30;

type Line = [date: string, amount: string, name: string, account: string, memo: string];

const account = (payerId: number) => `6222 0210 ${String(payerId).padStart(8, '0')}`;

export async function seedFeeMoney(db: Kysely<Database>, now: Date): Promise<void> {
  if (await db.selectFrom('fee_statement_imports').select('id').limit(1).executeTakeFirst()) return;
  const lastMonth = addMonths(shanghaiDay(now).slice(0, 7), -1);
  const bills = await db
    .selectFrom('fee_bills as b')
    .innerJoin('fee_payers as p', 'p.id', 'b.payer_id')
    .select(['b.id', 'b.code', 'b.amount_fen', 'b.status', 'b.paid_at', 'b.month', 'p.id as payer_id', 'p.name'])
    .where('b.month', '<=', lastMonth)
    .where('b.month', '>=', addMonths(lastMonth, -2))
    .orderBy('b.id')
    .execute();
  const day = (d: Date | null) => shanghaiDay(d ?? now);
  const lines: Line[] = bills
    .filter((b) => b.status === 'paid' && b.month === lastMonth)
    .map((b) => [day(b.paid_at), yuan(Number(b.amount_fen)), b.name, account(b.payer_id), `缴费 ${b.code}`]);
  const open = bills.filter((b) => b.status === 'open');
  const statementDay = `${lastMonth}-28`;
  const [partial, noReference] = open;
  if (partial)
    lines.push([statementDay, yuan(Number(partial.amount_fen) - 10_000), partial.name, account(partial.payer_id), `缴费 ${partial.code}`]);
  if (noReference)
    lines.push([statementDay, yuan(Number(noReference.amount_fen)), noReference.name, account(noReference.payer_id), '垃圾清运费']);
  // One transfer for two open bills of one payer.
  const byPayer = new Map<number, typeof open>();
  for (const b of open.slice(2)) byPayer.set(b.payer_id, [...(byPayer.get(b.payer_id) ?? []), b]);
  const pair = [...byPayer.values()].find((list) => list.length >= 2);
  if (pair) {
    const [a, b] = pair;
    lines.push([statementDay, yuan(Number(a.amount_fen) + Number(b.amount_fen)), a.name, account(a.payer_id), `${a.code} ${b.code}`]);
  }
  const paidExample = bills.find((b) => b.status === 'paid');
  lines.push([statementDay, '880.00', paidExample?.name ?? '长宁某商户', account(0), `缴费 ZD-${lastMonth.replace('-', '')}-999999-C`]);
  // Someone else's money naming a real bill: the payer is unknown.
  if (paidExample)
    lines.push([
      statementDay,
      yuan(Number(paidExample.amount_fen)),
      '上海某某贸易有限公司（演示）',
      '6228 4800 0000 0000',
      `缴费 ${paidExample.code}`,
    ]);
  const csv = ['交易日期,金额,对方户名,对方账号,附言', ...lines.map((l) => l.map((v) => (v.includes(',') ? `"${v}"` : v)).join(','))].join(
    '\n',
  );
  await new ReconciliationService({ db, clock: systemClock }).importStatement(
    { fileName: `银行对账单-${lastMonth}（演示）.csv`, bytes: Buffer.from(csv), mode: 'all', synthetic: true },
    SEED_ACTOR,
  );

  // The latest payments' invoices, issued by the simulated platform.
  const recent = await db
    .selectFrom('fee_bills as b')
    .innerJoin('fee_payers as p', 'p.id', 'b.payer_id')
    .select(['b.id', 'b.code', 'b.amount_fen', 'b.paid_at', 'p.name', 'p.credit_code'])
    .where('b.status', '=', 'paid')
    .orderBy('b.paid_at', 'desc')
    .limit(SEEDED_INVOICES)
    .execute();
  for (const [i, b] of recent.entries()) {
    const issuedAt = b.paid_at ?? now;
    const number = simulatedInvoiceNumber(issuedAt, 900_000_000 + i);
    const requestNo = `FPQ-${b.code}-1`;
    const result = await simulatedInvoiceResult(
      {
        requestNo,
        kind: 'blue',
        originalNumber: null,
        billCode: b.code,
        buyer: { name: b.name, taxId: b.credit_code },
        seller: INVOICE_SELLER,
        item: { name: INVOICE_ITEM_NAME, amountFen: Number(b.amount_fen), taxRatePercent: INVOICE_TAX_RATE_PERCENT },
      },
      number,
      issuedAt,
    );
    if (result.result !== 'issued') continue;
    await db
      .insertInto('fee_invoices')
      .values({
        request_no: requestNo,
        bill_id: b.id,
        kind: 'blue',
        original_id: null,
        amount_fen: Number(b.amount_fen),
        buyer_name: b.name,
        buyer_tax_id: b.credit_code,
        item_name: INVOICE_ITEM_NAME,
        status: 'issued',
        number,
        pdf: Buffer.from(result.pdfBase64, 'base64'),
        xml: result.xml,
        simulated: true,
        synthetic: true,
        requested_at: issuedAt,
        issued_at: issuedAt,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
