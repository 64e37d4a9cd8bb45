/**
 * The bank, simulated (no bank can be reached from here): installs a simulated gateway (merchant number and the
 * notification secret) when none is configured, and plays the bank's side of a payment — the payer confirms at
 * "the bank", which then posts its signed notification to /api/fees/bank/notify over HTTP, as a real gateway
 * would. The screens mark it as simulated. A real gateway replaces this file and the row in fee_bank_gateway.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import { signedHeaders } from '@/server/partners/hmac';
import { BANK_NOTIFY_PATH } from './fee-notify.routes';
import type { BankNotification } from './billing.service';

export async function installSimulatedGateway(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('fee_bank_gateway')
    .values({ id: 1, merchant_id: 'SIM-LR-310105-0001', notify_secret: randomBytes(32).toString('hex'), simulated: true })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export class SimulatedBank {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; baseUrl: string }) {}

  /** The payer confirms the payment at the bank; the bank notifies the merchant (and answers with the reply). */
  async confirm(merchantRef: string, payerAccountName: string): Promise<{ status: number; body: unknown }> {
    const gateway = await this.deps.db.selectFrom('fee_bank_gateway').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!gateway?.simulated) throw new AppError('CONFLICT', 'fees.error.notSimulated', 'The bank gateway is not the simulated one');
    const payment = await this.deps.db
      .selectFrom('fee_payments')
      .select(['merchant_ref', 'amount_fen'])
      .where('merchant_ref', '=', merchantRef)
      .executeTakeFirst();
    if (!payment) throw new AppError('NOT_FOUND', 'error.notFound', `No payment ${merchantRef}`, { what: merchantRef });
    const now = this.deps.clock.now();
    const notification: BankNotification = {
      merchantId: gateway.merchant_id,
      merchantRef,
      bankTxn: `SIMBANK${now.getTime()}${randomBytes(2).toString('hex').toUpperCase()}`,
      amountFen: Number(payment.amount_fen),
      paidAt: now.toISOString(),
      payerAccountName,
    };
    const body = JSON.stringify(notification);
    const response = await fetch(new URL(BANK_NOTIFY_PATH, this.deps.baseUrl), {
      method: 'POST',
      headers: signedHeaders(gateway.notify_secret, now.getTime(), body, notification.bankTxn),
      body,
    });
    return { status: response.status, body: await response.json() };
  }
}
