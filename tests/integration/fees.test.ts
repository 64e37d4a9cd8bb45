/**
 * 清费云 part 1 on both dialects: the payer register refuses a wrong check character and a second registration
 * of one credit code; a declaration goes draft → submitted → reviewed → approved and the approval draws a
 * contract priced from the tariff in force; stale edits are refused, not lost; the contract lifecycle keeps its
 * changes on record; the tariff changes only when someone other than its proposer approves; and a payer never
 * reads another payer's declarations or contracts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tariff } from '@/domain/fees/tariff';
import { ManualClock } from '@/server/clock';
import { createFeesHub, type FeesHub } from '@/server/compose/fees';
import type { PayerInput } from '@/server/fees/fees.service';
import type { Actor } from '@/server/orders/order-change';
import type { Role } from '@/domain/auth/roles';
import { contractLines, contractPdf } from '@/server/fees/contract-pdf';
import { insertCompany } from '@/server/fees/parties.repository';
import { refusal } from './refusal';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertUser } from './orders-fixture';

const payerInput = (name: string, creditCode: string): PayerInput => ({
  name,
  creditCode,
  kind: 'shop',
  address: '长宁路1000号',
  subDistrictCode: null,
  contactName: '王先生',
  contactPhone: '13800000000',
  lngLat: [121.42, 31.22],
});

describe.each(dialects)('清费云 part 1 on %s', (dialect) => {
  let database: TestDatabase;
  let hub: FeesHub;
  let clerk: Actor;
  let supervisor: Actor;
  let payerA: Actor;
  let payerB: Actor;
  let payerAId: number;
  let payerBId: number;
  let company: Actor;
  const actor = async (username: string, role: Role): Promise<Actor> => {
    const u = await insertUser(database.db, username, username, role);
    return { userId: u.id, name: username, role, unitId: null };
  };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    hub = createFeesHub({ db: database.db, clock: new ManualClock(new Date('2026-03-10T02:00:00Z')) });
    clerk = await actor('clerk', 'fee_clerk');
    supervisor = await actor('supervisor', 'fee_supervisor');
    payerA = await actor('payer-a', 'fee_payer');
    payerB = await actor('payer-b', 'fee_payer');
    payerAId = (await hub.fees.registerPayer({ ...payerInput('鑫源便利店', '9144030071526726XG'), userId: payerA.userId }, clerk)).id;
    payerBId = (await hub.fees.registerPayer({ ...payerInput('长宁某事务所', '914403001922038216'), userId: payerB.userId }, clerk)).id;
    // The one verified collection company: every contract drawn here is collected by it.
    company = await actor('company', 'collection_company');
    await insertCompany(database.db, {
      name: '长宁环卫清运',
      creditCode: '91310105MA1FL0BB5D',
      contactName: '吴经理',
      contactPhone: '13900000000',
      depotFacilityId: null,
      userId: company.userId,
      status: 'verified',
      synthetic: true,
    });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('refuses a credit code with a wrong check character, and a second payer with the same code', async () => {
    const wrong = await refusal(hub.fees.registerPayer(payerInput('错码餐厅', '9144030071526726XA'), clerk));
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.messageKey).toBe('fees.error.creditCode.check');
    // The same code typed in lower case is still the same payer.
    const again = await refusal(hub.fees.registerPayer(payerInput('另一家店', '9144030071526726xg'), clerk));
    expect(again.code).toBe('CONFLICT');
    expect(again.messageKey).toBe('fees.error.duplicateCreditCode');
    const both = await Promise.allSettled([
      hub.fees.registerPayer(payerInput('同时一', '91110000600037341L'), clerk),
      hub.fees.registerPayer(payerInput('同时二', '91110000600037341L'), clerk),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rows = await database.db.selectFrom('fee_payers').select('name').where('credit_code', '=', '91110000600037341L').execute();
    expect(rows).toHaveLength(1);
  });

  it('turns an approved declaration into a contract priced from the active tariff, refusing stale edits', async () => {
    let d = await hub.fees.createDeclaration({ payerId: payerAId, month: '2026-04', wasteType: 'kitchen', quantity: 60 }, payerA);
    expect(d.status).toBe('draft');
    d = await hub.fees.editDeclaration(d.id, d.version, 62, payerA);
    // A second tab still holding version 1 cannot overwrite the 62 bins.
    const staleEdit = await refusal(hub.fees.editDeclaration(d.id, 1, 10, payerA));
    expect(staleEdit.code).toBe('CONFLICT');
    d = await hub.fees.submitDeclaration(d.id, d.version, payerA);
    // Returned with a reason, corrected and submitted again.
    expect((await refusal(hub.fees.reviewDeclaration(d.id, d.version, false, ' ', clerk))).messageKey).toBe('fees.error.reasonRequired');
    d = await hub.fees.reviewDeclaration(d.id, d.version, false, '桶数与门店面积不符', clerk);
    expect(d.status).toBe('returned');
    d = await hub.fees.editDeclaration(d.id, d.version, 40, payerA);
    d = await hub.fees.submitDeclaration(d.id, d.version, payerA);
    // The payer cannot review its own declaration; the clerk cannot approve.
    expect((await refusal(hub.fees.reviewDeclaration(d.id, d.version, true, null, payerA))).code).toBe('FORBIDDEN');
    d = await hub.fees.reviewDeclaration(d.id, d.version, true, null, clerk);
    expect((await refusal(hub.fees.approveDeclaration(d.id, d.version, clerk))).code).toBe('FORBIDDEN');
    const { declaration, contract } = await hub.fees.approveDeclaration(d.id, d.version, supervisor);
    expect(declaration.status).toBe('approved');
    expect(contract).toMatchObject({
      code: 'QF-2026-000001',
      payer_id: payerAId,
      unit: 'bin240',
      start_month: '2026-04',
      end_month: '2027-03',
      monthly_quantity: 40,
      unit_price_fen: 2500,
      tariff_version: 1,
      status: 'draft',
      synthetic: true,
    });
    expect(Number(contract.monthly_amount_fen)).toBe(100_000);
    // Approving twice draws no second contract.
    expect((await refusal(hub.fees.approveDeclaration(d.id, declaration.version, supervisor))).code).toBe('CONFLICT');
    const audit = await database.db.selectFrom('audit_log').select('action').where('target', '=', `declaration:${d.id}`).execute();
    expect(audit.map((a) => a.action)).toContain('fees.declaration.approve');
  });

  it('moves a contract through its lifecycle with every change on record', async () => {
    const [c] = await hub.fees.contractLedger({ status: 'draft', text: null, afterId: null, limit: 10 }, clerk);
    let { contract } = await hub.fees.changeContract(c.id, c.version, 'activate', '双方签章', clerk);
    expect(contract.status).toBe('active');
    expect((await refusal(hub.fees.changeContract(c.id, c.version, 'terminate', null, clerk))).code).toBe('CONFLICT');
    expect((await refusal(hub.fees.changeContract(c.id, contract.version, 'activate', null, clerk))).messageKey).toBe(
      'fees.error.contractState',
    );
    ({ contract } = await hub.fees.changeContract(c.id, contract.version, 'mark_renewal_due', null, clerk));
    const renewed = await hub.fees.changeContract(c.id, contract.version, 'renew', null, clerk);
    expect(renewed.contract.status).toBe('renewed');
    expect(renewed.successor).toMatchObject({ status: 'active', start_month: '2027-04', end_month: '2028-03', renewed_from: c.id });
    const events = await hub.fees.contractEvents(c.id, clerk);
    expect(events.map((e) => [e.action, e.to_status])).toEqual([
      ['generate', 'draft'],
      ['activate', 'active'],
      ['mark_renewal_due', 'renewal_due'],
      ['renew', 'renewed'],
    ]);
    const t = await hub.fees.changeContract(renewed.successor!.id, renewed.successor!.version, 'terminate', '门店歇业', clerk);
    expect(t.contract.status).toBe('terminated');
    expect((await refusal(hub.fees.changeContract(t.contract.id, t.contract.version, 'renew', null, clerk))).code).toBe('CONFLICT');
  });

  it('changes the tariff only when someone other than the proposer approves it', async () => {
    const current = await hub.tariff.active();
    const raised: Tariff = {
      ...current.rules,
      prices: current.rules.prices.map((p) => (p.wasteType === 'kitchen' ? { ...p, priceFen: 2800 } : p)),
    };
    const { version } = await hub.tariff.propose(raised, '湿垃圾单价调整', clerk);
    const self = await refusal(hub.tariff.decide(version, true, null, clerk));
    expect(self.messageKey).toBe('rules.error.selfApproval');
    expect((await hub.tariff.active()).version).toBe(current.version);
    await hub.tariff.decide(version, true, '同意', supervisor);
    expect((await hub.tariff.active()).rules.prices.find((p) => p.wasteType === 'kitchen')?.priceFen).toBe(2800);
    // Both steps are on record, with who took them.
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_username'])
      .where('target', '=', `fee_tariff_rules:v${version}`)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.actor_username])).toEqual([
      ['fee_tariff_rules.propose', 'clerk'],
      ['fee_tariff_rules.approve', 'supervisor'],
    ]);
    // A new contract is priced from the new version.
    let d = await hub.fees.createDeclaration({ payerId: payerBId, month: '2026-05', wasteType: 'kitchen', quantity: 10 }, payerB);
    d = await hub.fees.submitDeclaration(d.id, d.version, payerB);
    d = await hub.fees.reviewDeclaration(d.id, d.version, true, null, clerk);
    const { contract } = await hub.fees.approveDeclaration(d.id, d.version, supervisor);
    expect([contract.unit_price_fen, Number(contract.monthly_amount_fen), contract.tariff_version]).toEqual([2800, 28_000, version]);
  });

  it("never lets a payer read another payer's contract or declarations", async () => {
    const [contractOfA] = await hub.fees.contractLedger({ status: null, text: null, afterId: null, limit: 1, payerId: payerAId }, clerk);
    expect((await hub.fees.contract(contractOfA.id, payerA)).payer_id).toBe(payerAId);
    const refused = await refusal(hub.fees.contract(contractOfA.id, payerB));
    expect(refused.code).toBe('NOT_FOUND');
    expect((await refusal(hub.fees.contractDocument(contractOfA.id, payerB))).code).toBe('NOT_FOUND');
    // Payer A's own contract as a PDF with the Chinese text and the right amounts (40 bins × 25.00 元).
    const { contract, payer } = await hub.fees.contractDocument(contractOfA.id, payerA);
    const lines = contractLines(contract, payer);
    expect(lines).toContain('甲方（产生单位）：鑫源便利店');
    expect(lines.some((l) => l.startsWith('五、月度费用：1,000.00 元'))).toBe(true);
    const pdf = await contractPdf(contract, payer);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(pdf.byteLength).toBeLessThan(200_000);
    // Asking the ledgers for payer A's rows still gives payer B only its own.
    const contracts = await hub.fees.contractLedger({ status: null, text: null, afterId: null, limit: 50, payerId: payerAId }, payerB);
    expect(contracts.length).toBeGreaterThan(0);
    expect(contracts.every((c) => c.payer_id === payerBId)).toBe(true);
    const declarations = await hub.fees.declarationLedger(
      { status: null, month: null, wasteType: null, text: '鑫源', after: null, limit: 50, payerId: payerAId },
      payerB,
    );
    expect(declarations).toEqual([]);
    const [declOfA] = await hub.fees.declarationLedger(
      { status: null, month: null, wasteType: null, text: null, after: null, limit: 1 },
      payerA,
    );
    expect((await refusal(hub.fees.submitDeclaration(declOfA.id, declOfA.version, payerB))).code).toBe('NOT_FOUND');
  });

  it('pages the declarations ledger by keyset with filters and free text', async () => {
    for (let m = 1; m <= 9; m++)
      await hub.fees.createDeclaration({ payerId: payerBId, month: `2025-0${m}`, wasteType: 'residual', quantity: m }, clerk);
    const seen: number[] = [];
    let after: { updatedAt: Date; id: number } | null = null;
    for (;;) {
      const page = await hub.fees.declarationLedger(
        { status: 'draft', month: null, wasteType: 'residual', text: '事务所', after, limit: 4 },
        clerk,
      );
      seen.push(...page.map((r) => r.id));
      if (page.length < 4) break;
      const last = page[page.length - 1];
      after = { updatedAt: last.updated_at, id: last.id };
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });

  it("takes a company's actual volumes row by row under accepted work orders and records the one overage for billing", async () => {
    // Payer B's contract from the tariff test: 10 bins a month from 2026-05, at 28.00 元 a bin.
    const [c] = await hub.fees.contractLedger({ status: 'draft', text: null, afterId: null, limit: 1, payerId: payerBId }, clerk);
    await hub.fees.changeContract(c.id, c.version, 'activate', null, clerk);
    // The month's work orders go to the company, once however often the clerk asks; it accepts them online.
    for (const month of ['2026-05', '2026-06']) {
      expect((await hub.clearance.issueOrders(month, clerk)).issued).toBeGreaterThan(0);
      expect((await hub.clearance.issueOrders(month, clerk)).issued).toBe(0);
    }
    const issued = await hub.clearance.listOrders({ month: null, status: 'issued', afterId: null, limit: 50 }, company);
    expect(issued.filter((o) => o.contract_code === c.code).map((o) => o.month)).toEqual(['2026-06', '2026-05']);
    for (const order of issued) await hub.clearance.acceptOrder(order.id, order.version, company);
    expect((await refusal(hub.clearance.acceptOrder(issued[0].id, issued[0].version, company))).code).toBe('CONFLICT');
    const csv = (body: string) => ({ fileName: 'volumes.csv', bytes: Buffer.from(`\uFEFF合同编号,月份,实际清运量\n${body}`) });
    const file = csv(
      `${c.code},2026-05,11\n${c.code},2026-06,13\n${c.code},2026-06,9\nQF-1999-000001,2026-05,3\n${c.code},2025-01,2\n${c.code},2026-07,很多\n`,
    );
    const checked = await hub.clearance.uploadVolumes(file, 'check', company);
    expect(checked.errors.map((e) => [e.row, e.column])).toEqual([
      [4, '月份'],
      [5, '合同编号'],
      [6, '月份'],
      [7, '实际清运量'],
    ]);
    expect(checked.errors[1].message).toContain('未找到合同');
    expect((await hub.clearance.uploadVolumes(file, 'all', company)).imported).toBe(0);
    const imported = await hub.clearance.uploadVolumes(file, 'valid', company);
    expect(imported.imported).toBe(2);
    // 11 of 10 is within 10 %; 13 of 10 is an overage of 3 bins = 84.00 元.
    expect(imported.overages).toEqual([
      { row: 3, contractCode: c.code, month: '2026-06', contracted: 10, actual: 13, excess: 3, excessAmountFen: 8_400 },
    ]);
    const ledger = await hub.clearance.ledger('2026-06', clerk);
    expect(ledger.map((r) => [r.code, r.contracted, r.actual, r.excess, r.excess_amount_fen])).toEqual([[c.code, 10, 13, 3, 8_400]]);
    expect(await hub.clearance.ledger('2026-06', payerA)).toEqual([]);
    // The same month again is refused, row by row.
    const again = await hub.clearance.uploadVolumes(csv(`${c.code},2026-06,12\n`), 'all', company);
    expect(again.errors[0].message).toContain('已上报过');
    expect((await refusal(hub.clearance.uploadVolumes(file, 'check', payerA))).code).toBe('FORBIDDEN');
    // A month whose order the company has not accepted, and another company's contract, are refused.
    await hub.clearance.issueOrders('2026-07', clerk);
    const notAccepted = await hub.clearance.uploadVolumes(csv(`${c.code},2026-07,10\n`), 'check', company);
    expect(notAccepted.errors[0].message).toContain('请先接收作业单');
    const other = await actor('company-2', 'collection_company');
    await insertCompany(database.db, {
      name: '另一清运公司',
      creditCode: '91310000132209409J',
      contactName: '郑经理',
      contactPhone: '13900000001',
      depotFacilityId: null,
      userId: other.userId,
      status: 'verified',
      synthetic: true,
    });
    expect((await hub.clearance.uploadVolumes(csv(`${c.code},2026-07,10\n`), 'check', other)).errors[0].message).toContain('未找到合同');
    expect(await hub.clearance.listOrders({ month: '2026-07', status: null, afterId: null, limit: 50 }, other)).toEqual([]);
    expect(await hub.clearance.ledger('2026-06', other)).toEqual([]);
  });
});
