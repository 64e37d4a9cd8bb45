/**
 * 清运作业: a clerk issues the month's clearance work orders (one per contract in force, to the company that
 * collects under it); the company accepts them online and uploads the month's actual volumes (shared importer);
 * contracted against actual per payer and month, with overages over the tariff's threshold recorded for billing.
 * A company sees only its own work; a payer only its own contracts; a district's fee office its district's.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { FeeClearanceOrderRow } from '@/db/schema-fees';
import { AppError } from '@/domain/errors';
import { MONTH_PATTERN } from '@/domain/fees/fee-values';
import type { Tariff } from '@/domain/fees/tariff';
import type { Clock } from '@/server/clock';
import type { ImportMode } from '@/server/import/table-import';
import type { VersionedRulesService } from '@/server/rules/versioned-rules.service';
import { importVolumes, type VolumeImportReport } from './clearance-import';
import * as orders from './clearance-orders.repository';
import { clearanceLedger } from './clearance.repository';
import { auditFees, feeNotFound, ownCompany, ownPayer, requireFees, staleFees } from './fee-access';
import { assertFeeInScope, type FeeActor as Actor, feeScopeOf } from './fee-scope';

function checkMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) throw new AppError('BAD_REQUEST', 'fees.error.month', `Bad month ${month}`);
}

export class ClearanceService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; tariff: VersionedRulesService<Tariff> }) {}

  /** Issues one work order per contract in force in `month` that has a company and no order yet; returns how many. */
  async issueOrders(month: string, actor: Actor): Promise<{ issued: number }> {
    requireFees(actor, 'fees:review');
    checkMonth(month);
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const issued = await orders.issueMonth(trx, { month, issuedBy: actor.userId, at: this.deps.clock.now(), scope });
      await auditFees(trx, actor, 'fees.clearance.issue', `month:${month}`, { issued });
      return { issued };
    });
  }

  async listOrders(q: Omit<orders.OrderListQuery, 'companyId' | 'scope'> & { companyId?: number | null }, actor: Actor) {
    requireFees(actor, 'fees:collect', 'fees:review', 'fees:approve');
    if (q.month) checkMonth(q.month);
    const own = await ownCompany(this.deps.db, actor);
    const scope = await feeScopeOf(this.deps.db, actor);
    return orders.listOrders(this.deps.db, { ...q, scope, companyId: own ? own.id : (q.companyId ?? null) });
  }

  /** The company accepts a work order from the version it saw. */
  async acceptOrder(id: number, expectedVersion: number, actor: Actor): Promise<FeeClearanceOrderRow> {
    requireFees(actor, 'fees:collect');
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const own = await ownCompany(trx, actor);
      const current = await orders.findOrder(trx, id);
      if (!current || (own && current.company_id !== own.id)) throw feeNotFound('clearance order', id);
      await assertFeeInScope(trx, 'clearance order', id, scope);
      if (current.version !== expectedVersion) throw staleFees(`Clearance order ${current.code}`);
      if (current.status !== 'issued')
        throw new AppError('CONFLICT', 'fees.error.orderState', `Order ${current.code} is ${current.status}`, { status: current.status });
      const updated = await orders.acceptIfVersion(trx, id, expectedVersion, actor.userId, this.deps.clock.now());
      if (!updated) throw staleFees(`Clearance order ${current.code}`);
      await auditFees(trx, actor, 'fees.clearance.accept', `clearance_order:${id}`, { code: current.code });
      return updated;
    });
  }

  /** A collection company (or a clerk) uploads actual volumes; overages over the threshold are recorded for billing. */
  async uploadVolumes(file: { fileName: string; bytes: Buffer }, mode: ImportMode, actor: Actor): Promise<VolumeImportReport> {
    requireFees(actor, 'fees:collect', 'fees:review');
    const own = await ownCompany(this.deps.db, actor);
    const report = await importVolumes(this.deps.db, file, mode, {
      tariff: await this.deps.tariff.active(),
      reportedBy: actor.userId,
      at: this.deps.clock.now(),
      companyId: own?.id ?? null,
      scope: await feeScopeOf(this.deps.db, actor),
    });
    if (report.imported > 0)
      await auditFees(this.deps.db, actor, 'fees.volumes.upload', file.fileName, {
        imported: report.imported,
        overages: report.overages.length,
      });
    return report;
  }

  /** Contracted against actual for a month, overages first; a payer or a company sees only its own contracts. */
  async ledger(month: string, actor: Actor) {
    requireFees(actor, 'fees:declare', 'fees:collect', 'fees:review', 'fees:approve');
    checkMonth(month);
    const payer = await ownPayer(this.deps.db, actor);
    const company = await ownCompany(this.deps.db, actor);
    const rows = await clearanceLedger(this.deps.db, {
      month,
      payerId: payer?.id ?? null,
      companyId: company?.id ?? null,
      limit: 500,
      scope: await feeScopeOf(this.deps.db, actor),
    });
    return rows.map((r) => ({ ...r, excess_amount_fen: r.excess_amount_fen === null ? null : Number(r.excess_amount_fen) }));
  }
}
