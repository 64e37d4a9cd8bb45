/**
 * The rules of work orders: intake (code, sub-district, deadlines; idempotent per external reference), reading
 * (queue, detail with timeline) and every lifecycle move — planned by lifecycle.ts, applied version-checked with
 * its ledger event in one transaction, announced after commit. Dispatch, the automatic check and the deadline
 * watch change orders only through `applyMoves`.
 */
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import type { Kysely } from 'kysely';
import superjson from 'superjson';
import { maskPhoneFields } from '@/domain/privacy/mask';
import type { Database, OrderSource, OrderStatus } from '@/db/schema';
import type { LngLat } from '@/db/st';
import { AppError } from '@/domain/errors';
import { type AttachmentInput, attachmentRows } from './attachments';
import {
  activeUnitIds,
  endActiveAssignments,
  hasActiveAssignment,
  insertAssignments,
  listAssignments,
  type NewAssignment,
} from './assignments.repository';
import { type CategoryRecord, findTimeLimitOverride, listCategories } from './categories.repository';
import { type Clock } from '@/server/clock';
import { shanghaiDay } from '@/domain/shanghai-time';
import { type LedgerStep, stateAsOf } from '@/domain/replay/as-of';
import { OPEN_STATUSES as OPEN_ORDER_STATUSES } from '@/domain/orders/order-values';
import { commandEffects, easedDeadline } from './command-effects';
import { findCommandKey, insertCommandKey } from './command-keys.repository';
import { listExtensions } from './extensions.repository';
import { appendOrderEvent, insertAttachments, listOrderAttachments, listOrderEvents } from './ledger.repository';
import { type ActorKind, actorKindOf, type OrderAction, planTransition } from '@/domain/orders/lifecycle';
import { ordersCatalog } from '@/domain/i18n/catalog/orders';
import type { PublishOrderNotice, UnitMessage } from '@/domain/orders/order-notice';
import { type Actor, commitOrderChange, conflictError } from './order-change';
import type { Move, TransitionCommand } from './moves';
import { auditRefusal } from '@/server/audit/audit';
import { isAppError } from '@/domain/errors';
import { formatOrderCode } from './order-code';
import { queueReportBack } from './report-back';
import {
  closedOrdersIn,
  findOrder,
  findOrderByCode,
  findNearbyOpenOrders,
  findOrderByExternalRef,
  insertOrder,
  listOrders,
  listOrdersOpenAround,
  orderStepsUpTo,
  listUncheckedOrderIds,
  neighbouringSubDistricts,
  nextDayNumber,
  type OrderQueueFilter,
  type OrderRecord,
  subDistrictAt,
} from './orders.repository';
import { listAddressesNear } from '@/server/geography/geography.repository';
import { computeDeadlines, type Priority, type TimeLimit, timeLimitFor } from './time-limits';
import {
  type CategoryView,
  type OrderDetail,
  type OrderView,
  toAssignmentView,
  toAttachmentView,
  toCategoryView,
  toExtensionView,
  toOrderView,
  toTimeline,
} from './views';

/** An order located without an address is labelled "<nearest 门牌>附近" when one lies this close. */
const NEAREST_ADDRESS_METERS = 300;

export interface OrdersServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  publish: PublishOrderNotice;
}

export interface NewOrderInput {
  source: OrderSource;
  /** The sender's own number (e.g. the 12345 ticket): a repeat delivery returns the existing order. */
  externalRef?: string | null;
  categoryCode?: string | null;
  priority: Priority;
  description: string;
  address?: string | null;
  location?: LngLat | null;
  reporterName?: string | null;
  reporterPhone?: string | null;
  attachments?: readonly AttachmentInput[];
  /** How the intake decided things (e.g. the priority from the rules): recorded on the creation event. */
  decisions?: Record<string, unknown>;
}

/** Which side of the lifecycle an actor acts on for this action, or FORBIDDEN. */
export function actorKindFor(actor: Actor, action: OrderAction): ActorKind {
  const kind = actorKindOf(actor.role, action);
  if (kind) return kind;
  throw new AppError('FORBIDDEN', 'orders.error.actionNotYours', `Role ${actor.role} cannot ${action}`, {
    action,
    role: actor.role,
    actionZh: (ordersCatalog.zh as Record<string, string>)[`orders.action.${action}`],
    actionEn: (ordersCatalog.en as Record<string, string>)[`orders.action.${action}`],
  });
}

/** Units sent to an order by the dispatch command (their code names a refused one). */
export interface UnitAssignment extends NewAssignment {
  code: string;
}

export class OrdersService {
  private categoryCache: Promise<CategoryRecord[]> | undefined;

  constructor(private readonly deps: OrdersServiceDeps) {}

  get clock(): Clock {
    return this.deps.clock;
  }

  // ——— the taxonomy and time limits ———

  async categories(): Promise<CategoryView[]> {
    return (await this.categoryRecords()).filter((c) => c.active).map(toCategoryView);
  }

  async category(code: string): Promise<CategoryRecord | undefined> {
    return (await this.categoryRecords()).find((c) => c.code === code);
  }

  private categoryRecords(): Promise<CategoryRecord[]> {
    // The taxonomy changes with migrations only; one read per process.
    this.categoryCache ??= listCategories(this.deps.db).catch((error: unknown) => {
      this.categoryCache = undefined;
      throw error;
    });
    return this.categoryCache;
  }

  async requireCategory(code: string): Promise<CategoryRecord> {
    const category = await this.category(code);
    if (!category?.active)
      throw new AppError('BAD_REQUEST', 'orders.error.unknownCategory', `Unknown category ${code}`, { category: code });
    return category;
  }

  /** `db` is the transaction when called inside one: PGlite has one connection, so a second would wait forever. */
  async timeLimitOf(
    categoryCode: string | null,
    priority: Priority,
    db: Kysely<Database> = this.deps.db,
  ): Promise<TimeLimit & { origin: 'category' | 'default' }> {
    const override = categoryCode ? await findTimeLimitOverride(db, categoryCode, priority) : undefined;
    const limit = timeLimitFor(
      priority,
      override ? { respondMinutes: override.respond_minutes, resolveMinutes: override.resolve_minutes } : null,
    );
    return { ...limit, origin: override ? 'category' : 'default' };
  }

  // ——— intake ———

  /** Registers an order; `record` (the new row) lets the automatic check go on without reading it again. */
  async create(input: NewOrderInput, actor: Actor): Promise<{ order: OrderView; created: boolean; record?: OrderRecord }> {
    const { db, clock } = this.deps;
    if (input.externalRef) {
      const existing = await findOrderByExternalRef(db, input.source, input.externalRef);
      if (existing) return { order: toOrderView(existing, clock.now()), created: false };
    }
    const category = input.categoryCode ? await this.requireCategory(input.categoryCode) : null;
    const now = clock.now();
    const location = input.location ?? null;
    // Independent reads: on PostgreSQL they travel in parallel over the pool.
    const [subDistrictCode, nearbyAddress, limit, dayNumber] = await Promise.all([
      location ? subDistrictAt(db, location).then((code) => code ?? null) : null,
      location && !input.address ? listAddressesNear(db, location, NEAREST_ADDRESS_METERS, 1).then((rows) => rows[0]) : undefined,
      this.timeLimitOf(category?.code ?? null, input.priority),
      nextDayNumber(db, shanghaiDay(now)),
    ]);
    const deadlines = computeDeadlines(now, limit);
    const code = formatOrderCode(shanghaiDay(now), dayNumber);

    const inserted = await db.transaction().execute(async (trx) => {
      const order = await insertOrder(trx, {
        code,
        source: input.source,
        external_ref: input.externalRef ?? null,
        category_code: category?.code ?? null,
        priority: input.priority,
        status: 'received',
        description: input.description,
        address: input.address ?? (nearbyAddress ? `${nearbyAddress.address}附近` : null),
        location,
        sub_district_code: subDistrictCode,
        reporter_name: input.reporterName ?? null,
        reporter_phone: input.reporterPhone ?? null,
        received_at: now,
        clock_started_at: now,
        respond_by: deadlines.respondBy,
        resolve_by: deadlines.resolveBy,
        created_by: actor.userId,
        updated_at: now,
      });
      if (!order) return undefined;
      const eventId = await appendOrderEvent(trx, {
        order_id: order.id,
        at: now,
        actor_user_id: actor.userId,
        actor_name: actor.name,
        actor_role: actor.role,
        action: 'create',
        from_status: null,
        to_status: 'received',
        note: null,
        detail: JSON.stringify({
          source: input.source,
          externalRef: input.externalRef ?? null,
          // Why the order sits where it does and has the limits it has.
          subDistrict: { code: subDistrictCode, by: location ? 'ST_Covers(sub_districts.geom, point)' : 'no location' },
          timeLimit: {
            respondMinutes: limit.respondMinutes,
            resolveMinutes: limit.resolveMinutes,
            origin: limit.origin,
            priority: input.priority,
          },
          ...input.decisions,
        }),
        order_version: 1,
      });
      if (input.attachments?.length) await insertAttachments(trx, attachmentRows(order.id, eventId, now, input.attachments));
      await queueReportBack(trx, order, eventId, 'create', now);
      return order;
    });

    if (!inserted) {
      // The same external reference arrived twice at once; the other delivery created it.
      const existing = await findOrderByExternalRef(db, input.source, input.externalRef!);
      return { order: toOrderView(existing!, clock.now()), created: false };
    }
    this.announce(inserted, 'create');
    return { order: toOrderView(inserted, now), created: true, record: inserted };
  }

  // ——— reading ———

  async record(id: number): Promise<OrderRecord> {
    const order = await findOrder(this.deps.db, id);
    if (!order) throw new AppError('NOT_FOUND', 'error.notFound', `No order ${id}`, { what: `order ${id}` });
    return order;
  }

  async view(id: number): Promise<OrderView> {
    return toOrderView(await this.record(id), this.deps.clock.now());
  }

  async byCode(code: string): Promise<OrderView> {
    const order = await findOrderByCode(this.deps.db, code);
    if (!order) throw new AppError('NOT_FOUND', 'error.notFound', `No order ${code}`, { what: code });
    return toOrderView(order, this.deps.clock.now());
  }

  async list(filter: OrderQueueFilter): Promise<OrderView[]> {
    const now = this.deps.clock.now();
    return (await listOrders(this.deps.db, filter)).map((o) => toOrderView(o, now));
  }

  /**
   * The orders open at a past moment, each in the state its ledger says it was in then, its clock judged as of
   * then (the wall's replay). Times after the moment (responded, resolved) are not known yet at it.
   */
  async openAt(at: Date, limit = 500): Promise<OrderView[]> {
    const records = await listOrdersOpenAround(this.deps.db, at, limit);
    const steps = await orderStepsUpTo(
      this.deps.db,
      records.map((r) => r.id),
      at,
    );
    const ledgers = new Map<number, LedgerStep<OrderStatus>[]>();
    for (const s of steps) {
      const ledger = ledgers.get(s.order_id) ?? [];
      ledger.push({ at: new Date(s.at).getTime(), seq: s.id, state: s.to_status });
      ledgers.set(s.order_id, ledger);
    }
    const known = (d: Date | null) => (d && d.getTime() <= at.getTime() ? d : null);
    return records.flatMap((r) => {
      const status = stateAsOf(ledgers.get(r.id) ?? [], at.getTime());
      if (!status || !OPEN_ORDER_STATUSES.includes(status)) return [];
      const view = toOrderView(
        { ...r, status, responded_at: known(r.responded_at), resolved_at: known(r.resolved_at), closed_at: null },
        at,
      );
      return [{ ...view, deadlineState: view.clock.state }];
    });
  }

  /** The order with its timeline (the ledger), units, attachments and extension requests. */
  async detail(id: number): Promise<OrderDetail> {
    const { db, clock } = this.deps;
    const order = await this.record(id);
    const [events, attachments, assignments, extensions] = await Promise.all([
      listOrderEvents(db, id),
      listOrderAttachments(db, id),
      listAssignments(db, id),
      listExtensions(db, id),
    ]);
    return {
      order: toOrderView(order, clock.now()),
      timeline: toTimeline(events, attachments),
      assignments: assignments.map(toAssignmentView),
      attachments: attachments.map(toAttachmentView),
      extensions: extensions.map(toExtensionView),
    };
  }

  /** A field unit sees an order only while its unit works on it. */
  async detailForUnit(id: number, unitId: number | null): Promise<OrderDetail> {
    const order = await this.record(id);
    if (unitId === null || !(await hasActiveAssignment(this.deps.db, id, unitId))) {
      throw new AppError('FORBIDDEN', 'orders.error.notAssigned', `Order ${order.code} is not assigned to your unit`, { code: order.code });
    }
    return this.detail(id);
  }

  // ——— changes ———

  /** A person's lifecycle command (dispatcher or field unit). Dispatching goes through the dispatch service. */
  async transition(command: TransitionCommand, actor: Actor): Promise<OrderView> {
    if (command.action === 'dispatch' || command.action === 'add_unit' || command.action === 'reassign') {
      throw new AppError('BAD_REQUEST', 'error.badInput', 'Dispatch through dispatch.assign, which chooses the units', {
        detail: '派单请使用派单功能选择处置力量',
      });
    }
    const { clientKey } = command;
    const keyed = clientKey !== undefined && actor.userId !== null ? { clientKey, userId: actor.userId } : null;
    const replayed = keyed ? await this.replayedCommand(command, keyed) : undefined;
    if (replayed) return replayed;
    await this.categoryRecords(); // loaded before the transaction, which may need it
    try {
      const order = await this.applyMoves(command.orderId, command.expectedVersion, [
        {
          action: command.action,
          actor,
          note: command.note,
          attachments: command.attachments,
          effects: async (context) => {
            const effects = await commandEffects(command, actor, context, this);
            if (!keyed) return effects;
            return {
              ...effects,
              after: async (trx) => {
                await effects.after?.(trx);
                await insertCommandKey(trx, {
                  ...keyed,
                  orderId: command.orderId,
                  action: command.action,
                  orderVersion: context.order.version + 1,
                  at: context.now,
                });
              },
            };
          },
        },
      ]);
      return toOrderView(order, this.deps.clock.now());
    } catch (error) {
      // The same command arrived twice at once: the other one moved the order and holds the key.
      const other = keyed ? await this.replayedCommand(command, keyed) : undefined;
      if (other) return other;
      // A refused state change is a security-relevant event (who tried what on which order), not only an error.
      if (isAppError(error)) {
        await auditRefusal(this.deps.db, {
          actor: actor.name,
          actorUserId: actor.userId,
          actorRole: actor.role,
          action: `orders.${command.action}`,
          target: String(command.orderId),
          reason: error.messageKey,
        });
      }
      throw error;
    }
  }

  /** The order as it stands, if this phone already sent this command; a key reused for another command is refused. */
  private async replayedCommand(command: TransitionCommand, keyed: { clientKey: string; userId: number }): Promise<OrderView | undefined> {
    const earlier = await findCommandKey(this.deps.db, keyed.userId, keyed.clientKey);
    if (!earlier) return undefined;
    if (earlier.order_id !== command.orderId || earlier.action !== command.action) {
      throw new AppError('CONFLICT', 'orders.error.clientKeyReused', `Client key ${keyed.clientKey} was used for another command`, {
        key: keyed.clientKey,
      });
    }
    return this.view(command.orderId);
  }

  /**
   * Applies moves in order, in one transaction: each is planned against the order as it then stands, checked
   * for the actor, version-checked, recorded. `expectedVersion`, if given, must match before anything happens.
   * `current`: the order as the caller just read it.
   */
  async applyMoves(
    orderId: number,
    expectedVersion: number | undefined,
    moves: readonly Move[],
    current?: OrderRecord,
  ): Promise<OrderRecord> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const done: Array<{ action: OrderAction; order: OrderRecord; tell?: UnitMessage }> = [];
    const final = await db.transaction().execute(async (trx) => {
      // A caller holding the order as it just read it saves the read: a stale copy fails the version check anyway.
      let order = current?.id === orderId ? current : await findOrder(trx, orderId);
      if (!order) throw new AppError('NOT_FOUND', 'error.notFound', `No order ${orderId}`, { what: `order ${orderId}` });
      // The caller's role is checked first: a refusal must not tell someone without the right who holds the order.
      for (const move of moves) actorKindFor(move.actor, move.action);
      if (expectedVersion !== undefined && order.version !== expectedVersion) throw await conflictError(trx, order);
      for (const move of moves) {
        const kind = actorKindFor(move.actor, move.action);
        const to = planTransition(order.status, move.action, {
          actor: kind,
          note: move.note,
          evidenceCount: move.attachments?.length ?? 0,
        });
        if (kind === 'field' && (move.actor.unitId === null || !(await hasActiveAssignment(trx, order.id, move.actor.unitId)))) {
          throw new AppError('FORBIDDEN', 'orders.error.notAssigned', `Order ${order.code} is not assigned to your unit`, {
            code: order.code,
          });
        }
        const effects = (await move.effects?.({ trx, order, to, now })) ?? {};
        const patch = { ...effects.patch, ...easedDeadline(order, to, effects.patch ?? {}, now) };
        ({ order } = await commitOrderChange(trx, order, {
          action: move.action,
          to,
          at: now,
          actor: move.actor,
          patch,
          note: move.note,
          detail: effects.detail,
          attachments: move.attachments,
        }));
        await effects.after?.(trx);
        // Related rows changed after the update (the units on it): the order as the screens see it is read again.
        if (effects.after) order = (await findOrder(trx, order.id)) ?? order;
        done.push({ action: move.action, order, tell: effects.tell });
      }
      return order;
    });
    for (const { action, order, tell } of done) {
      this.announce(order, action);
      // The units' phones hear it at once, after the commit (never what the database does not hold).
      if (tell?.unitIds.length) this.deps.publish({ type: 'order:told', orderId: order.id, code: order.code, at: now.getTime(), ...tell });
    }
    return final;
  }

  /**
   * The command dispatch sends units with: the first dispatch (待派单 / 已退回 → 已派单), more units to an order
   * already dispatched, or other units instead of those on it (改派: theirs end, their phones are told, the new ones
   * accept anew) — in one transaction with the version check. A unit already on the order is refused; the order's
   * review reasons are cleared, since someone has now decided.
   */
  async assignUnits(
    command: {
      orderId: number;
      expectedVersion?: number;
      action: 'dispatch' | 'add_unit' | 'reassign';
      actor: Actor;
      note?: string | null;
      detail: Record<string, unknown>;
      units: readonly UnitAssignment[];
    },
    current?: OrderRecord,
  ): Promise<OrderRecord> {
    const { actor, units } = command;
    return this.applyMoves(
      command.orderId,
      command.expectedVersion,
      [
        {
          action: command.action,
          actor,
          note: command.note,
          effects: async ({ trx, order, now }) => {
            const already = await activeUnitIds(trx, order.id);
            const busy = units.find((u) => already.includes(u.unitId));
            if (busy && command.action === 'reassign')
              throw new AppError('CONFLICT', 'dispatch.error.reassignSameUnits', `${busy.code} is already on order ${order.code}`, {
                unit: busy.code,
                code: order.code,
              });
            if (busy)
              throw new AppError('CONFLICT', 'dispatch.error.unitAlreadyOnOrder', `${busy.code} is already on order ${order.code}`, {
                unit: busy.code,
                code: order.code,
              });
            if (command.action !== 'reassign') {
              return {
                patch: { review_reasons: '[]' },
                detail: command.detail,
                after: (t) => insertAssignments(t, order.id, actor.userId, now, units),
              };
            }
            return {
              patch: { review_reasons: '[]' },
              detail: { ...command.detail, previousUnitIds: already },
              after: async (t) => {
                await endActiveAssignments(t, order.id, 'released', now);
                await insertAssignments(t, order.id, actor.userId, now, units);
              },
              tell: { unitIds: already, kind: 'withdrawn', by: actor.name, note: command.note?.trim() || null, dueBy: null },
            };
          },
        },
      ],
      current,
    );
  }

  /** Orders still waiting for the automatic check, received before `before` (the check never reached them). */
  /** Closed orders of some categories in [from, to) with their photo counts, for the service settlement (issue 17). */
  async closedForSettlement(filter: { categories: readonly string[]; from: Date; to: Date; scope: DistrictScope }) {
    return (await closedOrdersIn(this.deps.db, filter)).map((o) => ({
      code: o.code,
      category: o.category_code,
      closedAt: o.closed_at!,
      photos: Number(o.photos ?? 0),
    }));
  }

  async uncheckedOrderIds(before: Date, limit: number): Promise<number[]> {
    return (await listUncheckedOrderIds(this.deps.db, before, limit)).map((r) => r.id);
  }

  /** Open orders of the same category near a point since `since`, nearest first (at most three): possible duplicates. */
  nearbyOpenOrders(query: {
    at: LngLat;
    categoryCode: string;
    meters: number;
    since: Date;
    excludeId: number;
    openStatuses: readonly OrderStatus[];
  }) {
    return findNearbyOpenOrders(this.deps.db, query);
  }

  /** Other sub-districts within `meters` of a point, nearest first: an order there lies on their border. */
  neighbouringSubDistricts(at: LngLat, ownCode: string, meters: number) {
    return neighbouringSubDistricts(this.deps.db, at, ownCode, meters);
  }

  private announce(order: OrderRecord, action: OrderAction | 'create'): void {
    const now = this.deps.clock.now();
    this.deps.publish({
      type: 'order:changed',
      orderId: order.id,
      code: order.code,
      action,
      status: order.status,
      version: order.version,
      deadlineState: order.deadline_state,
      escalationLevel: order.escalation_level,
      subDistrictCode: order.sub_district_code,
      at: now.getTime(),
      // The view the screens' lists hold, so they patch them instead of refetching (encoded as tRPC encodes). Every
      // role on the map hears it, so its phone numbers go masked; a detail fetched by a dispatcher has them in full.
      view: superjson.serialize(maskPhoneFields(toOrderView(order, now))),
    });
  }
}
