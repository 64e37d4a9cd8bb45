/**
 * What 清费云 shows at a glance: each role's to-dos on its home screen, and the collection points on the map
 * coloured by their payer's contract state, with the payer's recent overage — the fee staff's and the map's of
 * their own district (fee-scope.ts).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { addMonths } from '@/domain/fees/fee-values';
import { shanghaiDay } from '@/domain/shanghai-time';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import type { Clock } from '@/server/clock';
import { ownCompany, ownPayer, requireFees } from './fee-access';
import { type FeeActor as Actor, feeScopeOf, payerInScope } from './fee-scope';

export type FeeTodoKey =
  | 'declarationsToReview'
  | 'declarationsToApprove'
  | 'partiesToVerify'
  | 'contractsToActivate'
  | 'contractsRenewalDue'
  | 'tariffProposals'
  | 'draftDeclarations'
  | 'returnedDeclarations'
  | 'ordersToAccept'
  | 'ordersToReport'
  | 'overages'
  | 'billsToPay';

/** Overages of the last three months colour a point on the map. */
const OVERAGE_MONTHS = 3;

const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
  Number((await query.executeTakeFirstOrThrow()).n);

export class FeeHomeService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  /** The to-dos of the actor's role, as counts (the home screen links each to its list). */
  async todos(actor: Actor): Promise<Partial<Record<FeeTodoKey, number>> & { verified?: boolean }> {
    requireFees(actor, 'fees:declare', 'fees:collect', 'fees:review', 'fees:approve');
    const db = this.deps.db;
    const n = (table: 'fee_declarations' | 'fee_contracts' | 'fee_clearance_orders') =>
      db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    const payer = await ownPayer(db, actor);
    if (payer) {
      const mine = (status: 'draft' | 'returned') =>
        count(n('fee_declarations').where('payer_id', '=', payer.id).where('status', '=', status));
      return {
        verified: payer.status === 'verified',
        billsToPay: await count(
          db
            .selectFrom('fee_bills')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('payer_id', '=', payer.id)
            .where('status', '=', 'open'),
        ),
        draftDeclarations: await mine('draft'),
        returnedDeclarations: await mine('returned'),
        contractsRenewalDue: await count(n('fee_contracts').where('payer_id', '=', payer.id).where('status', '=', 'renewal_due')),
      };
    }
    const company = await ownCompany(db, actor);
    if (company) {
      const orders = (status: 'issued' | 'accepted') =>
        count(n('fee_clearance_orders').where('company_id', '=', company.id).where('status', '=', status));
      return { verified: company.status === 'verified', ordersToAccept: await orders('issued'), ordersToReport: await orders('accepted') };
    }
    // The fee staff count their district's: everything through its payer (a company through its depot).
    const scope = await feeScopeOf(db, actor);
    const declarations = (status: 'submitted' | 'reviewed') =>
      count(
        db
          .selectFrom('fee_declarations as d')
          .innerJoin('fee_payers as p', 'p.id', 'd.payer_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('d.status', '=', status)
          .where(payerInScope(scope)),
      );
    const contracts = (status: 'draft' | 'renewal_due') =>
      count(
        db
          .selectFrom('fee_contracts as c')
          .innerJoin('fee_payers as p', 'p.id', 'c.payer_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('c.status', '=', status)
          .where(payerInScope(scope)),
      );
    const pending = async () =>
      (await count(
        db
          .selectFrom('fee_payers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'pending')
          .where(payerInScope(scope, 'sub_district_code')),
      )) +
      (await count(
        db
          .selectFrom('fee_companies as c')
          .leftJoin('facilities as depot', 'depot.id', 'c.depot_facility_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('c.status', '=', 'pending')
          .where(payerInScope(scope, 'depot.sub_district_code')),
      ));
    const proposals = () =>
      count(
        db
          .selectFrom('fee_tariff_rules')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'proposed'),
      );
    if (actor.role === 'fee_supervisor')
      return { declarationsToApprove: await declarations('reviewed'), tariffProposals: await proposals() };
    return {
      declarationsToReview: await declarations('submitted'),
      partiesToVerify: await pending(),
      contractsToActivate: await contracts('draft'),
      contractsRenewalDue: await contracts('renewal_due'),
    };
  }

  /**
   * Every collection point of the scope's payers (city-wide, the default: all) with its payer's most current
   * contract state (active, renewal due, to be signed, ended, none) and the payer's largest overage of the last
   * three months, for the map layer.
   */
  async mapPoints(scope: DistrictScope = CITY_SCOPE) {
    const thisMonth = shanghaiDay(this.deps.clock.now()).slice(0, 7);
    const since = addMonths(thisMonth, -OVERAGE_MONTHS);
    const rows = await sql<{
      id: number;
      payer_id: number;
      payer_name: string;
      lng: number;
      lat: number;
      contract_status: string | null;
      excess: number | null;
      excess_month: string | null;
    }>`
      SELECT pt.id, p.id AS payer_id, p.name AS payer_name, ST_X(pt.geom) AS lng, ST_Y(pt.geom) AS lat,
        (SELECT c.status FROM fee_contracts c WHERE c.payer_id = p.id
          ORDER BY CASE c.status WHEN 'active' THEN 0 WHEN 'renewal_due' THEN 1 WHEN 'draft' THEN 2 ELSE 3 END, c.id DESC
          LIMIT 1) AS contract_status,
        o.excess, o.month AS excess_month
      FROM fee_collection_points pt
      JOIN fee_payers p ON p.id = pt.payer_id
      LEFT JOIN LATERAL (
        SELECT o.excess, o.month FROM fee_overages o JOIN fee_contracts c ON c.id = o.contract_id
        WHERE c.payer_id = p.id AND o.month >= ${since}
        ORDER BY o.excess DESC LIMIT 1
      ) o ON true
      WHERE ${payerInScope(scope)}
      ORDER BY pt.id`.execute(this.deps.db);
    return rows.rows.map((r) => ({
      id: r.id,
      payerId: r.payer_id,
      payerName: r.payer_name,
      lngLat: [Number(r.lng), Number(r.lat)] as [number, number],
      contractState: contractStateOf(r.contract_status),
      overage: r.excess === null ? null : { excess: Number(r.excess), month: r.excess_month! },
    }));
  }
}

export type MapContractState = 'active' | 'renewal_due' | 'draft' | 'ended' | 'none';

function contractStateOf(status: string | null): MapContractState {
  if (status === null) return 'none';
  if (status === 'active' || status === 'renewal_due' || status === 'draft') return status;
  return 'ended';
}
