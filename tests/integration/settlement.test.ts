/**
 * 服务结算 on both dialects (issue 17): the demonstration contracts load (the seed-001 catalogue: 37 priced lines
 * inside the 18,331 万元 limit); a supplier sees only its own contract; a report delivered one working day late
 * across National Day costs 3 % of its month, with the reason; OneMap's closed orders become derived evidence the
 * third party accepts; a stale decision is refused; the 9-month statement is reviewed, approved and frozen, and the
 * second payment stops at 70 % of the award; the rollup and the raw evidence agree; the calendar takes an
 * administrator's year; a failing evaluation opens a rectification and one re-evaluation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/domain/auth/roles';
import { rectificationDueOn } from '@/domain/settlement/deadlines';
import { INDICATORS } from '@/domain/settlement/indicators';
import { ManualClock } from '@/server/clock';
import { createDispatchHub } from '@/server/compose/dispatch';
import { createSettlementHub, type SettlementHub } from '@/server/compose/settlement';
import { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { Actor } from '@/server/orders/order-change';
import { acceptedFromEvidence, acceptedFromRollup, big } from '@/server/settlement/settlement.repository';
import { seedSettlement } from '@/server/sim/settlement-seed';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertUser } from './orders-fixture';
import { refusal } from './refusal';

describe.each(dialects)('服务结算 on %s', (dialect) => {
  let database: TestDatabase;
  let hub: SettlementHub;
  let buyer: Actor;
  let buyer2: Actor;
  let reviewer: Actor;
  let supplier: Actor;
  let supplier2: Actor;
  let contractId: number;
  const clock = new ManualClock('2026-12-04T02:00:00Z'); // 10:00 in Shanghai

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    const actor = async (username: string, role: Role): Promise<Actor> => {
      const u = await insertUser(database.db, username, username, role);
      return { userId: u.id, name: username, role, unitId: null };
    };
    buyer = await actor('buyer', 'settlement_buyer');
    buyer2 = await actor('buyer-2', 'settlement_buyer');
    reviewer = await actor('thirdparty', 'settlement_reviewer');
    supplier = await actor('supplier', 'settlement_supplier');
    supplier2 = await actor('supplier2', 'settlement_supplier');
    expect(await seedSettlement(database.db, clock.now())).toBe(true);
    expect(await seedSettlement(database.db, clock.now())).toBe(false);
    const dispatch = createDispatchHub({ db: database.db, clock });
    hub = createSettlementHub({
      db: database.db,
      clock,
      sources: { orders: dispatch.orders, knowledge: new KnowledgeService({ db: database.db, clock }), voice: dispatch.voice },
    });
    contractId = (await hub.ledger.contracts(supplier))[0]!.id;
  });
  afterAll(() => database.drop());

  it('loads the seed-001 contract from the catalogue and confines each supplier to its own contract', async () => {
    const all = await hub.ledger.contracts(buyer);
    expect(all).toHaveLength(2);
    const seed001 = await hub.ledger.contract(all.find((c) => c.code === 'SH-YWTB-2026-01')!.id, reviewer);
    expect(seed001.lines).toHaveLength(37);
    expect(new Set(seed001.lines.map((l) => l.itemNo)).size).toBe(29);
    expect(seed001.awardedTotalFen).toBeLessThanOrEqual(seed001.priceLimitFen!);
    expect(seed001.lines.every((l) => l.awardedPriceHao! <= l.ceilingPriceHao!)).toBe(true);
    expect((await hub.ledger.contracts(supplier)).map((c) => c.id)).toEqual([contractId]);
    expect((await refusal(hub.ledger.contract(contractId, supplier2))).code).toBe('NOT_FOUND');
    expect(
      (
        await refusal(
          hub.ledger.decide({ lineId: 1, month: '2026-09', version: 0, accept: 'claimed', quantity: null, note: null }, supplier),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('deducts 3 % of September for its report delivered one working day late across National Day', async () => {
    const before = (await hub.settlement.reports(contractId, supplier)).find((r) => r.period === '2026-09')!;
    expect(before).toMatchObject({ dueOn: '2026-10-20', overdueNow: true, report: null, calendarSource: 'library' });
    await hub.settlement.submitReport(
      {
        contractId,
        kind: 'monthly',
        period: '2026-09',
        summary: '2026年9月运营报告',
        offline: { deliveredOn: '2026-10-21', receiptRef: 'SX-2026-0917' },
      },
      supplier,
    );
    const after = (await hub.settlement.reports(contractId, buyer)).find((r) => r.period === '2026-09')!;
    expect(after.report).toMatchObject({ late: true, workingDaysLate: 1, channel: 'offline', receiptRef: 'SX-2026-0917' });
    expect(after.deductionFen).toBe((after.baseFen * 3n + 50n) / 100n);
    expect(
      (
        await refusal(
          hub.settlement.submitReport({ contractId, kind: 'monthly', period: '2026-09', summary: 'again', offline: null }, supplier),
        )
      ).code,
    ).toBe('CONFLICT');
  });

  it('derives September from closed orders; the third party accepts them; a stale decision is refused', async () => {
    await database.db
      .insertInto('orders')
      .values(
        [1, 2, 3].map((n) => ({
          code: `LR20260915-${String(n).padStart(6, '0')}`,
          source: 'hotline_12345' as const,
          category_code: 'lighting.not_lit',
          priority: 3,
          status: 'closed' as const,
          description: `灯光不亮 ${n}`,
          received_at: new Date('2026-09-15T02:00:00Z'),
          clock_started_at: new Date('2026-09-15T02:00:00Z'),
          respond_by: new Date('2026-09-15T04:00:00Z'),
          resolve_by: new Date('2026-09-16T02:00:00Z'),
          closed_at: new Date(`2026-09-${15 + n}T02:00:00Z`),
          updated_at: new Date('2026-09-18T02:00:00Z'),
        })),
      )
      .execute();
    expect(await hub.ledger.derive(contractId, '2026-09', reviewer)).toMatchObject({ lines: 5, records: 3 });
    const ledger = await hub.ledger.ledger(contractId, '2026-09', reviewer);
    const lighting = ledger.find((r) => r.name.startsWith('景观灯光维修'))!;
    expect(lighting).toMatchObject({ derived: 3n, derivedRecords: 3, flagged: true, accepted: null });
    const evidence = await hub.ledger.evidence(lighting.lineId, '2026-09', supplier);
    expect(evidence.filter((e) => e.source === 'derived').map((e) => e.ref)).toContain('order:LR20260915-000001');
    const stale = lighting.version;
    expect(await hub.ledger.acceptDerived(contractId, '2026-09', reviewer)).toBe(5);
    expect(
      (
        await refusal(
          hub.ledger.decide(
            { lineId: lighting.lineId, month: '2026-09', version: stale, accept: 'claimed', quantity: null, note: null },
            reviewer,
          ),
        )
      ).code,
    ).toBe('CONFLICT');
    expect((await hub.ledger.ledger(contractId, '2026-09', supplier)).find((r) => r.lineId === lighting.lineId)).toMatchObject({
      accepted: 3n,
      decision: 'derived',
    });
    // The supplier objects, on record, and is answered.
    await hub.ledger.object(
      { contractId, lineId: lighting.lineId, month: '2026-09', reportId: null, text: '部分工单线下处置未录入' },
      supplier,
    );
    const [objection] = await hub.ledger.objections(contractId, reviewer);
    await hub.ledger.answer({ objectionId: objection!.id, status: 'dismissed', text: '以系统结案记录为准' }, reviewer);
    expect((await hub.ledger.objections(contractId, supplier))[0]).toMatchObject({ status: 'dismissed', answer: '以系统结案记录为准' });
  });

  it('settles nine months with the late deduction, freezes the approved statement and caps the second payment at 70 %', async () => {
    await hub.settlement.reviewStatement({ contractId, kind: 'stage9', period: 'S9' }, reviewer);
    const reviewed = await hub.settlement.statement(contractId, 'stage9', 'S9', buyer);
    const september = reviewed.figures.deductions.find((d) => d.period === '2026-09')!;
    expect(september).toMatchObject({ dueOn: '2026-10-20', submittedOn: '2026-10-21', workingDaysLate: 1 });
    expect(reviewed.figures.settledFen).toBe(reviewed.figures.grossFen - reviewed.figures.deductionsFen);
    await hub.settlement.approveStatement({ statementId: reviewed.record!.id, version: reviewed.record!.version }, buyer);
    // Frozen: a later change of the ledger leaves the approved figures as they were.
    await hub.ledger.claim(
      { lineId: reviewed.figures.lines[0]!.lineId, month: '2026-11', quantity: 5n, ref: 'late claim', note: null },
      supplier,
    );
    const approved = await hub.settlement.statement(contractId, 'stage9', 'S9', supplier);
    expect(approved.record?.status).toBe('approved');
    expect(approved.figures.settledFen).toBe(reviewed.figures.settledFen);

    const awarded = approved.contract.awardedTotalFen;
    const second = (await hub.settlement.payments(contractId, buyer)).find((p) => p.no === 2)!;
    expect(second.basisFen).toBe(approved.figures.settledFen);
    expect(approved.figures.settledFen * 100n).toBeGreaterThan(awarded * 70n);
    expect(second.computation).toMatchObject({ capApplied: true, capFen: (awarded * 70n) / 100n });
    expect(second.computation!.amountFen).toBe((awarded * 70n) / 100n - second.paidBeforeFen);
    const wrong = second.computation!.amountFen + 1n;
    expect(
      (
        await refusal(
          hub.settlement.approvePayment(
            { contractId, no: 2, invoiceNo: 'INV-2', invoiceReceivedOn: '2026-11-20', amountFen: wrong },
            buyer,
          ),
        )
      ).code,
    ).toBe('CONFLICT');
    await hub.settlement.approvePayment(
      { contractId, no: 2, invoiceNo: 'INV-2', invoiceReceivedOn: '2026-11-20', amountFen: second.computation!.amountFen },
      buyer2,
    );
    expect(
      (
        await refusal(
          hub.settlement.approvePayment(
            { contractId, no: 2, invoiceNo: 'INV-2', invoiceReceivedOn: '2026-11-20', amountFen: second.computation!.amountFen },
            buyer,
          ),
        )
      ).code,
    ).toBe('CONFLICT');
    const paid = await hub.settlement.payments(contractId, supplier);
    expect(paid[0]!.record!.amountFen + paid[1]!.record!.amountFen).toBe((awarded * 70n) / 100n);
    expect(paid[2]).toMatchObject({ waitingFor: 'yearly', computation: null });
  });

  it('keeps the rollup equal to the raw evidence', async () => {
    const months = Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    const key = (rows: Array<{ line_id: number; month: string; accepted: unknown }>) =>
      rows.map((r) => `${r.line_id}/${r.month}/${big(r.accepted as string)}`).sort();
    expect(key(await acceptedFromEvidence(database.db, contractId, months))).toEqual(
      key(await acceptedFromRollup(database.db, contractId, months)),
    );
  });

  it('takes an administrator’s calendar year and refuses a contradictory one', async () => {
    expect((await hub.settlement.calendarYears(buyer)).years.find((y) => y.year === 2027)?.source).toBe('weekdays');
    await hub.settlement.saveCalendarYear(
      { year: 2027, holidays: ['2027-10-01', '2027-10-04'], workdays: ['2027-09-26'], note: '国办发明电（示例）', version: null },
      buyer,
    );
    expect((await hub.settlement.calendarYears(reviewer)).years.find((y) => y.year === 2027)?.source).toBe('override');
    expect(
      (
        await refusal(
          hub.settlement.saveCalendarYear({ year: 2027, holidays: ['2027-10-02'], workdays: [], note: '错误', version: 1 }, buyer),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(
      (await refusal(hub.settlement.saveCalendarYear({ year: 2027, holidays: [], workdays: [], note: '过期版本', version: 7 }, buyer)))
        .code,
    ).toBe('CONFLICT');
    expect(
      (await refusal(hub.settlement.saveCalendarYear({ year: 2028, holidays: [], workdays: [], note: '无权', version: null }, supplier)))
        .code,
    ).toBe('FORBIDDEN');
  });

  it('opens a rectification for a failing grade and evaluates once more', async () => {
    const sheet = (fraction: number) =>
      INDICATORS.flatMap((i) =>
        i.items.map((item) => ({ item: item.no, scoreTenths: Math.floor(item.points * 10 * fraction), evidence: '抽查记录' })),
      );
    expect(await hub.settlement.evaluate({ contractId, scores: sheet(0.5), note: '首评' }, reviewer)).toMatchObject({ grade: 'fail' });
    const first = await hub.settlement.evaluations(contractId, supplier);
    // 20 working days on the calendar in force (2027's as the administrator entered it above).
    expect(first.rounds[0]).toMatchObject({
      grade: 'fail',
      rectifyDueOn: rectificationDueOn(await hub.settlement.calendar(), '2026-12-04'),
    });
    expect(first.gradeRules).toMatchObject({ assumption: true });
    expect(await hub.settlement.evaluate({ contractId, scores: sheet(0.85), note: '复评' }, reviewer)).toMatchObject({ grade: 'good' });
    expect((await refusal(hub.settlement.evaluate({ contractId, scores: sheet(1), note: '再评' }, reviewer))).code).toBe('CONFLICT');
  });
});
