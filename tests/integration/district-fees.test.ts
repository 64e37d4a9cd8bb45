/**
 * 清费云 by district (issue 22) on both dialects, through the real routers and file routes: beside 长宁区 a second,
 * synthetic district, each with its fee office (clerk, supervisor), a payer, a collection company and the whole
 * chain — declaration, contract, clearance order and volumes, bills, a payment and its invoice. Each office sees
 * and acts on its own district's parties, contracts, orders, bills, invoices, refunds, statements and figures only
 * (another district's record is "not found", like one that does not exist); a new payer is its registering
 * office's district's; a bank statement is matched only against its importer's district's bills; the city level
 * sees everything.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/db/schema';
import { stPoint } from '@/db/st';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import { SESSION_COOKIE, type SessionUser } from '@/server/auth/auth.service';
import { insertCollectionPoint, insertCompany } from '@/server/fees/parties.repository';
import { installSimulatedGateway } from '@/server/fees/simulated-bank';
import { signedHeaders } from '@/server/partners/hmac';
import { dialects } from './databases';
import { FIXTURE } from './map-fixture';
import { insertOtherDistrict, OTHER } from './second-district';
import { type LiveTestApp, startLiveApp } from './units-fixtures';

const createCaller = createCallerFactory(appRouter);
const MONTH = '2026-04';

/** What one district's chain left: its records' ids, for the other district to be refused. */
interface Chain {
  payerId: number;
  declarationId: number;
  contractId: number;
  contractCode: string;
  orderId: number;
  paidBillId: number;
  openBill: { id: number; code: string; amount_fen: number };
  invoiceId: number;
  pendingCompanyId: number;
}

describe.each(dialects)('清费云 by district on %s', (dialect) => {
  let t: LiveTestApp;
  const users: Record<string, { user: SessionUser; cookie: string }> = {};
  const chains: Record<'cn' | 'xh', Chain> = {} as Record<'cn' | 'xh', Chain>;
  const caller = (who: string) =>
    createCaller({ services: t.app.services, user: users[who].user, sessionToken: undefined, ip: null, setCookie: () => undefined });
  const get = (path: string, who: string) => fetch(`${t.baseUrl}${path}`, { headers: { cookie: users[who].cookie } });

  async function account(name: string, role: Role, districtCode: string | null) {
    await t.app.services.auth.createUser({ username: name, displayName: name, role, password: 'test-password-123', districtCode });
    const { token, user } = await t.app.services.auth.signIn(name, 'test-password-123', null);
    users[name] = { user, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` };
  }

  /** The bank's signed notification that a payment went through. */
  async function bankPays(merchantRef: string, amountFen: number) {
    const gateway = await t.app.services.fees.billing.gateway();
    const now = Date.now();
    const text = JSON.stringify({
      merchantId: gateway.merchant_id,
      merchantRef,
      bankTxn: `BANK-${merchantRef}`,
      amountFen,
      paidAt: new Date(now).toISOString(),
    });
    const headers = signedHeaders(gateway.notify_secret, now, text, 'k');
    const outcome = await t.app.services.fees.billing.receiveNotification(text, {
      timestamp: headers['x-onemap-timestamp'],
      signature: headers['x-onemap-signature'],
    });
    expect(outcome.status).toBe(200);
  }

  /** One district's whole chain, each step by its own people through the routers. */
  async function chain(
    d: 'cn' | 'xh',
    place: { subDistrictCode: string | null; lngLat: [number, number] },
    depotId: number,
  ): Promise<Chain> {
    const db = t.database.db;
    const companyUser = users[`${d}-company`].user;
    const verified = await insertCompany(db, {
      name: `${d} 清运公司`,
      creditCode: d === 'cn' ? '91310105MA1FL0BB5D' : '91310104MA1FL0BB6B',
      contactName: '吴经理',
      contactPhone: '13900000000',
      depotFacilityId: depotId,
      userId: companyUser.id,
      status: 'verified',
      synthetic: true,
    });
    expect(verified.id).toBeGreaterThan(0);
    const pending = await insertCompany(db, {
      name: `${d} 待核验清运公司`,
      creditCode: d === 'cn' ? '91310105MA1FL0BC7X' : '91310104MA1FL0BD9L',
      contactName: '赵经理',
      contactPhone: '13900000001',
      depotFacilityId: depotId,
      userId: null,
      status: 'pending',
      synthetic: true,
    });
    const payer = await caller(`${d}-clerk`).fees.registerPayer({
      name: d === 'cn' ? '长宁便利店' : '徐汇便利店',
      creditCode: d === 'cn' ? '9144030071526726XG' : '914403001922038216',
      kind: 'shop',
      address: d === 'cn' ? '长宁路1号' : '测试路1号',
      contactName: '王',
      contactPhone: '13800000000',
      ...place,
    });
    await db
      .updateTable('fee_payers')
      .set({ user_id: users[`${d}-payer`].user.id })
      .where('id', '=', payer.id)
      .execute();
    await insertCollectionPoint(db, { payerId: payer.id, name: payer.name, lngLat: place.lngLat });

    const other = d === 'cn' ? 'xh' : 'cn';
    let decl = await caller(`${d}-payer`).fees.declare({ payerId: payer.id, month: MONTH, wasteType: 'kitchen', quantity: 10 });
    decl = await caller(`${d}-payer`).fees.submitDeclaration({ id: decl.id, expectedVersion: decl.version });
    // Another district's office cannot review or approve it: it is not there for them.
    await expect(
      caller(`${other}-clerk`).fees.reviewDeclaration({ id: decl.id, expectedVersion: decl.version, pass: true }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    decl = await caller(`${d}-clerk`).fees.reviewDeclaration({ id: decl.id, expectedVersion: decl.version, pass: true });
    await expect(
      caller(`${other}-supervisor`).fees.approveDeclaration({ id: decl.id, expectedVersion: decl.version }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { contract } = await caller(`${d}-supervisor`).fees.approveDeclaration({ id: decl.id, expectedVersion: decl.version });
    await expect(
      caller(`${other}-clerk`).fees.changeContract({ id: contract.id, expectedVersion: contract.version, action: 'activate' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await caller(`${d}-clerk`).fees.changeContract({ id: contract.id, expectedVersion: contract.version, action: 'activate' });
    // The contract went to the district's own company; the month's orders are issued for the district's contracts only.
    expect(
      (await db.selectFrom('fee_contracts').select('company_id').where('id', '=', contract.id).executeTakeFirstOrThrow()).company_id,
    ).toBe(verified.id);
    expect(await caller(`${d}-clerk`).fees.issueOrders({ month: MONTH })).toEqual({ issued: 1 });
    const [order] = await caller(`${d}-company`).fees.orders({ month: MONTH });
    await caller(`${d}-company`).fees.acceptOrder({ id: order.id, expectedVersion: order.version });
    const csv = Buffer.from(`合同编号,月份,实际清运量\n${contract.code},${MONTH},14\n`).toString('base64');
    // Another district's clerk cannot report on the contract: it reads as one that does not exist.
    const foreign = await caller(`${other}-clerk`).fees.uploadVolumes({ fileName: 'v.csv', base64: csv, mode: 'all' });
    expect(foreign.imported).toBe(0);
    expect(foreign.errors[0].message).toContain('未找到合同');
    expect((await caller(`${d}-company`).fees.uploadVolumes({ fileName: 'v.csv', base64: csv, mode: 'all' })).imported).toBe(1);
    expect(await caller(`${d}-clerk`).fees.generateBills({ month: MONTH })).toEqual({ created: 2 });

    const bills = await caller(`${d}-payer`).fees.bills({});
    const contractBill = bills.find((b) => b.kind === 'contract')!;
    const overageBill = bills.find((b) => b.kind === 'overage')!;
    const started = await caller(`${d}-payer`).fees.startPayment({ billId: contractBill.id });
    await bankPays(started.merchantRef, started.amountFen);
    // The platform's answer, as recorded (the 数电票 round trip itself is fees-money.test.ts's).
    const invoice = await db
      .updateTable('fee_invoices')
      .set({
        status: 'issued',
        number: d === 'cn' ? '26310000000000000001' : '26310000000000000002',
        issued_at: new Date(),
        pdf: Buffer.from('%PDF-1.4 test'),
        xml: '<Invoice/>',
      })
      .where('bill_id', '=', contractBill.id)
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      payerId: payer.id,
      declarationId: decl.id,
      contractId: contract.id,
      contractCode: contract.code,
      orderId: order.id,
      paidBillId: contractBill.id,
      openBill: { id: overageBill.id, code: overageBill.code, amount_fen: overageBill.amount_fen },
      invoiceId: invoice.id,
      pendingCompanyId: pending.id,
    };
  }

  beforeAll(async () => {
    t = await startLiveApp(dialect, []);
    const db = t.database.db;
    await insertOtherDistrict(db);
    const { id: xhDepot } = await db
      .insertInto('facilities')
      .values({
        kind: 'toilet',
        code: 'XH-DEPOT',
        name: '徐汇测试车场',
        sub_district_code: OTHER.sub,
        status: 'open',
        attrs: '{}',
        synthetic: true,
        geom: stPoint([121.47, 31.21]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await installSimulatedGateway(db);
    for (const [d, code] of [
      ['cn', FIXTURE.district.code],
      ['xh', OTHER.code],
    ] as const) {
      await account(`${d}-clerk`, 'fee_clerk', code);
      await account(`${d}-supervisor`, 'fee_supervisor', code);
      await account(`${d}-payer`, 'fee_payer', null);
      await account(`${d}-company`, 'collection_company', null);
    }
    await account('cn-duty', 'duty_officer', FIXTURE.district.code);
    await account('city-clerk', 'fee_clerk', null);
    await account('city-supervisor', 'fee_supervisor', null);
    await account('city', 'city_commander', null);
    chains.cn = await chain('cn', { subDistrictCode: FIXTURE.east.code, lngLat: [121.42, 31.2] }, t.facilityIds['T-1']);
    // Registered with only a point: placed in the sub-district the point lies in.
    chains.xh = await chain('xh', { subDistrictCode: null, lngLat: [121.47, 31.2] }, xhDepot);
  });
  afterAll(() => t?.close());

  it('keeps each office to its district’s payers and companies, and places a new payer in the registering office’s district', async () => {
    const payers = async (who: string) => (await caller(who).fees.payers({})).map((p) => p.id).sort();
    expect(await payers('cn-clerk')).toEqual([chains.cn.payerId]);
    expect(await payers('xh-clerk')).toEqual([chains.xh.payerId]);
    expect(await payers('city-clerk')).toEqual([chains.cn.payerId, chains.xh.payerId].sort());
    expect((await caller('xh-clerk').fees.payers({}))[0].sub_district_code).toBe(OTHER.sub);

    const base = {
      name: '新店',
      creditCode: '91110000600037341L',
      kind: 'shop' as const,
      address: '某路1号',
      contactName: '李',
      contactPhone: '13800000002',
    };
    // Another district's sub-district or place is refused; with neither, a district's office must name one of its own.
    for (const place of [
      { subDistrictCode: FIXTURE.east.code, lngLat: null },
      { subDistrictCode: null, lngLat: [121.42, 31.2] as [number, number] },
      { subDistrictCode: null, lngLat: null },
    ])
      await expect(caller('xh-clerk').fees.registerPayer({ ...base, ...place })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await t.database.db.selectFrom('fee_payers').select('id').where('name', '=', '新店').execute()).toEqual([]);

    const companies = async (who: string) => (await caller(who).fees.companies()).map((c) => c.name).sort();
    expect(await companies('cn-clerk')).toEqual(['cn 待核验清运公司', 'cn 清运公司']);
    expect(await companies('city-clerk')).toHaveLength(4);
    expect((await caller('xh-clerk').fees.pendingParties()).map((p) => p.id)).toEqual([chains.xh.pendingCompanyId]);
    expect((await caller('cn-clerk').fees.todos()).partiesToVerify).toBe(1);
    await expect(
      caller('cn-clerk').fees.verifyParty({ party: 'company', id: chains.xh.pendingCompanyId, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller('cn-clerk').fees.verifyParty({ party: 'company', id: 999_999, expectedVersion: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      (await caller('xh-clerk').fees.verifyParty({ party: 'company', id: chains.xh.pendingCompanyId, expectedVersion: 1 })).status,
    ).toBe('verified');
  });

  it('shows each office its district’s declarations, contracts and clearance work; another district’s are not found', async () => {
    const declarations = async (who: string) => (await caller(who).fees.declarations({})).map((d) => d.id).sort();
    expect(await declarations('cn-clerk')).toEqual([chains.cn.declarationId]);
    expect(await declarations('city-supervisor')).toEqual([chains.cn.declarationId, chains.xh.declarationId].sort());
    const contracts = async (who: string) => (await caller(who).fees.contracts({})).map((c) => c.id).sort();
    expect(await contracts('xh-supervisor')).toEqual([chains.xh.contractId]);
    expect(await contracts('city-clerk')).toEqual([chains.cn.contractId, chains.xh.contractId].sort());
    await expect(caller('cn-clerk').fees.contract({ id: chains.xh.contractId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await caller('xh-clerk').fees.contract({ id: chains.xh.contractId })).code).toBe(chains.xh.contractCode);
    expect((await caller('city-clerk').fees.contract({ id: chains.xh.contractId })).code).toBe(chains.xh.contractCode);
    expect((await caller('cn-clerk').fees.todos()).contractsToActivate).toBe(0);

    const orders = async (who: string) => (await caller(who).fees.orders({})).map((o) => o.id).sort();
    expect(await orders('cn-clerk')).toEqual([chains.cn.orderId]);
    expect(await orders('city-clerk')).toEqual([chains.cn.orderId, chains.xh.orderId].sort());
    await expect(caller('cn-company').fees.acceptOrder({ id: chains.xh.orderId, expectedVersion: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const ledger = async (who: string) => (await caller(who).fees.clearance({ month: MONTH })).map((r) => r.code).sort();
    expect(await ledger('xh-clerk')).toEqual([chains.xh.contractCode]);
    expect(await ledger('city-supervisor')).toHaveLength(2);
  });

  it('keeps bills, books, invoices, refunds and statistics to the district, in the app and in its files', async () => {
    const bills = async (who: string) => (await caller(who).fees.bills({})).map((b) => b.id);
    expect(await bills('cn-clerk')).toHaveLength(2);
    expect((await bills('cn-clerk')).every((id) => id !== chains.xh.paidBillId && id !== chains.xh.openBill.id)).toBe(true);
    expect(await bills('city-clerk')).toHaveLength(4);
    await expect(caller('cn-clerk').fees.bill({ id: chains.xh.paidBillId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const cnBooks = await caller('cn-clerk').fees.books();
    const xhBooks = await caller('xh-supervisor').fees.books();
    const cityBooks = await caller('city-clerk').fees.books();
    expect(cnBooks.billedFen).toBe(cnBooks.receivedFen + cnBooks.outstandingFen);
    expect(cityBooks.billedFen).toBe(cnBooks.billedFen + xhBooks.billedFen);
    expect(cityBooks.outstandingFen).toBe(cnBooks.outstandingFen + xhBooks.outstandingFen);

    const invoices = async (who: string) => (await caller(who).fees.invoices({})).map((i) => i.id).sort();
    expect(await invoices('xh-clerk')).toEqual([chains.xh.invoiceId]);
    expect(await invoices('city-supervisor')).toEqual([chains.cn.invoiceId, chains.xh.invoiceId].sort());
    await expect(caller('xh-clerk').fees.retryInvoice({ billId: chains.cn.paidBillId })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Refunds: proposed, listed and decided within the district only.
    await expect(caller('xh-clerk').fees.proposeRefund({ billId: chains.cn.paidBillId, reason: '重复缴费' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await caller('cn-clerk').fees.proposeRefund({ billId: chains.cn.paidBillId, reason: '重复缴费' });
    expect(await caller('xh-supervisor').fees.refunds({})).toEqual([]);
    const [refund] = await caller('cn-supervisor').fees.refunds({});
    expect((await caller('city-supervisor').fees.refunds({})).map((r) => r.id)).toEqual([refund.id]);
    await expect(
      caller('xh-supervisor').fees.decideRefund({ id: refund.id, version: refund.version, approve: false, note: null }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const subDistricts = async (who: string) =>
      (await caller(who).fees.statistics({ from: MONTH, to: MONTH, groupBy: 'subDistrict' })).map((r) => r.key).sort();
    expect(await subDistricts('cn-supervisor')).toEqual([FIXTURE.east.code]);
    expect(await subDistricts('xh-clerk')).toEqual([OTHER.sub]);
    expect(await subDistricts('city-clerk')).toEqual([FIXTURE.east.code, OTHER.sub].sort());

    // The files: another district's contract or invoice is not found; the workbook holds the reader's district.
    expect((await get(`/api/fees/contracts/${chains.xh.contractId}.pdf`, 'cn-clerk')).status).toBe(404);
    expect((await get(`/api/fees/contracts/${chains.xh.contractId}.pdf`, 'xh-clerk')).status).toBe(200);
    expect((await get(`/api/fees/invoices/${chains.cn.invoiceId}.pdf`, 'xh-supervisor')).status).toBe(404);
    expect((await get(`/api/fees/invoices/${chains.cn.invoiceId}.xml`, 'xh-supervisor')).status).toBe(404);
    expect((await get(`/api/fees/invoices/${chains.cn.invoiceId}.pdf`, 'cn-supervisor')).status).toBe(200);
    const labels = async (who: string) => {
      const response = await get(`/api/fees/statistics.xlsx?from=${MONTH}&to=${MONTH}&groupBy=subDistrict`, who);
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      return workbook.worksheets[0].getColumn(1).values.slice(2).map(String);
    };
    expect(await labels('xh-clerk')).toEqual([OTHER.subName, '合计']);
    expect(await labels('city-clerk')).toEqual(expect.arrayContaining([OTHER.subName, FIXTURE.east.name]));
  });

  it('matches a statement only against its importer’s district’s bills, and keeps its lines to that district', async () => {
    const { openBill } = chains.cn;
    const statement = (memo: string) =>
      Buffer.from(
        `交易日期,金额,对方户名,对方账号,附言\n2026-04-20,${(openBill.amount_fen / 100).toFixed(2)},长宁便利店,6222 0001,${memo}\n`,
      ).toString('base64');
    // 徐汇's statement names 长宁's bill, from its payer, for its amount: to 徐汇 no such bill exists.
    const foreign = await caller('xh-clerk').fees.importStatement({
      fileName: 'xh.csv',
      base64: statement(`缴费 ${openBill.code}`),
      mode: 'all',
    });
    expect(foreign).toMatchObject({ newLines: 1, writtenOff: 0, unmatched: { unknown_reference: 1 } });
    const [line] = await caller('xh-clerk').fees.statementLines({});
    expect((await caller('cn-clerk').fees.statementLines({})).map((l) => l.id)).not.toContain(line.id);
    expect((await caller('city-supervisor').fees.statementLines({})).map((l) => l.id)).toContain(line.id);
    expect(await caller('xh-clerk').fees.matchCandidates({ lineId: line.id, text: openBill.code })).toEqual([]);
    await expect(
      caller('xh-clerk').fees.matchLine({ lineId: line.id, version: line.version, billIds: [openBill.id] }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(caller('cn-clerk').fees.matchCandidates({ lineId: line.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      caller('cn-clerk').fees.setLineAside({ lineId: line.id, version: line.version, reason: '不是我们的' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await caller('cn-clerk').fees.bills({ status: 'open' })).map((b) => b.id)).toEqual([openBill.id]);

    // 长宁's own statement writes it off; 徐汇 cannot reverse that write-off.
    const own = await caller('cn-clerk').fees.importStatement({
      fileName: 'cn.csv',
      base64: statement(`垃圾费 ${openBill.code}`),
      mode: 'all',
    });
    expect(own).toMatchObject({ newLines: 1, writtenOff: 1 });
    const [cnLine] = await caller('cn-clerk').fees.statementLines({});
    expect(cnLine.write_offs.map((w) => w.billId)).toEqual([openBill.id]);
    await expect(caller('xh-clerk').fees.reverseWriteOff({ writeOffId: cnLine.write_offs[0].id, reason: '冲错了' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const stored = await sql<{ district_code: string | null }>`SELECT district_code FROM fee_statement_imports ORDER BY id`.execute(
      t.database.db,
    );
    expect(stored.rows.map((r) => r.district_code)).toEqual([OTHER.code, FIXTURE.district.code]);
  });

  it('puts each district’s collection points on its own map; the city’s map shows every one', async () => {
    const points = async (who: string) => (await caller(who).fees.mapPoints()).map((p) => p.payerId).sort();
    expect(await points('cn-duty')).toEqual([chains.cn.payerId]);
    expect(await points('city')).toEqual([chains.cn.payerId, chains.xh.payerId].sort());
  });
});
