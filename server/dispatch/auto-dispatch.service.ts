/**
 * 智能审核分派: a new order is checked against the active rules; a regular one is approved and dispatched to
 * the best candidate of its responsible team, a special one waits for a person with its reasons stored. Every
 * decision is a ledger event whose detail says why (rules version, checks, the chosen unit and the runners-up).
 */
import { isAppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import { OPEN_STATUSES } from '@/domain/orders/order-values';
import { SYSTEM_ACTOR } from '@/server/orders/order-change';
import type { OrderRecord } from '@/server/orders/orders.repository';
import type { OrdersService } from '@/server/orders/orders.service';
import { type OrderView, toOrderView } from '@/server/orders/views';
import type { DispatchService } from './dispatch.service';
import { reviewReasons } from './review-reasons';
import { type ActiveRules, teamFor, unitKindsFor } from './rules';
import type { DispatchRulesService } from './rules.service';
import { logFor } from '@/server/ops/log';

const log = logFor('auto-dispatch');

export type AutoOutcome =
  | { outcome: 'skipped'; status: string }
  | { outcome: 'held'; reasons: string[] }
  | { outcome: 'approved' }
  | { outcome: 'no_unit' }
  | { outcome: 'dispatched'; unitId: number }
  | { outcome: 'taken_by_person' };

/** The outcome, and the order as it then stands (null if untouched). */
export interface AutoResult {
  outcome: AutoOutcome;
  order: OrderView | null;
}

const RUNNERS_UP = 3;

export class AutoDispatchService {
  constructor(
    private readonly deps: {
      clock: Clock;
      orders: OrdersService;
      dispatch: DispatchService;
      rules: DispatchRulesService;
    },
  ) {}

  /**
   * Checks a just-received order and, if it is regular, dispatches it. `active` and `known`: the rules and the
   * order if the caller has just read them.
   */
  async process(orderId: number, active?: ActiveRules, known?: OrderRecord): Promise<AutoResult> {
    const { orders, clock } = this.deps;
    active ??= await this.deps.rules.active();
    const order = known?.id === orderId ? known : await orders.record(orderId);
    if (order.status !== 'received') return { outcome: { outcome: 'skipped', status: order.status }, order: null };

    const facts = await this.gatherFacts(order, active);
    const reasons = reviewReasons(facts, active.rules);
    const base = { rulesVersion: active.version, automatic: true };
    const reviewed = await orders.applyMoves(
      order.id,
      order.version,
      [
        { action: 'review', actor: SYSTEM_ACTOR, effects: () => ({ detail: base }) },
        reasons.length
          ? {
              action: 'hold',
              actor: SYSTEM_ACTOR,
              effects: () => ({ patch: { review_reasons: JSON.stringify(reasons) }, detail: { ...base, reasons } }),
            }
          : {
              action: 'approve',
              actor: SYSTEM_ACTOR,
              effects: () => ({
                patch: { review_reasons: '[]' },
                detail: {
                  ...base,
                  checks: {
                    category: facts.categoryCode,
                    unitKinds: facts.unitKinds,
                    subDistrict: facts.subDistrictCode,
                    team: facts.subDistrictCode ? teamFor(active.rules, facts.subDistrictCode) : null,
                    borderMeters: active.rules.borderMeters,
                    duplicatesWithinMeters: active.rules.duplicateRadiusMeters,
                  },
                },
              }),
            },
      ],
      order,
    );
    const view = toOrderView(reviewed, clock.now());
    if (reasons.length) return { outcome: { outcome: 'held', reasons: reasons.map((r) => r.code) }, order: view };
    if (!active.rules.autoDispatch) return { outcome: { outcome: 'approved' }, order: view };
    return this.dispatchBest(reviewed, active);
  }

  /** Orders the check never reached (a crash between intake and check): picked up by the periodic job. */
  async processUnchecked(olderThanSeconds = 30, limit = 50): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - olderThanSeconds * 1000);
    const ids = await this.deps.orders.uncheckedOrderIds(before, limit);
    for (const id of ids) await this.process(id).catch((error: unknown) => log.error(`order ${id} failed`, error));
    return ids.length;
  }

  private async dispatchBest(order: OrderRecord, active: ActiveRules): Promise<AutoResult> {
    const { dispatch, orders, clock } = this.deps;
    const found = await dispatch.candidatesFor(order, active, { ownTeamOnly: active.rules.autoDispatchOwnTeamOnly, limit: 1 + RUNNERS_UP });
    const [best, ...runnersUp] = found.candidates;
    if (!best) {
      const reason = { code: 'no_unit_available', team: found.team, unitKinds: found.unitKinds.join(',') };
      const held = await orders.applyMoves(
        order.id,
        order.version,
        [
          {
            action: 'hold',
            actor: SYSTEM_ACTOR,
            effects: () => ({
              patch: { review_reasons: JSON.stringify([reason]) },
              detail: { rulesVersion: active.version, automatic: true, reasons: [reason] },
            }),
          },
        ],
        order,
      );
      return { outcome: { outcome: 'no_unit' }, order: toOrderView(held, clock.now()) };
    }
    try {
      const unit = {
        unitId: best.unitId,
        code: best.code,
        name: best.name,
        kind: best.kind,
        distanceM: best.distanceM,
        etaMinutes: best.etaMinutes,
        load: best.load,
      };
      const dispatched = await dispatch.assign(
        { orderId: order.id, unitIds: [best.unitId], expectedVersion: order.version },
        SYSTEM_ACTOR,
        {
          prepared: { order, units: [unit] },
          why: {
            rulesVersion: active.version,
            why: {
              rule: active.rules.autoDispatchOwnTeamOnly ? 'nearest suitable unit of the responsible team' : 'nearest suitable unit',
              team: found.team,
              unitKinds: found.unitKinds,
              chosen: {
                code: best.code,
                distanceM: best.distanceM,
                etaMinutes: best.etaMinutes,
                load: best.load,
                effectiveMinutes: best.effectiveMinutes,
              },
              runnersUp: runnersUp.map((c) => ({ code: c.code, effectiveMinutes: c.effectiveMinutes })),
            },
          },
        },
      );
      return { outcome: { outcome: 'dispatched', unitId: best.unitId }, order: dispatched };
    } catch (error) {
      // A dispatcher acted on the order meanwhile: their decision stands.
      if (isAppError(error) && error.code === 'CONFLICT') return { outcome: { outcome: 'taken_by_person' }, order: null };
      throw error;
    }
  }

  private async gatherFacts(order: OrderRecord, active: ActiveRules) {
    const { clock, orders } = this.deps;
    const category = order.category_code ? await orders.category(order.category_code) : undefined;
    const at = order.lng !== null && order.lat !== null ? ([order.lng, order.lat] as const) : null;
    const since = new Date(clock.now().getTime() - active.rules.duplicateWindowHours * 3_600_000);
    const [neighbours, duplicates] = await Promise.all([
      at && order.sub_district_code && active.rules.borderMeters > 0
        ? orders.neighbouringSubDistricts(at, order.sub_district_code, active.rules.borderMeters)
        : [],
      at && order.category_code && active.rules.duplicateRadiusMeters > 0
        ? orders.nearbyOpenOrders({
            at,
            categoryCode: order.category_code,
            meters: active.rules.duplicateRadiusMeters,
            since,
            excludeId: order.id,
            openStatuses: OPEN_STATUSES,
          })
        : [],
    ]);
    return {
      categoryCode: order.category_code,
      unitKinds: category ? unitKindsFor(active.rules, category.code, category.unit_kinds) : [],
      hasLocation: at !== null,
      subDistrictCode: order.sub_district_code,
      neighbours: neighbours.map((n) => ({ code: n.code, name: n.name, distanceM: n.distance_m })),
      duplicates: duplicates.map((d) => ({ code: d.code, distanceM: d.distance_m })),
    };
  }
}
