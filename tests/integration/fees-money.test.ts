/**
 * 清费云's money after payment on both dialects (issue 16): the invoice is requested with the payment and leaves
 * through the partner outbox, signed; the 数电票 result is recorded once; a bank statement writes off what matches
 * and explains what does not; a write-off never happens twice, however many imports run at once; a person matches,
 * sets aside and reverses on record; a refund is decided by another person, completed once by the bank's result
 * and reversed by a red-letter invoice — and the books balance after every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/server/clock';
import type { FeesHub } from '@/server/compose/fees';
import type { Actor } from '@/server/orders/order-change';
import { signedHeaders } from '@/server/partners/hmac';
import { PartnerDeliveryService, type PartnerRequest } from '@/server/partners/partner-delivery.service';
import { type InvoiceRequest, simulatedInvoiceNumber, simulatedInvoiceResult } from '@/server/sim/einvoice-documents';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { type FeeChain, feeChain } from './fees-fixture';
import { refusal } from './refusal';

const INVOICE_SECRET = 'einvoice-secret-for-tests';

describe.each(dialects)('清费云 invoices, reconciliation and refunds on %s', (dialect) => {
  let database: TestDatabase;
  let clock: ManualClock;
  let chain: FeeChain;
  let hub: FeesHub;
  let clerk: Actor;
  let payer: Actor;
  let deliveries: PartnerDeliveryService;
  const sent: PartnerRequest[] = [];
  let invoiceSequence = 0;

  const balanced = async () => {
    const books = await hub.billing.books(clerk);
    expect(books.billedFen).toBe(books.receivedFen + books.outstandingFen);
    return books;
  };
  const signed = (secret: string, body: string) => {
    const h = signedHeaders(secret, clock.now().getTime(), body, 'k');
    return { timestamp: h['x-onemap-timestamp'], signature: h['x-onemap-signature'] };
  };
  /** Sends what the outbox holds and returns the messages of one kind that left. */
  const deliver = async (url: string) => {
    const before = sent.length;
    await deliveries.deliverDue();
    return sent.slice(before).filter((r) => r.url === url);
  };
  /** The platform issues every invoice request it received. */
  const issueAll = async (requests: PartnerRequest[]) => {
    for (const r of requests) {
      const request = JSON.parse(r.body) as InvoiceRequest;
      const result = JSON.stringify(
        await simulatedInvoiceResult(request, simulatedInvoiceNumber(clock.now(), ++invoiceSequence), clock.now()),
      );
      expect((await hub.invoices.receiveResult(result, signed(INVOICE_SECRET, result))).status).toBe(200);
    }
  };
  const bills = async () =>
    Object.fromEntries(
      (await hub.billing.bills({ month: null, status: null, text: null, afterId: null, limit: 50 }, clerk)).map((b) => [
        `${b.month}/${b.kind}`,
        b,
      ]),
    );
  const statement = (rows: string[][]) => Buffer.from(['交易日期,金额,对方户名,对方账号,附言', ...rows.map((r) => r.join(','))].join('\n'));

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    clock = new ManualClock(new Date('2026-04-02T02:00:00Z'));
    chain = await feeChain(database, clock);
    ({ hub, clerk, payer } = chain);
    deliveries = new PartnerDeliveryService({
      db: database.db,
      clock,
      transport: async (request) => {
        sent.push(request);
        return { status: 202 };
      },
    });
    const link = { inboundSecret: INVOICE_SECRET, outboundSecret: 'to-partner', active: true };
    await deliveries.configurePartner({ code: 'einvoice', name: '数电票', outboundUrl: 'http://einvoice.test/requests', ...link });
    await deliveries.configurePartner({ code: 'fee_bank', name: '银行', outboundUrl: 'http://bank.test/refunds', ...link });
    await hub.billing.generateMonth('2026-04', clerk);
    await hub.billing.generateMonth('2026-05', clerk);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('asks for the invoice with the payment, through the signed outbox, and records the platform’s result once', async () => {
    const bill = (await bills())['2026-04/contract'];
    const { merchantRef, amountFen } = await hub.billing.startPayment(bill.id, payer);
    await chain.notify({ merchantRef, bankTxn: 'BANK-1', amountFen });
    const [request] = await deliver('http://einvoice.test/requests');
    expect(request.headers['x-onemap-signature']).toMatch(/^sha256=/);
    const body = JSON.parse(request.body) as InvoiceRequest;
    expect(body).toMatchObject({ kind: 'blue', billCode: bill.code, buyer: { name: chain.payerName }, item: { amountFen: 25_000 } });
    await issueAll([request]);
    // The platform repeating itself changes nothing; a forged result is refused.
    const again = JSON.stringify(await simulatedInvoiceResult(body, simulatedInvoiceNumber(clock.now(), invoiceSequence), clock.now()));
    expect((await hub.invoices.receiveResult(again, signed(INVOICE_SECRET, again))).body).toMatchObject({ result: 'already_recorded' });
    expect((await hub.invoices.receiveResult(again, signed('forged', again))).status).toBe(401);
    const [invoice] = await hub.invoices.list({ billId: bill.id, text: null, afterId: null, limit: 5 }, payer);
    expect(invoice).toMatchObject({ kind: 'blue', status: 'issued', amount_fen: 25_000 });
    expect(invoice.number).toMatch(/^\d{20}$/);
    const pdf = await hub.invoices.file(invoice.id, 'pdf', payer);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await hub.invoices.file(invoice.id, 'xml', payer)).bytes.toString()).toContain(`<Number>${invoice.number}</Number>`);
    expect((await refusal(hub.invoices.file(invoice.id, 'pdf', chain.otherPayer))).code).toBe('NOT_FOUND');
    expect(await hub.invoices.list({ billId: null, text: invoice.number, afterId: null, limit: 5 }, clerk)).toHaveLength(1);
    await balanced();
  });

  it('writes off what matches and explains each line that does not', async () => {
    const b = await bills();
    const report = await hub.reconciliation.importStatement(
      {
        fileName: '2026-05.csv',
        mode: 'all',
        bytes: statement([
          ['2026-04-03', '250.00', chain.payerName, '6222 0001', `缴费 ${b['2026-04/contract'].code}`], // paid online: confirmed
          ['2026-05-10', '100.00', '鑫源 便利店', '6222 0001', `${b['2026-04/overage'].code}`], // open: the transfer pays it
          ['2026-05-11', '120.00', chain.payerName, '6222 0001', `${b['2026-05/contract'].code}`], // partial
          ['2026-05-12', '350.00', chain.payerName, '6222 0001', `${b['2026-05/contract'].code} ${b['2026-04/overage'].code}`],
          ['2026-05-13', '250.00', chain.payerName, '6222 0001', '五月垃圾费'], // no reference
          ['2026-05-14', '250.00', '不认识的公司', '6222 9999', `${b['2026-05/contract'].code}`], // unknown payer
        ]),
      },
      clerk,
    );
    expect(report).toMatchObject({ newLines: 6, writtenOff: 2, errors: [] });
    expect(report.unmatched).toEqual({ partial: 1, several_bills: 1, no_reference: 1, unknown_payer: 1 });
    const after = await bills();
    expect(after['2026-04/overage'].status).toBe('paid');
    // The transfer's bill asks for its invoice like an online payment.
    expect((await deliver('http://einvoice.test/requests')).map((r) => (JSON.parse(r.body) as InvoiceRequest).billCode)).toEqual([
      after['2026-04/overage'].code,
    ]);
    expect(await balanced()).toEqual({ billedFen: 60_000, receivedFen: 35_000, outstandingFen: 25_000 });
    // The same statement again stores nothing twice.
    const again = await hub.reconciliation.importStatement({ fileName: '2026-05.csv', mode: 'all', bytes: statement([]) }, clerk);
    expect(again.newLines).toBe(0);
    // A bad row refuses the whole file, with its row and column.
    const bad = await hub.reconciliation.importStatement(
      { fileName: 'bad.csv', mode: 'all', bytes: statement([['2026-05-32', '1.005', chain.payerName, '', '']]) },
      clerk,
    );
    expect(bad.importId).toBeNull();
    expect(bad.errors.map((e) => e.column).sort()).toEqual(['交易日期', '金额']);
  });

  it('never writes a bill off twice, however many imports run at once', async () => {
    const may = (await bills())['2026-05/contract'];
    const line = (day: string) => [day, '250.00', chain.payerName, '6222 0001', `转账 ${may.code}`];
    const imports = await Promise.all([
      hub.reconciliation.importStatement({ fileName: 'a.csv', mode: 'all', bytes: statement([line('2026-05-20')]) }, clerk),
      hub.reconciliation.importStatement({ fileName: 'a.csv', mode: 'all', bytes: statement([line('2026-05-20')]) }, clerk),
      hub.reconciliation.importStatement({ fileName: 'b.csv', mode: 'all', bytes: statement([line('2026-05-21')]) }, clerk),
    ]);
    expect(imports.reduce((n, r) => n + r.writtenOff, 0)).toBe(1);
    const live = await database.db
      .selectFrom('fee_write_offs')
      .select('id')
      .where('bill_id', '=', may.id)
      .where('reversed_at', 'is', null)
      .execute();
    expect(live).toHaveLength(1);
    const received = await database.db
      .selectFrom('fee_money_ledger')
      .select('id')
      .where('bill_id', '=', may.id)
      .where('entry', '=', 'received')
      .execute();
    expect(received).toHaveLength(1);
    expect(await balanced()).toEqual({ billedFen: 60_000, receivedFen: 60_000, outstandingFen: 0 });
  });

  it('lets a person reverse a write-off with a reason, and match or set aside what is left, on record', async () => {
    const may = (await bills())['2026-05/contract'];
    const [line] = await hub.reconciliation.lines({ status: 'written_off', problem: null, afterId: null, limit: 1 }, clerk);
    const writeOff = line.write_offs[0];
    expect(writeOff.billCode).toBe(may.code);
    expect((await refusal(hub.reconciliation.reverse({ writeOffId: writeOff.id, reason: ' ' }, clerk))).messageKey).toBe(
      'fees.error.reasonNeeded',
    );
    await hub.reconciliation.reverse({ writeOffId: writeOff.id, reason: '银行退回该笔转账' }, clerk);
    expect((await refusal(hub.reconciliation.reverse({ writeOffId: writeOff.id, reason: '再次' }, clerk))).messageKey).toBe(
      'fees.error.alreadyReversed',
    );
    expect((await bills())['2026-05/contract'].status).toBe('open');
    expect(await balanced()).toEqual({ billedFen: 60_000, receivedFen: 35_000, outstandingFen: 25_000 });

    // The line without a reference is the May payment: matched by hand, once the sum is the line's to the 分.
    const [noRef] = await hub.reconciliation.lines({ status: 'unmatched', problem: 'no_reference', afterId: null, limit: 5 }, clerk);
    const candidates = await hub.reconciliation.candidates(noRef.id, null, clerk);
    expect(candidates.map((c) => c.code)).toContain(may.code);
    const overage = (await bills())['2026-04/overage'];
    expect(
      (await refusal(hub.reconciliation.matchLine({ lineId: noRef.id, version: noRef.version, billIds: [overage.id], note: null }, clerk)))
        .messageKey,
    ).toBe('fees.error.matchSum');
    await hub.reconciliation.matchLine({ lineId: noRef.id, version: noRef.version, billIds: [may.id], note: '电话确认为五月费用' }, clerk);
    expect((await bills())['2026-05/contract'].status).toBe('paid');
    const [partial] = await hub.reconciliation.lines({ status: 'unmatched', problem: 'partial', afterId: null, limit: 5 }, clerk);
    await hub.reconciliation.setAside({ lineId: partial.id, version: partial.version, reason: '部分付款，退回付款人' }, clerk);
    expect((await hub.reconciliation.lines({ status: 'set_aside', problem: null, afterId: null, limit: 5 }, clerk))[0].note).toBe(
      '部分付款，退回付款人',
    );
    const audit = await database.db.selectFrom('audit_log').select('action').where('action', 'like', 'fees.statement.%').execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(
      new Set(['fees.statement.import', 'fees.statement.reverse', 'fees.statement.match', 'fees.statement.setAside']),
    );
    expect(await balanced()).toEqual({ billedFen: 60_000, receivedFen: 60_000, outstandingFen: 0 });
  });

  it('refunds on a second person’s approval, once, and reverses the invoice in red', async () => {
    const april = (await bills())['2026-04/contract'];
    expect((await refusal(hub.refunds.propose({ billId: april.id, reason: '重复缴费' }, payer))).code).toBe('FORBIDDEN');
    const { code } = await hub.refunds.propose({ billId: april.id, reason: '合同提前终止，退还当月费用' }, clerk);
    expect((await refusal(hub.refunds.propose({ billId: april.id, reason: '再退一次' }, clerk))).messageKey).toBe(
      'fees.error.refundInPlay',
    );
    const [refund] = await hub.refunds.list({ status: 'proposed', limit: 5 }, clerk);
    expect((await refusal(hub.refunds.decide({ id: refund.id, version: refund.version, approve: true, note: null }, clerk))).code).toBe(
      'FORBIDDEN',
    );
    await hub.refunds.decide({ id: refund.id, version: refund.version, approve: true, note: '同意' }, chain.supervisor);
    const [toBank] = await deliver('http://bank.test/refunds');
    expect(JSON.parse(toBank.body)).toMatchObject({ refundNo: code, amountFen: 25_000, reason: '合同提前终止，退还当月费用' });
    const gateway = await hub.billing.gateway();
    const result = JSON.stringify({
      merchantId: gateway.merchant_id,
      refundNo: code,
      refundTxn: 'REFUND-1',
      amountFen: 25_000,
      refundedAt: clock.now().toISOString(),
    });
    const outcomes = await Promise.all([1, 2].map(() => hub.refunds.receiveResult(result, signed(gateway.notify_secret, result))));
    expect(outcomes.map((o) => ('result' in o.body ? o.body.result : o.status)).sort()).toEqual(['already_refunded', 'refunded']);
    expect((await bills())['2026-04/contract'].status).toBe('refunded');
    expect(await balanced()).toEqual({ billedFen: 35_000, receivedFen: 35_000, outstandingFen: 0 });
    // The red-letter request names the blue invoice; once issued, the ledger holds both.
    const [red] = await deliver('http://einvoice.test/requests');
    const blue = (await hub.invoices.list({ billId: april.id, text: null, afterId: null, limit: 5 }, clerk)).find(
      (i) => i.kind === 'blue',
    )!;
    expect(JSON.parse(red.body)).toMatchObject({ kind: 'red', originalNumber: blue.number, item: { amountFen: 25_000 } });
    await issueAll([red]);
    const ledger = await hub.invoices.list({ billId: april.id, text: null, afterId: null, limit: 5 }, payer);
    expect(ledger.map((i) => [i.kind, i.status])).toEqual([
      ['red', 'issued'],
      ['blue', 'issued'],
    ]);
    expect(ledger[0].original_number).toBe(blue.number);
  });
});
