/**
 * 清费云 bills and payments (issue 16, the money core). A month's bills are drawn from the contracts and the
 * recorded overages; a bill locks its payer and its amount (票款一致). Paying starts a payment at the bank gateway
 * with the bill's exact amount; the bank's signed notification settles it — once per payment however often it is
 * repeated, refused when the amount differs from the bill — and keeps the payment voucher (缴费凭证). Every change
 * of money is an entry of the append-only money ledger, so billed = received + outstanding at every step.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import type { FeePaymentRow } from '@/db/schema-fees';
import { AppError } from '@/domain/errors';
import { MONTH_PATTERN } from '@/domain/fees/fee-values';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { Clock } from '@/server/clock';
import type { Actor } from '@/server/orders/order-change';
import { checkSignature } from '@/server/partners/hmac';
import { assertFeeInScope, type FeeActor, feeScopeOf } from './fee-scope';
import * as repo from './billing.repository';
import { requestBlueInvoices } from './invoices.repository';
import { feeStatistics, type StatisticsGrouping } from './fee-statistics.repository';
import { auditFees, feeNotFound, ownPayer, requireFees } from './fee-access';

/** What the bank posts to /api/fees/bank/notify when a payment went through (documented in the OpenAPI document). */
export const bankNotification = z
  .object({
    merchantId: z.string().min(1).max(64),
    merchantRef: z.string().min(1).max(64),
    bankTxn: z.string().min(1).max(64),
    amountFen: z.number().int().positive(),
    paidAt: z.string().datetime({ offset: true }),
    payerAccountName: z.string().max(200).optional(),
  })
  .strict();
export type BankNotification = z.infer<typeof bankNotification>;

export type NotificationOutcome =
  | { status: 200; body: { result: 'paid' | 'already_paid'; merchantRef: string } }
  | { status: 400 | 401 | 404 | 409; body: { error: string } };

/** The actor of what the bank's notifications do. */
export const BANK: Actor = { userId: null, name: 'bank', role: 'system', unitId: null };

export class BillingService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  /** Draws the month's bills (a clerk's step, or the monthly job); returns how many were new. */
  async generateMonth(month: string, actor: FeeActor): Promise<{ created: number }> {
    requireFees(actor, 'fees:review');
    if (!MONTH_PATTERN.test(month)) throw new AppError('BAD_REQUEST', 'fees.error.month', `Bad month ${month}`);
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const created = await repo.generateMonth(trx, { month, at: this.deps.clock.now(), actorName: actor.name, scope });
      await auditFees(trx, actor, 'fees.bills.generate', `month:${month}`, { created });
      return { created };
    });
  }

  async bills(q: Omit<repo.BillListQuery, 'payerId' | 'scope'> & { payerId?: number | null }, actor: FeeActor) {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const own = await ownPayer(this.deps.db, actor);
    const scope = await feeScopeOf(this.deps.db, actor);
    const rows = await repo.listBills(this.deps.db, { ...q, scope, payerId: own ? own.id : (q.payerId ?? null) });
    return rows.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }));
  }

  /** A bill with its payments (and their vouchers), for its payer or the fee staff. */
  async bill(id: number, actor: FeeActor) {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const bill = await repo.findBill(this.deps.db, id);
    const own = await ownPayer(this.deps.db, actor);
    if (!bill || (own && bill.payer_id !== own.id)) throw feeNotFound('bill', id);
    await assertFeeInScope(this.deps.db, 'bill', id, await feeScopeOf(this.deps.db, actor));
    const payments = await repo.paymentsOfBill(this.deps.db, id);
    return {
      ...bill,
      amount_fen: Number(bill.amount_fen),
      payments: payments.map((p) => ({ ...p, amount_fen: Number(p.amount_fen) })),
    };
  }

  /**
   * Starts paying a bill: a payment for exactly the bill's amount with a merchant reference of its own, which the
   * payer completes at the bank; the bill is settled only by the bank's notification.
   */
  async startPayment(billId: number, actor: Actor): Promise<{ merchantRef: string; amountFen: number; merchantId: string }> {
    requireFees(actor, 'fees:declare');
    return this.deps.db.transaction().execute(async (trx) => {
      const own = await ownPayer(trx, actor);
      const bill = await repo.findBill(trx, billId);
      if (!bill || !own || bill.payer_id !== own.id) throw feeNotFound('bill', billId);
      if (bill.status !== 'open') throw new AppError('CONFLICT', 'fees.error.billPaid', `Bill ${bill.code} is already paid`);
      const gateway = await this.gateway(trx);
      const merchantRef = `PAY-${bill.code.slice(3)}-${randomBytes(4).toString('hex').toUpperCase()}`;
      await repo.insertPayment(trx, {
        billId,
        merchantRef,
        amountFen: Number(bill.amount_fen),
        createdBy: actor.userId,
        at: this.deps.clock.now(),
      });
      await auditFees(trx, actor, 'fees.payment.start', `bill:${billId}`, { merchantRef });
      return { merchantRef, amountFen: Number(bill.amount_fen), merchantId: gateway.merchant_id };
    });
  }

  /** A payment the actor started (a payer: only its own). */
  async ownPayment(merchantRef: string, actor: Actor) {
    requireFees(actor, 'fees:declare');
    const own = await ownPayer(this.deps.db, actor);
    const row = await this.deps.db
      .selectFrom('fee_payments as p')
      .innerJoin('fee_bills as b', 'b.id', 'p.bill_id')
      .select(['p.id', 'b.payer_id'])
      .where('p.merchant_ref', '=', merchantRef)
      .executeTakeFirst();
    if (!row || !own || row.payer_id !== own.id) throw feeNotFound('payment', merchantRef);
    return row;
  }

  /** The bank gateway's settings; the demo installs a simulated gateway (see simulated-bank.ts). */
  async gateway(db: Kysely<Database> = this.deps.db) {
    const row = await db.selectFrom('fee_bank_gateway').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) throw new AppError('CONFLICT', 'fees.error.noGateway', 'No bank gateway is configured');
    return row;
  }

  /**
   * The bank's notification that a payment went through: signature and timestamp first (as the partner links),
   * then the payment it names, locked, so two deliveries of one notification settle it once; the amount must be
   * the bill's to the 分; the bill, the payment, the voucher and the 'received' ledger entry are one write.
   */
  async receiveNotification(rawBody: string, headers: { timestamp?: string; signature?: string }): Promise<NotificationOutcome> {
    const gateway = await this.gateway().catch(() => null);
    if (!gateway) return { status: 404, body: { error: 'no bank gateway configured' } };
    const check = checkSignature(gateway.notify_secret, headers, rawBody, this.deps.clock.now().getTime());
    if (check !== 'ok') return { status: 401, body: { error: `signature ${check}` } };
    let parsed: BankNotification;
    try {
      parsed = bankNotification.parse(JSON.parse(rawBody));
    } catch {
      return { status: 400, body: { error: 'body is not a bank notification' } };
    }
    if (parsed.merchantId !== gateway.merchant_id) return { status: 400, body: { error: 'merchantId is not ours' } };
    return this.deps.db.transaction().execute(async (trx): Promise<NotificationOutcome> => {
      const payment = await repo.lockPayment(trx, parsed.merchantRef);
      if (!payment) return { status: 404, body: { error: `no payment ${parsed.merchantRef}` } };
      if (payment.status === 'succeeded') {
        return payment.bank_txn === parsed.bankTxn
          ? { status: 200, body: { result: 'already_paid', merchantRef: parsed.merchantRef } }
          : { status: 409, body: { error: `payment ${parsed.merchantRef} was settled by another transaction` } };
      }
      const bill = await repo.findBill(trx, payment.bill_id);
      if (!bill) return { status: 404, body: { error: 'no bill' } };
      // 票款一致: only the bill's exact amount settles it.
      if (parsed.amountFen !== Number(bill.amount_fen) || parsed.amountFen !== Number(payment.amount_fen)) {
        await this.failPayment(trx, payment, `amount ${parsed.amountFen} ≠ bill ${bill.amount_fen}`);
        return { status: 409, body: { error: `amount ${parsed.amountFen} does not match bill ${bill.code} (${bill.amount_fen})` } };
      }
      if (bill.status !== 'open') {
        await this.failPayment(trx, payment, `bill ${bill.code} already paid`);
        return { status: 409, body: { error: `bill ${bill.code} is already paid` } };
      }
      const now = this.deps.clock.now();
      const voucher = {
        billCode: bill.code,
        merchantRef: parsed.merchantRef,
        bankTxn: parsed.bankTxn,
        amountFen: parsed.amountFen,
        paidAt: parsed.paidAt,
        payerAccountName: parsed.payerAccountName ?? null,
        simulated: gateway.simulated,
      };
      await trx
        .updateTable('fee_payments')
        .set({ status: 'succeeded', bank_txn: parsed.bankTxn, voucher, completed_at: now })
        .where('id', '=', payment.id)
        .execute();
      await trx
        .updateTable('fee_bills')
        .set((eb) => ({ status: 'paid', paid_at: new Date(parsed.paidAt), version: eb('version', '+', 1) }))
        .where('id', '=', bill.id)
        .execute();
      await trx
        .insertInto('fee_money_ledger')
        .values({
          at: now,
          bill_id: bill.id,
          payment_id: payment.id,
          entry: 'received',
          amount_fen: parsed.amountFen,
          actor_name: '银行通知',
          note: parsed.bankTxn,
        })
        .execute();
      await auditFees(trx, BANK, 'fees.payment.received', `bill:${bill.id}`, {
        bankTxn: parsed.bankTxn,
        amountFen: parsed.amountFen,
      });
      // 票款一致 again: the invoice is asked for in the same write as the money, from the bill it pays.
      await requestBlueInvoices(trx, [bill.id], now);
      return { status: 200, body: { result: 'paid', merchantRef: parsed.merchantRef } };
    });
  }

  private async failPayment(db: Kysely<Database>, payment: FeePaymentRow, reason: string) {
    await db.updateTable('fee_payments').set({ status: 'failed', failure: reason }).where('id', '=', payment.id).execute();
  }

  /** 统计分析 over a range of months, grouped by sub-district, waste type or month (fee staff only). */
  async statistics(q: { from: string; to: string; groupBy: StatisticsGrouping }, actor: FeeActor) {
    requireFees(actor, 'fees:review', 'fees:approve');
    if (!MONTH_PATTERN.test(q.from) || !MONTH_PATTERN.test(q.to) || q.from > q.to)
      throw new AppError('BAD_REQUEST', 'fees.error.monthRange', `Bad month range ${q.from}..${q.to}`);
    const scope = await feeScopeOf(this.deps.db, actor);
    return feeStatistics(this.deps.db, { ...q, scope, today: shanghaiDay(this.deps.clock.now()) });
  }

  /** Billed, received and outstanding (a payer: its own; the fee staff: their district's), from the ledger. */
  async books(actor: FeeActor) {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const own = await ownPayer(this.deps.db, actor);
    return repo.books(this.deps.db, own?.id ?? null, await feeScopeOf(this.deps.db, actor));
  }
}
