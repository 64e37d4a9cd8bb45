/**
 * 清费云 part 1: the payer register, declarations (draft → submitted → clerk review → supervisor approval, which
 * generates a standard contract from the active tariff) and the contract lifecycle with its ledger. Every change
 * is one transaction with its audit entry; a change made on a stale copy is refused (version check), never lost.
 * Each role sees only its own: a payer only its own declarations and contracts, a district's fee office only its
 * district's payers and what hangs off them (fee-scope.ts).
 */
import type { Kysely } from 'kysely';
import type { AuditAction } from '@/domain/audit/audit-actions';
import type { Database } from '@/db/schema';
import type { FeeContractRow, FeeDeclarationRow, FeePayerRow } from '@/db/schema-fees';
import type { Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import { creditCodeProblem, normalizeCreditCode } from '@/domain/fees/credit-code';
import {
  addMonths,
  type ContractAction,
  contractTransition,
  type DeclarationStatus,
  MONTH_PATTERN,
  type PayerKind,
  type WasteType,
} from '@/domain/fees/fee-values';
import { priceOf, type Tariff } from '@/domain/fees/tariff';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import type { Clock } from '@/server/clock';
import type { VersionedRulesService } from '@/server/rules/versioned-rules.service';
import { soleDistrict } from '@/server/tenancy/district-sql';
import { auditFees, feeNotFound, ownPayer, requireFees, staleFees } from './fee-access';
import { assertFeeInScope, type FeeActor as Actor, feeScopeOf } from './fee-scope';
import * as repo from './fees.repository';

/** A standard contract runs twelve months from the declared month. */
const CONTRACT_MONTHS = 12;

export interface PayerInput {
  name: string;
  creditCode: string;
  kind: PayerKind;
  address: string;
  subDistrictCode: string | null;
  contactName: string;
  contactPhone: string;
  lngLat: [number, number] | null;
  facilityId?: number | null;
  userId?: number | null;
}

export class FeesService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; tariff: VersionedRulesService<Tariff> }) {}

  // ——— Payers ———

  /** Registers a payer; a clerk's entry is verified at once, a self-registration waits for a clerk. */
  async registerPayer(input: PayerInput, actor: Actor): Promise<FeePayerRow> {
    requireFees(actor, 'fees:review', 'fees:declare');
    const creditCode = normalizeCreditCode(input.creditCode);
    const problem = creditCodeProblem(creditCode);
    if (problem)
      throw new AppError('BAD_REQUEST', `fees.error.creditCode.${problem}`, `Invalid credit code (${problem})`, { code: creditCode });
    if (!input.name.trim()) throw new AppError('BAD_REQUEST', 'fees.error.nameRequired', 'A payer needs a name');
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const existing = await repo.findPayerByCreditCode(trx, creditCode);
      if (existing) throw duplicate(creditCode, existing.name);
      const subDistrictCode = await subDistrictOfNewPayer(trx, input, scope);
      let payer: FeePayerRow;
      try {
        payer = await repo.insertPayer(trx, {
          ...input,
          subDistrictCode,
          name: input.name.trim(),
          creditCode,
          facilityId: input.facilityId ?? null,
          userId: input.userId ?? null,
          status: actor.role === 'fee_payer' ? 'pending' : 'verified',
          synthetic: false,
        });
      } catch (error) {
        // Two registrations of one code at once: the unique index answers for the slower one.
        if (String((error as { code?: string }).code) === '23505') throw duplicate(creditCode, input.name);
        throw error;
      }
      await auditFees(trx, actor, 'fees.payer.register', `payer:${payer.id}`, { creditCode });
      return payer;
    });
  }

  /** The payer a payer account acts for. */
  async ownPayerOf(actor: Actor): Promise<FeePayerRow> {
    requireFees(actor, 'fees:declare');
    const payer = await ownPayer(this.deps.db, actor);
    if (!payer) throw new AppError('FORBIDDEN', 'fees.error.noPayer', 'This account is not linked to a payer');
    return payer;
  }

  async listPayers(q: { text: string | null; afterId: number | null; limit: number }, actor: Actor) {
    requireFees(actor, 'fees:review', 'fees:approve');
    return repo.listPayers(this.deps.db, { ...q, scope: await feeScopeOf(this.deps.db, actor) });
  }

  // ——— Declarations ———

  async createDeclaration(
    input: { payerId: number; month: string; wasteType: WasteType; quantity: number },
    actor: Actor,
  ): Promise<FeeDeclarationRow> {
    requireFees(actor, 'fees:declare', 'fees:review');
    checkQuantity(input.quantity);
    if (!MONTH_PATTERN.test(input.month)) throw new AppError('BAD_REQUEST', 'fees.error.month', `Bad month ${input.month}`);
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const own = await ownPayer(trx, actor);
      if (own && own.id !== input.payerId) throw feeNotFound('payer', input.payerId);
      if (!(await repo.findPayer(trx, input.payerId))) throw feeNotFound('payer', input.payerId);
      await assertFeeInScope(trx, 'payer', input.payerId, scope);
      if (await repo.findDeclarationForSlot(trx, input.payerId, input.month, input.wasteType))
        throw new AppError('CONFLICT', 'fees.error.declarationExists', 'Already declared for this month and waste type', {
          month: input.month,
        });
      const row = await repo.insertDeclaration(trx, { ...input, at: this.deps.clock.now() });
      await auditFees(trx, actor, 'fees.declaration.create', `declaration:${row.id}`, { ...input });
      return row;
    });
  }

  /** A declaration the actor may see: a payer only its own (others read as not found). */
  async declaration(id: number, actor: Actor): Promise<FeeDeclarationRow> {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const row = await repo.findDeclaration(this.deps.db, id);
    const own = await ownPayer(this.deps.db, actor);
    if (!row || (own && row.payer_id !== own.id)) throw feeNotFound('declaration', id);
    await assertFeeInScope(this.deps.db, 'declaration', id, await feeScopeOf(this.deps.db, actor));
    return row;
  }

  /** Edits a draft (or a returned one), only from the version the editor saw. */
  async editDeclaration(id: number, expectedVersion: number, quantity: number, actor: Actor): Promise<FeeDeclarationRow> {
    checkQuantity(quantity);
    return this.move(id, expectedVersion, actor, ['fees:declare'], ['draft', 'returned'], 'fees.declaration.edit', () => ({ quantity }));
  }

  async submitDeclaration(id: number, expectedVersion: number, actor: Actor): Promise<FeeDeclarationRow> {
    return this.move(
      id,
      expectedVersion,
      actor,
      ['fees:declare'],
      ['draft', 'returned'],
      'fees.declaration.submit',
      () => ({ status: 'submitted', returnReason: null }),
      async (trx, row) => {
        // A self-registered payer may prepare declarations, but submits only once a clerk has verified it.
        const payer = await repo.findPayer(trx, row.payer_id);
        if (payer?.status !== 'verified')
          throw new AppError('CONFLICT', 'fees.error.payerNotVerified', `Payer ${row.payer_id} is not verified yet`);
      },
    );
  }

  /** The clerk's review: pass it on to the supervisor, or return it to the payer with a reason. */
  async reviewDeclaration(id: number, expectedVersion: number, pass: boolean, reason: string | null, actor: Actor) {
    if (!pass && !reason?.trim()) throw new AppError('BAD_REQUEST', 'fees.error.reasonRequired', 'A return needs a reason');
    return this.move(id, expectedVersion, actor, ['fees:review'], ['submitted'], 'fees.declaration.review', () =>
      pass
        ? { status: 'reviewed', reviewedBy: actor.userId }
        : { status: 'returned', returnReason: reason!.trim(), reviewedBy: actor.userId },
    );
  }

  /** The supervisor's approval: the declaration becomes approved and a standard contract is drawn from the tariff. */
  async approveDeclaration(
    id: number,
    expectedVersion: number,
    actor: Actor,
  ): Promise<{ declaration: FeeDeclarationRow; contract: FeeContractRow }> {
    const tariff = await this.deps.tariff.active();
    let contract: FeeContractRow | undefined;
    const declaration = await this.move(
      id,
      expectedVersion,
      actor,
      ['fees:approve'],
      ['reviewed'],
      'fees.declaration.approve',
      () => ({ status: 'approved', approvedBy: actor.userId }),
      async (trx, row) => {
        if (row.reviewed_by !== null && row.reviewed_by === actor.userId)
          throw new AppError('FORBIDDEN', 'fees.error.selfApproval', 'The reviewer cannot also approve');
        const price = priceOf(tariff.rules, row.waste_type);
        if (!price) throw new AppError('CONFLICT', 'fees.error.noPrice', `No price for ${row.waste_type}`);
        const now = this.deps.clock.now();
        const year = Number(shanghaiDay(now).slice(0, 4));
        const seq = await repo.nextContractSequence(trx, year);
        contract = await repo.insertContract(trx, {
          companyId: await repo.nearestCompanyTo(trx, row.payer_id),
          code: `QF-${year}-${String(seq).padStart(6, '0')}`,
          payerId: row.payer_id,
          declarationId: row.id,
          wasteType: row.waste_type,
          unit: price.unit,
          startMonth: row.month,
          endMonth: addMonths(row.month, CONTRACT_MONTHS - 1),
          monthlyQuantity: row.quantity,
          unitPriceFen: price.priceFen,
          monthlyAmountFen: row.quantity * price.priceFen,
          tariffVersion: tariff.version,
          status: 'draft',
          renewedFrom: null,
          synthetic: tariff.rules.synthetic,
          at: now,
        });
        await repo.appendContractEvent(trx, {
          contractId: contract.id,
          at: now,
          action: 'generate',
          fromStatus: null,
          toStatus: 'draft',
          actorUserId: actor.userId,
          actorName: actor.name,
          note: `由申报 ${row.id} 生成，收费标准版本 ${tariff.version}`,
        });
      },
    );
    return { declaration, contract: contract! };
  }

  private async move(
    id: number,
    expectedVersion: number,
    actor: Actor,
    permissions: Permission[],
    from: DeclarationStatus[],
    action: AuditAction,
    patch: () => Omit<Parameters<typeof repo.updateDeclarationIfVersion>[3], 'at'>,
    after?: (trx: Kysely<Database>, row: FeeDeclarationRow) => Promise<void>,
  ): Promise<FeeDeclarationRow> {
    requireFees(actor, ...permissions);
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const current = await repo.findDeclaration(trx, id);
      const own = await ownPayer(trx, actor);
      if (!current || (own && current.payer_id !== own.id)) throw feeNotFound('declaration', id);
      await assertFeeInScope(trx, 'declaration', id, scope);
      if (current.version !== expectedVersion) throw staleFees(`Declaration ${id}`);
      if (!from.includes(current.status))
        throw new AppError('CONFLICT', 'fees.error.declarationState', `Declaration ${id} is ${current.status}`, { status: current.status });
      const updated = await repo.updateDeclarationIfVersion(trx, id, expectedVersion, { ...patch(), at: this.deps.clock.now() });
      if (!updated) throw staleFees(`Declaration ${id}`);
      await after?.(trx, updated);
      await auditFees(trx, actor, action, `declaration:${id}`, { from: current.status, to: updated.status });
      return updated;
    });
  }

  async declarationLedger(q: Omit<repo.DeclarationLedgerQuery, 'payerId' | 'scope'> & { payerId?: number | null }, actor: Actor) {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const own = await ownPayer(this.deps.db, actor);
    const scope = await feeScopeOf(this.deps.db, actor);
    return repo.listDeclarations(this.deps.db, { ...q, scope, payerId: own ? own.id : (q.payerId ?? null) });
  }

  // ——— Contracts ———

  /** A contract the actor may see: a payer only its own (another payer's reads as not found). */
  async contract(id: number, actor: Actor): Promise<FeeContractRow> {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const row = await repo.findContract(this.deps.db, id);
    const own = await ownPayer(this.deps.db, actor);
    if (!row || (own && row.payer_id !== own.id)) throw feeNotFound('contract', id);
    await assertFeeInScope(this.deps.db, 'contract', id, await feeScopeOf(this.deps.db, actor));
    return row;
  }

  /** A contract with its payer, for the PDF: the same confinement as contract(). */
  async contractDocument(id: number, actor: Actor): Promise<{ contract: FeeContractRow; payer: FeePayerRow }> {
    const contract = await this.contract(id, actor);
    const payer = await repo.findPayer(this.deps.db, contract.payer_id);
    if (!payer) throw feeNotFound('payer', contract.payer_id);
    await auditFees(this.deps.db, actor, 'fees.contract.download', `contract:${id}`);
    return { contract, payer };
  }

  async contractLedger(q: Omit<repo.ContractLedgerQuery, 'payerId' | 'scope'> & { payerId?: number | null }, actor: Actor) {
    requireFees(actor, 'fees:declare', 'fees:review', 'fees:approve');
    const own = await ownPayer(this.deps.db, actor);
    const scope = await feeScopeOf(this.deps.db, actor);
    return repo.listContracts(this.deps.db, { ...q, scope, payerId: own ? own.id : (q.payerId ?? null) });
  }

  async contractEvents(id: number, actor: Actor) {
    await this.contract(id, actor);
    return repo.listContractEvents(this.deps.db, id);
  }

  /**
   * Moves a contract along its lifecycle from the version the clerk saw, with the change on record. Renewing
   * also draws the successor contract for the next twelve months at the tariff now in force.
   */
  async changeContract(id: number, expectedVersion: number, action: ContractAction, note: string | null, actor: Actor) {
    requireFees(actor, 'fees:review');
    const tariff = action === 'renew' ? await this.deps.tariff.active() : null;
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const current = await repo.findContract(trx, id);
      if (!current) throw feeNotFound('contract', id);
      await assertFeeInScope(trx, 'contract', id, scope);
      if (current.version !== expectedVersion) throw staleFees(`Contract ${current.code}`);
      const to = contractTransition(current.status, action);
      if (!to)
        throw new AppError('CONFLICT', 'fees.error.contractState', `Contract ${current.code} is ${current.status}`, {
          status: current.status,
        });
      const updated = await repo.updateContractStatusIfVersion(trx, id, expectedVersion, to);
      if (!updated) throw staleFees(`Contract ${current.code}`);
      const now = this.deps.clock.now();
      await repo.appendContractEvent(trx, {
        contractId: id,
        at: now,
        action,
        fromStatus: current.status,
        toStatus: to,
        actorUserId: actor.userId,
        actorName: actor.name,
        note,
      });
      let successor: FeeContractRow | null = null;
      if (tariff) {
        const price = priceOf(tariff.rules, current.waste_type);
        if (!price) throw new AppError('CONFLICT', 'fees.error.noPrice', `No price for ${current.waste_type}`);
        const year = Number(shanghaiDay(now).slice(0, 4));
        const seq = await repo.nextContractSequence(trx, year);
        const start = addMonths(current.end_month, 1);
        successor = await repo.insertContract(trx, {
          companyId: current.company_id,
          code: `QF-${year}-${String(seq).padStart(6, '0')}`,
          payerId: current.payer_id,
          declarationId: current.declaration_id,
          wasteType: current.waste_type,
          unit: price.unit,
          startMonth: start,
          endMonth: addMonths(start, CONTRACT_MONTHS - 1),
          monthlyQuantity: current.monthly_quantity,
          unitPriceFen: price.priceFen,
          monthlyAmountFen: current.monthly_quantity * price.priceFen,
          tariffVersion: tariff.version,
          status: 'active',
          renewedFrom: current.id,
          synthetic: tariff.rules.synthetic,
          at: now,
        });
        await repo.appendContractEvent(trx, {
          contractId: successor.id,
          at: now,
          action: 'renewal_of',
          fromStatus: null,
          toStatus: 'active',
          actorUserId: actor.userId,
          actorName: actor.name,
          note: `续签自 ${current.code}`,
        });
      }
      await auditFees(trx, actor, `fees.contract.${action}`, `contract:${id}`, {
        from: current.status,
        to,
        successor: successor?.code ?? null,
      });
      return { contract: updated, successor };
    });
  }
}

/**
 * The sub-district a new payer gets: the one given, else the one its point lies in — within the registering
 * office's district, so a district's new payers are its own. Without a place it is held by a one-district
 * install's only district; while several exist, a district's office must place it in one of its sub-districts.
 */
async function subDistrictOfNewPayer(db: Kysely<Database>, input: PayerInput, scope: DistrictScope): Promise<string | null> {
  if (input.subDistrictCode !== null) {
    const code = await repo.subDistrictWithin(db, input.subDistrictCode, scope);
    if (!code) throw new AppError('BAD_REQUEST', 'fees.error.subDistrict', `No sub-district ${input.subDistrictCode} here`);
    return code;
  }
  const located = input.lngLat ? await repo.subDistrictAt(db, input.lngLat, scope) : null;
  if (located) return located;
  if (scope.kind === 'district' && (await soleDistrict(db)) !== scope.code)
    throw new AppError('BAD_REQUEST', 'fees.error.subDistrictRequired', 'A payer needs a sub-district of the district');
  return null;
}

function duplicate(code: string, name: string): AppError {
  return new AppError('CONFLICT', 'fees.error.duplicateCreditCode', `Credit code ${code} is already registered`, { code, name });
}

function checkQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity <= 0 || quantity > 100_000)
    throw new AppError('BAD_REQUEST', 'fees.error.quantity', `Bad quantity ${quantity}`);
}
