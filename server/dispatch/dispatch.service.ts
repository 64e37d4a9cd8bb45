/**
 * Nearest-unit dispatch: candidates for an order or any point on the map (KNN shortlist, then ranked by
 * estimated arrival and load, with the time left), and assignment — one or several units, version-checked so
 * that of two dispatchers assigning the same order at once exactly one wins and the other learns who did.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, UnitKind } from '@/db/schema';
import type { LngLat } from '@/db/st';
import { AppError, isAppError } from '@/domain/errors';
import { auditRefusal } from '@/server/audit/audit';
import type { Clock } from '@/server/clock';
import { evaluateDeadline } from '@/domain/orders/deadline-state';
import type { PublishOrderNotice } from '@/domain/orders/order-notice';
import type { Actor } from '@/server/orders/order-change';
import type { OrderRecord } from '@/server/orders/orders.repository';
import type { OrdersService } from '@/server/orders/orders.service';
import { toOrderView, type OrderView } from '@/server/orders/views';
import { findNearestUnits, findUnitsForAssignment } from './candidates.repository';
import { type ActiveRules, type DispatchRules, teamFor, unitKindSchema, unitKindsFor } from './rules';
import type { DispatchRulesService } from './rules.service';
import { rankCandidates, travelTerms } from './travel';

export const candidateViewSchema = z.object({
  unitId: z.number(),
  code: z.string(),
  name: z.string(),
  kind: unitKindSchema,
  subDistrictCode: z.string(),
  lng: z.number(),
  lat: z.number(),
  /** Straight line, metres (spheroid). */
  distanceM: z.number(),
  /** Straight line × the road-distance factor. */
  roadDistanceM: z.number(),
  etaMinutes: z.number(),
  /** Open orders the unit works on now. */
  load: z.number(),
  /** ETA plus the load penalty: what the ranking sorts by. */
  effectiveMinutes: z.number(),
  sameTeam: z.boolean().nullable(),
  positionAgeSeconds: z.number().nullable(),
  /** Minutes to spare before the order's running limit on arrival; null for a bare map point. */
  slackMinutes: z.number().nullable(),
});
export type CandidateView = z.infer<typeof candidateViewSchema>;

export const candidatesResultSchema = z.object({
  origin: z.object({ lng: z.number(), lat: z.number() }),
  unitKinds: z.array(unitKindSchema),
  team: z.string().nullable(),
  orderId: z.number().nullable(),
  rulesVersion: z.number(),
  /**
   * No unit kind answers for the category (权责不清): the dispatcher must choose the kinds. Answered, not refused,
   * so the screen can say so instead of showing an error.
   */
  needsUnitKinds: z.boolean(),
  candidates: z.array(candidateViewSchema),
});
export type CandidatesResult = z.infer<typeof candidatesResultSchema>;

export interface CandidateOptions {
  limit?: number;
  /** The dispatcher's choice of kinds, e.g. for a category whose responsibility is unclear. */
  unitKinds?: UnitKind[];
  /** Only the order's responsible team (automatic dispatch). */
  ownTeamOnly?: boolean;
}

export interface AssignCommand {
  orderId: number;
  unitIds: number[];
  /** The version the dispatcher saw: required, so a race has exactly one winner. */
  expectedVersion: number;
  note?: string | null;
  /** 改派: these units instead of those on the order (a reason is required). */
  reassign?: boolean;
}

/** A unit as an assignment records it. */
export interface UnitToSend {
  unitId: number;
  code: string;
  name: string;
  kind: UnitKind;
  distanceM: number | null;
  etaMinutes: number | null;
  load: number;
}

export interface AssignOptions {
  /** The automatic dispatcher's structured reason, recorded on the event. */
  why?: Record<string, unknown>;
  /** The order and units as the caller just read them (the automatic dispatcher), to save reading them again. */
  prepared?: { order: OrderRecord; units: UnitToSend[] };
}

const DEFAULT_LIMIT = 8;
/**
 * The KNN shortlist is this many times the list shown: enough for the planar-degree order (≤ 17 % off) and for
 * busy units to drop down the ranking, while every extra row costs a distance and a load count.
 */
export const SHORTLIST_FACTOR = 3;
export const MIN_SHORTLIST = 16;

const round1 = (n: number) => Math.round(n * 10) / 10;

export class DispatchService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      orders: OrdersService;
      rules: DispatchRulesService;
      publish: PublishOrderNotice;
    },
  ) {}

  /** Candidates for an order: its category's unit kinds, near its location, against its running limit. */
  async candidatesForOrder(orderId: number, options: CandidateOptions = {}): Promise<CandidatesResult> {
    return this.candidatesFor(await this.deps.orders.record(orderId), await this.deps.rules.active(), options);
  }

  /** The same for an order and rules already read (the automatic dispatcher has both at hand). */
  async candidatesFor(order: OrderRecord, { version, rules }: ActiveRules, options: CandidateOptions = {}): Promise<CandidatesResult> {
    if (order.lng === null || order.lat === null) {
      throw new AppError('BAD_REQUEST', 'dispatch.error.noLocation', `Order ${order.code} has no location`, { code: order.code });
    }
    const kinds = options.unitKinds?.length ? options.unitKinds : await this.kindsForCategory(order.category_code, rules);
    const team = order.sub_district_code ? teamFor(rules, order.sub_district_code) : null;
    const standing = evaluateDeadline(
      {
        status: order.status,
        clockStartedAt: order.clock_started_at,
        respondBy: order.respond_by,
        resolveBy: order.resolve_by,
        respondedAt: order.responded_at,
      },
      this.deps.clock.now(),
    );
    const candidates = await this.rank([order.lng, order.lat], kinds, team, options.limit ?? DEFAULT_LIMIT, {
      teams: options.ownTeamOnly && team ? [team] : undefined,
      minutesLeft: standing.minutesLeft,
    });
    return {
      origin: { lng: order.lng, lat: order.lat },
      unitKinds: kinds,
      team,
      orderId: order.id,
      rulesVersion: version,
      needsUnitKinds: kinds.length === 0,
      candidates,
    };
  }

  /** Candidates for any point the dispatcher clicks: by category (its unit kinds) or by unit kinds directly. */
  async candidatesAt(
    at: LngLat,
    what: { categoryCode?: string; unitKinds?: UnitKind[] },
    limit = DEFAULT_LIMIT,
  ): Promise<CandidatesResult> {
    const { version, rules } = await this.deps.rules.active();
    const kinds = what.unitKinds?.length ? what.unitKinds : await this.kindsForCategory(what.categoryCode ?? null, rules);
    const candidates = await this.rank(at, kinds, null, limit, {});
    return {
      origin: { lng: at[0], lat: at[1] },
      unitKinds: kinds,
      team: null,
      orderId: null,
      rulesVersion: version,
      needsUnitKinds: kinds.length === 0,
      candidates,
    };
  }

  /** The unit kinds that answer for a category; none for one whose responsibility is unclear (the person chooses). */
  private async kindsForCategory(categoryCode: string | null, rules: DispatchRules): Promise<UnitKind[]> {
    const category = categoryCode ? await this.deps.orders.requireCategory(categoryCode) : null;
    return category ? unitKindsFor(rules, category.code, category.unit_kinds) : [];
  }

  private async rank(
    at: LngLat,
    kinds: UnitKind[],
    team: string | null,
    limit: number,
    options: { teams?: string[]; minutesLeft?: number | null },
  ): Promise<CandidateView[]> {
    if (!kinds.length) return [];
    const now = this.deps.clock.now().getTime();
    const rows = await findNearestUnits(this.deps.db, {
      at,
      kinds,
      teams: options.teams,
      k: Math.max(limit * SHORTLIST_FACTOR, MIN_SHORTLIST),
    });
    const ranked = rankCandidates(rows.map((r) => ({ ...r, unitId: r.id, distanceM: r.distance_m, load: Number(r.load ?? 0) })));
    return ranked.slice(0, limit).map((c) => ({
      unitId: c.unitId,
      code: c.code,
      name: c.name,
      kind: c.kind,
      subDistrictCode: c.sub_district_code,
      lng: c.lng,
      lat: c.lat,
      distanceM: Math.round(c.distanceM),
      roadDistanceM: Math.round(c.roadDistanceM),
      etaMinutes: round1(c.etaMinutes),
      load: c.load,
      effectiveMinutes: round1(c.effectiveMinutes),
      sameTeam: team === null ? null : c.sub_district_code === team,
      positionAgeSeconds: c.last_seen_at ? Math.max(0, Math.round((now - c.last_seen_at.getTime()) / 1000)) : null,
      slackMinutes:
        options.minutesLeft === null || options.minutesLeft === undefined ? null : round1(options.minutesLeft - c.effectiveMinutes),
    }));
  }

  /**
   * Sends units to an order: the first dispatch (待派单 / 已退回 → 已派单), more units to an incident already
   * dispatched, or other units instead (改派). The transaction re-reads the order and checks the version, whatever was prepared.
   */
  async assign(command: AssignCommand, actor: Actor, options: AssignOptions = {}): Promise<OrderView> {
    try {
      return await this.send(command, actor, options);
    } catch (error) {
      // A person's refused dispatch or 改派 is recorded like a refused lifecycle command (who tried what on which order).
      if (isAppError(error) && actor.role !== 'system') {
        await auditRefusal(this.deps.db, {
          actor: actor.name,
          actorUserId: actor.userId,
          actorRole: actor.role,
          action: command.reassign ? 'orders.reassign' : 'orders.dispatch',
          target: String(command.orderId),
          reason: error.messageKey,
        });
      }
      throw error;
    }
  }

  private async send(command: AssignCommand, actor: Actor, options: AssignOptions): Promise<OrderView> {
    const { orders, clock } = this.deps;
    const unitIds = [...new Set(command.unitIds)];
    const order = options.prepared?.order ?? (await orders.record(command.orderId));
    const units = options.prepared?.units ?? (await this.unitsToSend(order, unitIds));
    // Units already on the way: another unit joins them (or replaces them: 改派); otherwise this is the dispatch
    // (refused if not yet due). The lifecycle refuses a reassignment of an order no unit has.
    const onTheWay = order.status === 'dispatched' || order.status === 'accepted' || order.status === 'in_progress';
    const action = command.reassign ? 'reassign' : onTheWay ? 'add_unit' : 'dispatch';

    const firstLead = action !== 'add_unit';
    const updated = await orders.assignUnits(
      {
        orderId: command.orderId,
        expectedVersion: command.expectedVersion,
        action,
        actor,
        note: command.note,
        detail: { automatic: actor.role === 'system', units, ...options.why },
        units: units.map((u, i) => ({
          unitId: u.unitId,
          code: u.code,
          role: firstLead && i === 0 ? 'lead' : 'support',
          distanceM: u.distanceM,
          etaMinutes: u.etaMinutes,
        })),
      },
      options.prepared?.order,
    );
    this.deps.publish({ type: 'order:assigned', orderId: updated.id, code: updated.code, unitIds, at: clock.now().getTime() });
    return toOrderView(updated, clock.now());
  }

  /** The units as the event records them (distance, ETA, load); unknown or unavailable units are refused. */
  private async unitsToSend(order: OrderRecord, unitIds: number[]): Promise<UnitToSend[]> {
    const at: LngLat | null = order.lng !== null && order.lat !== null ? [order.lng, order.lat] : null;
    const rows = await findUnitsForAssignment(this.deps.db, unitIds, at);
    const missing = unitIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length)
      throw new AppError('NOT_FOUND', 'dispatch.error.unknownUnit', `No unit ${missing.join(', ')}`, { unit: missing.join(', ') });
    const unavailable = rows.find((r) => !r.on_shift || !r.has_position);
    if (unavailable)
      throw new AppError('CONFLICT', 'dispatch.error.unitUnavailable', `${unavailable.code} is off shift or has no position`, {
        unit: unavailable.code,
      });
    return unitIds.map((id) => {
      const r = rows.find((row) => row.id === id)!;
      const load = Number(r.load ?? 0);
      const terms = r.distance_m === null ? null : travelTerms({ kind: r.kind, distanceM: r.distance_m, load });
      return {
        unitId: r.id,
        code: r.code,
        name: r.name,
        kind: r.kind,
        distanceM: r.distance_m === null ? null : Math.round(r.distance_m),
        etaMinutes: terms ? round1(terms.etaMinutes) : null,
        load,
      };
    });
  }
}
