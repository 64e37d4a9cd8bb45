/**
 * 清费云 bills and payments on both dialects: a month's bills are drawn once from the contract and the recorded
 * overage; the bank's signed notification pays a bill once however often (and however concurrently) it arrives;
 * a notification with another amount, a bad signature or another payer's bill settles nothing; and the books
 * balance (billed = received + outstanding) after every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/server/clock';
import type { FeesHub } from '@/server/compose/fees';
import type { Actor } from '@/server/orders/order-change';
import { refusal } from './refusal';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { type FeeChain, feeChain } from './fees-fixture';

describe.each(dialects)('清费云 bills and payments on %s', (dialect) => {
  let database: TestDatabase;
  let hub: FeesHub;
  let clock: ManualClock;
  let clerk: Actor;
  let payer: Actor;
  let otherPayer: Actor;
  let notify: FeeChain['notify'];
  const balanced = async () => {
    const books = await hub.billing.books(clerk);
    expect(books.billedFen).toBe(books.receivedFen + books.outstandingFen);
    return books;
  };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    clock = new ManualClock(new Date('2026-04-02T02:00:00Z'));
    ({ hub, clerk, payer, otherPayer, notify } = await feeChain(database, clock));
  });
  afterAll(async () => {
    await database.drop();
  });

  it("draws the month's bills once: the contract's amount and the overage supplement", async () => {
    expect(await hub.billing.generateMonth('2026-04', clerk)).toEqual({ created: 2 });
    expect(await hub.billing.generateMonth('2026-04', clerk)).toEqual({ created: 0 });
    const bills = await hub.billing.bills({ month: '2026-04', status: null, text: null, afterId: null, limit: 10 }, payer);
    expect(bills.map((b) => [b.kind, b.amount_fen, b.due_date, b.status]).sort()).toEqual([
      ['contract', 25_000, '2026-04-15', 'open'],
      ['overage', 10_000, '2026-05-15', 'open'],
    ]);
    expect(await hub.billing.bills({ month: null, status: null, text: null, afterId: null, limit: 10 }, otherPayer)).toEqual([]);
    expect(await balanced()).toEqual({ billedFen: 35_000, receivedFen: 0, outstandingFen: 35_000 });
  });

  const billOf = async (kind: 'contract' | 'overage') =>
    (await hub.billing.bills({ month: '2026-04', status: null, text: null, afterId: null, limit: 10 }, payer)).find(
      (b) => b.kind === kind,
    )!;

  it('pays a bill once, however often and however concurrently the bank says so', async () => {
    const bill = await billOf('contract');
    expect((await refusal(hub.billing.startPayment(bill.id, otherPayer))).code).toBe('NOT_FOUND');
    const { merchantRef, amountFen } = await hub.billing.startPayment(bill.id, payer);
    expect(amountFen).toBe(bill.amount_fen);
    const paid = { merchantRef, bankTxn: 'BANK-0001', amountFen };
    const outcomes = await Promise.all([notify(paid), notify(paid), notify(paid)]);
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200]);
    expect(outcomes.map((o) => ('result' in o.body ? o.body.result : '')).sort()).toEqual(['already_paid', 'already_paid', 'paid']);
    const received = await database.db.selectFrom('fee_money_ledger').select('id').where('entry', '=', 'received').execute();
    expect(received).toHaveLength(1);
    const detail = await hub.billing.bill(bill.id, payer);
    expect(detail.status).toBe('paid');
    expect(detail.payments[0].voucher).toMatchObject({ bankTxn: 'BANK-0001', amountFen: bill.amount_fen, billCode: bill.code });
    // Another bank transaction for the same payment is not a second payment.
    expect((await notify({ ...paid, bankTxn: 'BANK-0002' })).status).toBe(409);
    await balanced();
  });

  it('refuses a payment of another amount, a forged notification and an unknown payment, settling nothing', async () => {
    const bill = await billOf('overage');
    const { merchantRef, amountFen } = await hub.billing.startPayment(bill.id, payer);
    expect((await notify({ merchantRef, bankTxn: 'BANK-0003', amountFen: amountFen - 1 })).status).toBe(409);
    expect((await notify({ merchantRef, bankTxn: 'BANK-0004', amountFen }, 'not-the-secret')).status).toBe(401);
    expect((await notify({ merchantRef: 'PAY-NOPE', bankTxn: 'BANK-0005', amountFen })).status).toBe(404);
    expect((await hub.billing.bill(bill.id, clerk)).status).toBe('open');
    const books = await balanced();
    expect(books).toEqual({ billedFen: 35_000, receivedFen: 25_000, outstandingFen: 10_000 });
    // The ledger refuses to be rewritten.
    await expect(database.db.updateTable('fee_money_ledger').set({ amount_fen: 1 }).execute()).rejects.toThrow();
  });

  it('sums billed, received, outstanding and overdue by waste type and by month, the same as the books', async () => {
    const byType = await hub.billing.statistics({ from: '2026-01', to: '2026-12', groupBy: 'wasteType' }, clerk);
    expect(byType).toEqual([
      {
        key: 'kitchen',
        label: 'kitchen',
        contracts: 1,
        billedFen: 35_000,
        receivedFen: 25_000,
        invoicedFen: 0,
        outstandingFen: 10_000,
        overdueFen: 0,
        overdueBills: 0,
      },
    ]);
    // After 15 May the overage supplement is overdue.
    clock.set(new Date('2026-05-20T02:00:00Z'));
    const byMonth = await hub.billing.statistics({ from: '2026-04', to: '2026-04', groupBy: 'month' }, clerk);
    expect(byMonth.map((r) => [r.key, r.overdueFen, r.overdueBills])).toEqual([['2026-04', 10_000, 1]]);
    const books = await balanced();
    expect(byMonth[0].billedFen).toBe(books.billedFen);
    expect((await refusal(hub.billing.statistics({ from: '2026-05', to: '2026-04', groupBy: 'month' }, clerk))).messageKey).toBe(
      'fees.error.monthRange',
    );
    expect((await refusal(hub.billing.statistics({ from: '2026-04', to: '2026-04', groupBy: 'month' }, payer))).code).toBe('FORBIDDEN');
  });

  it('queues the renewal and payment reminders to the payer once each, in office hours', async () => {
    // 20 May 10:00: the April overage supplement (due 15 May) is overdue; the May bill is not drawn yet.
    expect(await hub.reminders.plan()).toBe(1);
    expect(await hub.reminders.plan()).toBe(0);
    // The contract (2026-04 … 2027-03) comes within 30 days of its end in March 2027, at 22:00: called at 09:00.
    clock.set(new Date('2027-03-10T14:00:00Z'));
    expect(await hub.reminders.plan()).toBe(1);
    const calls = await database.db
      .selectFrom('voice_calls')
      .select(['dedupe_key', 'target_phone', 'script', 'due_at'])
      .orderBy('id')
      .execute();
    expect(calls.map((c) => c.dedupe_key.replace(/:\d+:/, ':#:'))).toEqual(['fee_payment:#:overdue', 'fee_renewal:#:2027-03']);
    expect(calls[0].script).toContain('100.00元已于2026-05-15到期未缴');
    expect(calls[1].target_phone).toBe('13800000000');
    expect(new Date(calls[1].due_at).toISOString()).toBe('2027-03-11T01:00:00.000Z');
  });
});
