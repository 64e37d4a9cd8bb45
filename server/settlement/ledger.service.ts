/**
 * Contracts and the workload ledger: the catalogue lines with their awarded prices (a line without one is priced by
 * the third party, on record), monthly quantities claimed by the supplier with their evidence and derived from
 * OneMap's own records side by side, differences flagged for the third party, its decisions, and the supplier's
 * objections with their answers. Every change is audited; concurrent edits are refused, never lost (versions).
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { SettlementContractRow, SettlementLineRow } from '@/db/schema-settlement';
import { AppError } from '@/domain/errors';
import { serviceMonth } from '@/domain/settlement/deadlines';
import { lineAmountFen } from '@/domain/settlement/settlement-money';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { Clock } from '@/server/clock';
import type { Actor } from '@/server/orders/order-change';
import { actorScope } from '@/server/tenancy/actor-scope';
import { CITY_SCOPE } from '@/domain/tenancy/district-scope';
import type { DerivedSource, DerivedWorkloads } from './derived-workloads';
import { auditSettlement, requireSettlement, settlementNotFound, staleSettlement, visibleContract } from './settlement-access';
import * as repo from './settlement.repository';

const { big, bigOrNull } = repo;

export function lineView(l: SettlementLineRow) {
  return {
    id: l.id,
    lineNo: l.line_no,
    itemNo: l.item_no,
    group: l.item_group,
    name: l.item_name,
    unit: l.unit,
    channel: l.channel,
    ceilingPriceHao: bigOrNull(l.ceiling_price_hao),
    awardedPriceHao: bigOrNull(l.awarded_price_hao),
    priceSource: l.price_source,
    pricedBy: l.priced_by,
    pricedAt: l.priced_at,
    priceNote: l.price_note,
    estimatedQuantity: big(l.estimated_quantity),
    derivedFrom: l.derived_from,
    derivedCategories: l.derived_categories,
    version: l.version,
  };
}
export type LineView = ReturnType<typeof lineView>;

export function contractSummary(c: SettlementContractRow) {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    buyerName: c.buyer_name,
    supplierName: c.supplier_name,
    startMonth: c.start_month,
    months: Array.from({ length: 12 }, (_, i) => serviceMonth(c.start_month, i + 1)),
    awardedTotalFen: big(c.awarded_total_fen),
    budgetFen: big(c.budget_fen),
    priceLimitFen: bigOrNull(c.price_limit_fen),
    source: c.source,
    synthetic: c.synthetic,
  };
}

export class LedgerService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; derived: DerivedWorkloads }) {}

  async contracts(actor: Actor) {
    requireSettlement(actor, 'settlement:approve', 'settlement:review', 'settlement:supply');
    const supplier = actor.role === 'settlement_supplier' ? (actor.userId ?? -1) : null;
    return (await repo.listContracts(this.deps.db, supplier, await actorScope(this.deps.db, actor))).map(contractSummary);
  }

  async contract(contractId: number, actor: Actor) {
    const contract = await visibleContract(this.deps.db, contractId, actor);
    const lines = (await repo.listLines(this.deps.db, contractId)).map(lineView);
    const estimatedTotalFen = lines.reduce(
      (sum, l) => sum + (l.awardedPriceHao === null ? 0n : lineAmountFen(l.awardedPriceHao, l.estimatedQuantity)),
      0n,
    );
    return {
      ...contractSummary(contract),
      lines,
      estimatedTotalFen,
      unpricedLines: lines.filter((l) => l.awardedPriceHao === null).length,
    };
  }

  /** The third party prices a line the bid left without a price (seed 001 六: 由采购人聘请的第三方…确定), on record. */
  async priceLine(input: { lineId: number; version: number; priceHao: bigint; note: string }, actor: Actor) {
    requireSettlement(actor, 'settlement:review');
    const line = await repo.findLine(this.deps.db, input.lineId);
    if (!line) throw settlementNotFound('line', input.lineId);
    await visibleContract(this.deps.db, line.contract_id, actor, settlementNotFound('line', input.lineId));
    if (line.awarded_price_hao !== null)
      throw new AppError('CONFLICT', 'settlement.error.alreadyPriced', `Line ${input.lineId} has its awarded price`);
    const ceiling = bigOrNull(line.ceiling_price_hao);
    if (ceiling !== null && input.priceHao > ceiling)
      throw new AppError('BAD_REQUEST', 'settlement.error.aboveCeiling', 'A unit price may not exceed the ceiling price');
    await this.deps.db.transaction().execute(async (trx) => {
      const ok = await repo.priceLine(trx, {
        id: line.id,
        version: input.version,
        priceHao: input.priceHao,
        by: actor.name,
        at: this.deps.clock.now(),
        note: input.note,
      });
      if (!ok) throw staleSettlement('line');
      await auditSettlement(trx, actor, 'line.price', `settlement-line:${line.id}`, {
        priceHao: input.priceHao.toString(),
        note: input.note,
      });
    });
  }

  private async monthOf(contract: SettlementContractRow, month: string): Promise<void> {
    if (!contractSummary(contract).months.includes(month))
      throw new AppError('BAD_REQUEST', 'settlement.error.monthOutside', `${month} is outside the service year`, { month });
    if (`${month}-01` > shanghaiDay(this.deps.clock.now()))
      throw new AppError('BAD_REQUEST', 'settlement.error.monthAhead', `${month} has not begun`, { month });
  }

  /** A month of the ledger: every line with its claimed, derived and accepted quantities, differences flagged. */
  async ledger(contractId: number, month: string, actor: Actor) {
    const contract = await visibleContract(this.deps.db, contractId, actor);
    if (!contractSummary(contract).months.includes(month))
      throw new AppError('BAD_REQUEST', 'settlement.error.monthOutside', `${month} is outside the service year`, { month });
    const rows = await repo.ledgerOfMonth(this.deps.db, contractId, month);
    return rows.map((r) => {
      const claimed = big(r.claimed);
      const derived = bigOrNull(r.derived);
      const accepted = bigOrNull(r.accepted);
      const price = bigOrNull(r.awarded_price_hao);
      return {
        lineId: r.line_id,
        lineNo: r.line_no,
        itemNo: r.item_no,
        name: r.item_name,
        unit: r.unit,
        channel: r.channel,
        awardedPriceHao: price,
        derivedFrom: r.derived_from,
        claimed,
        claimedRecords: r.claimed_records ?? 0,
        derived,
        derivedRecords: r.derived_records ?? 0,
        derivedAt: r.derived_at,
        accepted,
        decision: r.decision,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at,
        decisionNote: r.decision_note,
        version: r.version ?? 0,
        /** Claimed and derived disagree: the third party looks before accepting. */
        flagged: derived !== null && (r.claimed_records ?? 0) > 0 && derived !== claimed,
        amountFen: accepted === null || price === null ? null : lineAmountFen(price, accepted),
      };
    });
  }

  async evidence(lineId: number, month: string, actor: Actor) {
    const line = await repo.findLine(this.deps.db, lineId);
    if (!line) throw settlementNotFound('line', lineId);
    await visibleContract(this.deps.db, line.contract_id, actor, settlementNotFound('line', lineId));
    return (await repo.listEvidence(this.deps.db, lineId, month, 200)).map((e) => ({
      id: String(e.id),
      source: e.source,
      quantity: big(e.quantity),
      ref: e.ref,
      note: e.note,
      createdBy: e.created_by,
      createdAt: e.created_at,
      superseded: e.superseded,
    }));
  }

  /** The supplier claims a quantity for a line's month, with the reference of its evidence (a report, a file). */
  async claim(input: { lineId: number; month: string; quantity: bigint; ref: string; note: string | null }, actor: Actor) {
    requireSettlement(actor, 'settlement:supply');
    const line = await repo.findLine(this.deps.db, input.lineId);
    if (!line) throw settlementNotFound('line', input.lineId);
    const contract = await visibleContract(this.deps.db, line.contract_id, actor, settlementNotFound('line', input.lineId));
    await this.monthOf(contract, input.month);
    await this.deps.db.transaction().execute(async (trx) => {
      const existing = await repo.findQuantity(trx, input.lineId, input.month);
      if (existing?.decision) throw new AppError('CONFLICT', 'settlement.error.decided', 'The quantity is decided; object to it instead');
      await repo.addClaim(trx, { ...input, by: actor.name, at: this.deps.clock.now() });
      await auditSettlement(trx, actor, 'claim', `settlement-line:${line.id}`, {
        month: input.month,
        quantity: input.quantity.toString(),
        ref: input.ref,
      });
    });
  }

  /** Re-reads OneMap's records for every derivable line of a month; lines already decided keep their evidence. */
  async derive(contractId: number, month: string, actor: Actor): Promise<{ lines: number; records: number; kept: number }> {
    requireSettlement(actor, 'settlement:review', 'settlement:approve');
    const contract = await visibleContract(this.deps.db, contractId, actor);
    await this.monthOf(contract, month);
    const lines = (await repo.listLines(this.deps.db, contractId)).filter((l) => l.derived_from !== null);
    const planned: Array<{ line: SettlementLineRow; records: Awaited<ReturnType<DerivedWorkloads['records']>> }> = [];
    let kept = 0;
    for (const line of lines) {
      const q = await repo.findQuantity(this.deps.db, line.id, month);
      if (q?.decision) {
        kept += 1;
        continue;
      }
      planned.push({
        line,
        records: await this.deps.derived.records(
          { derived_from: line.derived_from as DerivedSource, derived_categories: line.derived_categories },
          month,
          contract.district_code === null ? CITY_SCOPE : { kind: 'district', code: contract.district_code },
        ),
      });
    }
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      for (const p of planned) await repo.replaceDerived(trx, p.line.id, month, p.records, actor.name, at);
      await auditSettlement(trx, actor, 'derive', `settlement-contract:${contractId}`, { month, lines: planned.length, kept });
    });
    return { lines: planned.length, records: planned.reduce((n, p) => n + p.records.length, 0), kept };
  }

  /** The third party's decision on a line's month: accept the derived or the claimed quantity, or set one (with why). */
  async decide(
    input: {
      lineId: number;
      month: string;
      version: number;
      accept: 'derived' | 'claimed' | 'set';
      quantity: bigint | null;
      note: string | null;
    },
    actor: Actor,
  ) {
    requireSettlement(actor, 'settlement:review');
    const line = await repo.findLine(this.deps.db, input.lineId);
    if (!line) throw settlementNotFound('line', input.lineId);
    const contract = await visibleContract(this.deps.db, line.contract_id, actor, settlementNotFound('line', input.lineId));
    await this.monthOf(contract, input.month);
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.ensureQuantityRow(trx, input.lineId, input.month);
      const q = (await repo.findQuantity(trx, input.lineId, input.month))!;
      const accepted = this.acceptedOf(q, input.accept, input.quantity, input.note);
      const ok = await repo.decideQuantity(trx, {
        lineId: input.lineId,
        month: input.month,
        version: input.version === 0 ? q.version : input.version,
        accepted,
        decision: input.accept,
        by: actor.name,
        at: this.deps.clock.now(),
        note: input.note,
      });
      if (!ok) throw staleSettlement('quantity');
      await auditSettlement(trx, actor, 'quantity.decide', `settlement-line:${line.id}`, {
        month: input.month,
        accept: input.accept,
        accepted: accepted.toString(),
        claimed: big(q.claimed).toString(),
        derived: q.derived === null ? null : big(q.derived).toString(),
        note: input.note,
      });
    });
  }

  private acceptedOf(
    q: { claimed: string | number | bigint; claimed_records: number; derived: string | number | bigint | null },
    accept: 'derived' | 'claimed' | 'set',
    quantity: bigint | null,
    note: string | null,
  ): bigint {
    if (accept === 'derived') {
      if (q.derived === null) throw new AppError('BAD_REQUEST', 'settlement.error.noDerived', 'Nothing was derived for this month');
      return big(q.derived);
    }
    if (accept === 'claimed') {
      if (q.claimed_records === 0) throw new AppError('BAD_REQUEST', 'settlement.error.noClaim', 'Nothing was claimed for this month');
      return big(q.claimed);
    }
    if (quantity === null || quantity < 0n || !note?.trim())
      throw new AppError(
        'BAD_REQUEST',
        'settlement.error.setNeedsReason',
        'A quantity set by the reviewer needs the quantity and the reason',
      );
    return quantity;
  }

  /** Accepts the derived quantity of every undecided derivable line of a month, in one go. */
  async acceptDerived(contractId: number, month: string, actor: Actor): Promise<number> {
    requireSettlement(actor, 'settlement:review');
    const contract = await visibleContract(this.deps.db, contractId, actor);
    await this.monthOf(contract, month);
    const at = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      let accepted = 0;
      for (const row of await repo.ledgerOfMonth(trx, contractId, month)) {
        if (row.derived === null || row.decision !== null || row.version === null) continue;
        const ok = await repo.decideQuantity(trx, {
          lineId: row.line_id,
          month,
          version: row.version,
          accepted: big(row.derived),
          decision: 'derived',
          by: actor.name,
          at,
          note: null,
        });
        if (!ok) throw staleSettlement('quantity');
        accepted += 1;
      }
      await auditSettlement(trx, actor, 'quantity.acceptDerived', `settlement-contract:${contractId}`, { month, lines: accepted });
      return accepted;
    });
  }

  async objections(contractId: number, actor: Actor) {
    await visibleContract(this.deps.db, contractId, actor);
    return repo.listObjections(this.deps.db, contractId);
  }

  /** A supplier objects to a decided quantity or to a report's deduction; the objection and its answer stay on record. */
  async object(
    input: { contractId: number; lineId: number | null; month: string | null; reportId: number | null; text: string },
    actor: Actor,
  ) {
    requireSettlement(actor, 'settlement:supply');
    await visibleContract(this.deps.db, input.contractId, actor);
    if ((input.lineId === null) === (input.reportId === null))
      throw new AppError('BAD_REQUEST', 'settlement.error.objectionTarget', 'An objection is about one quantity or one report');
    if (input.lineId !== null) {
      const line = await repo.findLine(this.deps.db, input.lineId);
      if (!line || line.contract_id !== input.contractId || !input.month) throw settlementNotFound('line', input.lineId);
    }
    if (input.reportId !== null) {
      const report = await repo.findReportById(this.deps.db, input.reportId);
      if (!report || report.contract_id !== input.contractId) throw settlementNotFound('report', input.reportId);
    }
    await this.deps.db.transaction().execute(async (trx) => {
      const { id } = await repo.insertObjection(trx, {
        contract_id: input.contractId,
        line_id: input.lineId,
        month: input.lineId === null ? null : input.month,
        report_id: input.reportId,
        text: input.text,
        raised_by: actor.name,
        raised_at: this.deps.clock.now(),
        status: 'open',
      });
      await auditSettlement(trx, actor, 'objection.raise', `settlement-objection:${id}`, { text: input.text });
    });
  }

  async answer(input: { objectionId: number; status: 'upheld' | 'dismissed'; text: string }, actor: Actor) {
    requireSettlement(actor, 'settlement:review', 'settlement:approve');
    const objection = await repo.findObjection(this.deps.db, input.objectionId);
    if (!objection) throw settlementNotFound('objection', input.objectionId);
    await visibleContract(this.deps.db, objection.contract_id, actor, settlementNotFound('objection', input.objectionId));
    await this.deps.db.transaction().execute(async (trx) => {
      if (
        !(await repo.answerObjection(trx, input.objectionId, {
          status: input.status,
          text: input.text,
          by: actor.name,
          at: this.deps.clock.now(),
        }))
      )
        throw staleSettlement('objection');
      await auditSettlement(trx, actor, 'objection.answer', `settlement-objection:${input.objectionId}`, {
        status: input.status,
        text: input.text,
      });
    });
  }
}
