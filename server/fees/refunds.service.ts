/**
 * 清费云 refunds (退费, issue 16): a clerk proposes returning a bill's online payment, with a reason; a supervisor
 * other than the proposer decides (the one four-eyes rule). An approved refund leaves for the bank through the
 * partner outbox (signed, idempotent, retried, dead-lettered); the bank's signed result at
 * /api/fees/bank/refund-notify completes it once: the bill is marked refunded, the ledger gets 'refunded' (money
 * back) and 'written_down' (the bill no longer owed) so the books still balance, and an issued invoice is reversed
 * by a red-letter invoice (红冲). Only payments made online can be refunded here; money that came by transfer is
 * returned by reversing its write-off.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { fourEyesRefusal } from '@/domain/approval/four-eyes';
import { AppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import { checkSignature } from '@/server/partners/hmac';
import { queuePartnerMessage } from '@/server/partners/partner-delivery.service';
import { BANK, type BillingService } from './billing.service';
import { auditFees, feeNotFound, ownPayer, requireFees, staleFees } from './fee-access';
import { assertFeeInScope, type FeeActor, feeScopeOf } from './fee-scope';
import { issuedBlueOf, requestRedInvoice } from './invoices.repository';
import * as repo from './refunds.repository';

/** What the bank posts to /api/fees/bank/refund-notify when a refund went through (in the OpenAPI document). */
export const refundResult = z
  .object({
    merchantId: z.string().min(1).max(64),
    refundNo: z.string().min(1).max(64),
    refundTxn: z.string().min(1).max(64),
    amountFen: z.number().int().positive(),
    refundedAt: z.string().datetime({ offset: true }),
  })
  .strict();
export type RefundResult = z.infer<typeof refundResult>;

/** What OneMap sends the bank for an approved refund, through the partner outbox. */
export const refundRequestMessage = z.object({
  merchantId: z.string(),
  refundNo: z.string(),
  merchantRef: z.string(),
  bankTxn: z.string().nullable(),
  amountFen: z.number().int(),
  reason: z.string(),
});

export type RefundResultOutcome =
  | { status: 200; body: { result: 'refunded' | 'already_refunded'; refundNo: string } }
  | { status: 400 | 401 | 404 | 409; body: { error: string } };

export class RefundsService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; billing: BillingService }) {}

  /** A clerk proposes returning a paid bill's payment in full, with a reason. */
  async propose(input: { billId: number; reason: string }, actor: FeeActor): Promise<{ code: string }> {
    requireFees(actor, 'fees:review');
    const reason = input.reason.trim();
    if (reason.length < 2) throw new AppError('BAD_REQUEST', 'fees.error.refundReason', 'A refund needs a reason');
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      await assertFeeInScope(trx, 'bill', input.billId, scope);
      const found = await repo.lockPaidBill(trx, input.billId);
      if (!found) throw feeNotFound('bill', input.billId);
      if (found.bill.status !== 'paid' || !found.payment)
        throw new AppError('CONFLICT', 'fees.error.refundNotPaidOnline', `Bill ${found.bill.code} has no online payment to refund`);
      const live = await trx
        .selectFrom('fee_refunds')
        .select('code')
        .where('payment_id', '=', found.payment.id)
        .where('status', '<>', 'rejected')
        .executeTakeFirst();
      if (live) throw new AppError('CONFLICT', 'fees.error.refundInPlay', `Refund ${live.code} is already in play`, { code: live.code });
      const count = await trx
        .selectFrom('fee_refunds')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const code = `TK-${found.bill.code.slice(3)}-${String(Number(count.n) + 1).padStart(4, '0')}`;
      await trx
        .insertInto('fee_refunds')
        .values({
          code,
          bill_id: found.bill.id,
          payment_id: found.payment.id,
          amount_fen: Number(found.payment.amount_fen),
          reason,
          status: 'proposed',
          proposed_by: actor.userId,
          proposed_at: this.deps.clock.now(),
        })
        .execute();
      await auditFees(trx, actor, 'fees.refund.propose', `bill:${found.bill.id}`, { code, reason });
      return { code };
    });
  }

  /** Another person decides; an approval sends the refund to the bank (through the outbox). */
  async decide(input: { id: number; version: number; approve: boolean; note: string | null }, actor: FeeActor): Promise<void> {
    requireFees(actor, 'fees:approve');
    const scope = await feeScopeOf(this.deps.db, actor);
    await this.deps.db.transaction().execute(async (trx) => {
      await assertFeeInScope(trx, 'refund', input.id, scope);
      const refund = await repo.lockRefund(trx, { id: input.id });
      if (!refund) throw feeNotFound('refund', input.id);
      if (refund.version !== input.version) throw staleFees(`Refund ${refund.code}`);
      const refusal = fourEyesRefusal(
        { status: refund.status, proposedBy: refund.proposed_by, version: refund.version },
        { deciderId: actor.userId, approve: input.approve },
      );
      if (refusal === 'selfApproval') throw new AppError('FORBIDDEN', 'fees.error.refundSelfApproval', 'The proposer cannot decide');
      if (refusal) throw new AppError('CONFLICT', 'fees.error.refundDecided', `Refund ${refund.code} is not waiting for a decision`);
      const now = this.deps.clock.now();
      await trx
        .updateTable('fee_refunds')
        .set((eb) => ({
          status: input.approve ? 'approved' : 'rejected',
          decided_by: actor.userId,
          decided_at: now,
          decision_note: input.note?.trim() || null,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', refund.id)
        .execute();
      if (input.approve) {
        const gateway = await this.deps.billing.gateway(trx);
        const payment = await trx.selectFrom('fee_payments').selectAll().where('id', '=', refund.payment_id).executeTakeFirstOrThrow();
        await queuePartnerMessage(trx, {
          partner: 'fee_bank',
          kind: 'fee_refund',
          body: refundRequestMessage.parse({
            merchantId: gateway.merchant_id,
            refundNo: refund.code,
            merchantRef: payment.merchant_ref,
            bankTxn: payment.bank_txn,
            amountFen: Number(refund.amount_fen),
            reason: refund.reason,
          }),
          at: now,
        });
      }
      await auditFees(trx, actor, input.approve ? 'fees.refund.approve' : 'fees.refund.reject', `bill:${refund.bill_id}`, {
        code: refund.code,
        note: input.note,
      });
    });
  }

  /** The bank's signed result of a refund: completes it once; a repeat answers as before. */
  async receiveResult(rawBody: string, headers: { timestamp?: string; signature?: string }): Promise<RefundResultOutcome> {
    const gateway = await this.deps.billing.gateway().catch(() => null);
    if (!gateway) return { status: 404, body: { error: 'no bank gateway configured' } };
    const check = checkSignature(gateway.notify_secret, headers, rawBody, this.deps.clock.now().getTime());
    if (check !== 'ok') return { status: 401, body: { error: `signature ${check}` } };
    let result: RefundResult;
    try {
      result = refundResult.parse(JSON.parse(rawBody));
    } catch {
      return { status: 400, body: { error: 'body is not a refund result' } };
    }
    if (result.merchantId !== gateway.merchant_id) return { status: 400, body: { error: 'merchantId is not ours' } };
    return this.deps.db.transaction().execute(async (trx): Promise<RefundResultOutcome> => {
      const refund = await repo.lockRefund(trx, { code: result.refundNo });
      if (!refund) return { status: 404, body: { error: `no refund ${result.refundNo}` } };
      if (refund.status === 'refunded')
        return refund.bank_refund_txn === result.refundTxn
          ? { status: 200, body: { result: 'already_refunded', refundNo: result.refundNo } }
          : { status: 409, body: { error: `refund ${result.refundNo} was completed by another transaction` } };
      if (refund.status !== 'approved') return { status: 409, body: { error: `refund ${result.refundNo} is not approved` } };
      if (result.amountFen !== Number(refund.amount_fen))
        return { status: 409, body: { error: `amount ${result.amountFen} does not match refund ${refund.code} (${refund.amount_fen})` } };
      const now = this.deps.clock.now();
      await trx
        .updateTable('fee_refunds')
        .set((eb) => ({ status: 'refunded', bank_refund_txn: result.refundTxn, completed_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', refund.id)
        .execute();
      await trx
        .updateTable('fee_bills')
        .set((eb) => ({ status: 'refunded', version: eb('version', '+', 1) }))
        .where('id', '=', refund.bill_id)
        .execute();
      const entry = {
        at: now,
        bill_id: refund.bill_id,
        payment_id: refund.payment_id,
        amount_fen: Number(refund.amount_fen),
        actor_name: '银行退款通知',
      };
      await trx
        .insertInto('fee_money_ledger')
        .values([
          { ...entry, entry: 'refunded', note: `${refund.code} ${result.refundTxn}` },
          { ...entry, entry: 'written_down', note: refund.code },
        ])
        .execute();
      const blue = await issuedBlueOf(trx, refund.bill_id);
      if (blue) await requestRedInvoice(trx, blue.id, now);
      await auditFees(trx, BANK, 'fees.refund.completed', `bill:${refund.bill_id}`, { code: refund.code, refundTxn: result.refundTxn });
      return { status: 200, body: { result: 'refunded', refundNo: result.refundNo } };
    });
  }

  async list(q: { status: string | null; limit: number }, actor: FeeActor) {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const own = await ownPayer(this.deps.db, actor);
    const rows = await repo.listRefunds(this.deps.db, { ...q, payerId: own?.id ?? null, scope: await feeScopeOf(this.deps.db, actor) });
    return rows.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }));
  }
}
