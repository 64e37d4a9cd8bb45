/**
 * 清费云 parties: collection companies beside the payer register, the clerk's verification of parties that
 * registered themselves, and self-registration on a phone — a payer or a company proves its phone number with a
 * one-time code, then its account and its register entry are written in one transaction, waiting for a clerk.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { creditCodeProblem, normalizeCreditCode } from '@/domain/fees/credit-code';
import type { PayerKind } from '@/domain/fees/fee-values';
import type { Actor } from '@/server/orders/order-change';
import { auditFees, feeNotFound, requireFees, staleFees } from './fee-access';
import { assertFeeInScope, type FeeActor, feeScopeOf } from './fee-scope';
import { insertPayer } from './fees.repository';
import * as repo from './parties.repository';

export type SelfRegistration =
  | { party: 'payer'; name: string; creditCode: string; kind: PayerKind; addressId: number; contactName: string }
  | { party: 'company'; name: string; creditCode: string; contactName: string };

/** A valid, unused credit code in its normal form, or the refusal a person can act on. */
export async function checkedCreditCode(db: Kysely<Database>, raw: string): Promise<string> {
  const code = normalizeCreditCode(raw);
  const problem = creditCodeProblem(code);
  if (problem) throw new AppError('BAD_REQUEST', `fees.error.creditCode.${problem}`, `Invalid credit code (${problem})`, { code });
  const holder = await repo.holderOfCreditCode(db, code);
  if (holder)
    throw new AppError('CONFLICT', 'fees.error.duplicateCreditCode', `Credit code ${code} is already registered`, {
      code,
      name: holder.name,
    });
  return code;
}

export class PartiesService {
  constructor(private readonly deps: { db: Kysely<Database> }) {}

  /** Checks a registration before the phone's code is spent on it: nothing is written. */
  async checkRegistration(input: SelfRegistration): Promise<void> {
    await checkedCreditCode(this.deps.db, input.creditCode);
    if (input.party === 'payer' && !(await repo.addressById(this.deps.db, input.addressId)))
      throw new AppError('BAD_REQUEST', 'fees.error.address', `No gazetteer address ${input.addressId}`);
  }

  /**
   * Writes the account (signed in by phone, no password) and its pending register entry in one transaction;
   * returns the account for a session. The phone's code must already be verified by the caller.
   */
  async selfRegister(input: SelfRegistration, phone: string) {
    return this.deps.db.transaction().execute(async (trx) => {
      const creditCode = await checkedCreditCode(trx, input.creditCode);
      if (await trx.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst())
        throw new AppError('CONFLICT', 'fees.error.phoneRegistered', `Phone ${phone} already has an account`);
      const role = input.party === 'payer' ? ('fee_payer' as const) : ('collection_company' as const);
      const user = await trx
        .insertInto('users')
        .values({ username: phone, display_name: input.name, role, password_hash: null, unit_id: null, phone })
        .returning(['id', 'username', 'display_name', 'role', 'unit_id', 'district_code'])
        .executeTakeFirstOrThrow();
      const actor: Actor = { userId: user.id, name: phone, role, unitId: null };
      if (input.party === 'payer') {
        const address = await repo.addressById(trx, input.addressId);
        if (!address) throw new AppError('BAD_REQUEST', 'fees.error.address', `No gazetteer address ${input.addressId}`);
        const payer = await insertPayer(trx, {
          name: input.name,
          creditCode,
          kind: input.kind,
          address: address.address,
          subDistrictCode: address.sub_district_code,
          contactName: input.contactName,
          contactPhone: phone,
          facilityId: null,
          userId: user.id,
          status: 'pending',
          synthetic: false,
          lngLat: [address.lng, address.lat],
          addressId: address.id,
        });
        await repo.insertCollectionPoint(trx, { payerId: payer.id, name: input.name, lngLat: [address.lng, address.lat] });
        await auditFees(trx, actor, 'fees.payer.self_register', `payer:${payer.id}`, { creditCode });
      } else {
        const company = await repo.insertCompany(trx, {
          name: input.name,
          creditCode,
          contactName: input.contactName,
          contactPhone: phone,
          depotFacilityId: null,
          userId: user.id,
          status: 'pending',
          synthetic: false,
        });
        await auditFees(trx, actor, 'fees.company.self_register', `company:${company.id}`, { creditCode });
      }
      return { ...user, role };
    });
  }

  async pending(actor: FeeActor) {
    requireFees(actor, 'fees:review');
    return repo.pendingParties(this.deps.db, await feeScopeOf(this.deps.db, actor));
  }

  async companies(actor: FeeActor) {
    requireFees(actor, 'fees:review', 'fees:approve');
    return repo.listCompanies(this.deps.db, await feeScopeOf(this.deps.db, actor));
  }

  /** A clerk verifies a self-registered payer or company of the clerk's district, from the version the clerk saw. */
  async verify(party: 'payer' | 'company', id: number, expectedVersion: number, actor: FeeActor) {
    requireFees(actor, 'fees:review');
    const scope = await feeScopeOf(this.deps.db, actor);
    return this.deps.db.transaction().execute(async (trx) => {
      await assertFeeInScope(trx, party, id, scope);
      const updated = await repo.verifyIfVersion(trx, party, id, expectedVersion);
      if (!updated) {
        const table = party === 'payer' ? 'fee_payers' : 'fee_companies';
        const exists = await trx.selectFrom(table).select(['status']).where('id', '=', id).executeTakeFirst();
        if (!exists) throw feeNotFound(party, id);
        if (exists.status !== 'pending')
          throw new AppError('CONFLICT', 'fees.error.alreadyVerified', `The ${party} is ${exists.status}`, { status: exists.status });
        throw staleFees(`The ${party} ${id}`);
      }
      await auditFees(trx, actor, `fees.${party}.verify`, `${party}:${id}`, { name: updated.name });
      return updated;
    });
  }

  addresses(text: string) {
    return repo.addressesMatching(this.deps.db, text, 8);
  }
}
