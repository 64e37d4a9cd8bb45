/**
 * The rules of work orders: intake (code, sub-district, deadlines; idempotent per external reference), reading
 * (queue, detail with timeline) and every lifecycle move — planned by lifecycle.ts, applied version-checked with
 * its ledger event in one transaction, announced after commit. Dispatch, the automatic check and the deadline
 * watch change orders only through `applyMoves`.
 */
import type { Kysely } from 'kysely';
import type { Database, DeadlineState, OrderSource, OrderStatus } from '@/db/schema';
import type { LngLat } from '@/db/st';
import { can } from '@/server/auth/roles';
import { AppError } from '@/server/errors';
import type { AttachmentInput } from './attachments';
import { endActiveAssignments, hasActiveAssignment, listAssignments } from './assignments.repository';
import { type CategoryRecord, findTimeLimitOverride, listCategories } from './categories.repository';
import { type Clock, shanghaiDay } from './clock';
import { evaluateDeadline } from './deadline-state';
import { decideExtension, findPendingExtension, insertExtension, lapsePendingExtensions, listExtensions } from './extensions.repository';
import { appendOrderEvent, insertAttachments, listOrderAttachments, listOrderEvents } from './ledger.repository';
import { type ActorKind, OPEN_STATUSES, type OrderAction, planTransition, TRANSITIONS } from './lifecycle';
import type { PublishOrderNotice } from './notices';
import { attachmentRows } from './attachments';
import { type Actor, commitOrderChange, conflictError } from './order-change';
import { formatOrderCode } from './order-code';
import {
  findOrder,
  findOrderByCode,
  findOrderByExternalRef,
  insertOrder,
  listOrders,
  nextDayNumber,
  type OrderPatch,
  type OrderQueueFilter,
  type OrderRecord,
  subDistrictAt,
  subDistrictExists,
} from './orders.repository';
import { computeDeadlines, extendDeadline, type Priority, type TimeLimit, timeLimitFor } from './time-limits';
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

export interface TransitionCommand {
  orderId: number;
  action: OrderAction;
  /** The version the user saw; a different current version is a CONFLICT (someone else changed it). */
  expectedVersion?: number;
  note?: string | null;
  attachments?: readonly AttachmentInput[];
  /** request_extension: how many more minutes. */
  extensionMinutes?: number;
  /** approve: what a person decided that the automatic check could not. */
  corrections?: { categoryCode?: string; subDistrictCode?: string; priority?: Priority };
}

export interface MoveContext {
  trx: Kysely<Database>;
  order: OrderRecord;
  to: OrderStatus;
  now: Date;
}

export interface MoveEffects {
  patch?: OrderPatch;
  detail?: Record<string, unknown>;
  /** Writes to related rows; runs after the version check passed, so a loser of a race writes nothing. */
  after?: (trx: Kysely<Database>) => Promise<void>;
}

export interface Move {
  action: OrderAction;
  actor: Actor;
  note?: string | null;
  attachments?: readonly AttachmentInput[];
  effects?: (context: MoveContext) => Promise<MoveEffects> | MoveEffects;
}

const MAX_EXTENSION_MINUTES = 7 * 24 * 60;

const severity: Record<DeadlineState, number> = { ok: 0, nearing: 1, overdue: 2 };
const asDate = (value: Date | string | null | undefined, fallback: Date | null): Date | null => (value === undefined ? fallback : value === null ? null : new Date(value));

/**
 * After a move the deadline standing can only ease (a unit accepted, an extension, the handler finished, the
 * order closed): set it down at once. Worsening is the deadline watch's to record, with its own events.
 */
function easedDeadline(order: OrderRecord, to: OrderStatus, patch: OrderPatch, now: Date): OrderPatch {
  const standing = evaluateDeadline(
    {
      status: to,
      clockStartedAt: asDate(patch.clock_started_at, order.clock_started_at)!,
      respondBy: asDate(patch.respond_by, order.respond_by)!,
      resolveBy: asDate(patch.resolve_by, order.resolve_by)!,
      respondedAt: asDate(patch.responded_at, order.responded_at),
    },
    now,
  );
  const state = patch.deadline_state ?? order.deadline_state;
  const level = patch.escalation_level ?? order.escalation_level;
  return {
    ...(severity[standing.state] < severity[state as DeadlineState] ? { deadline_state: standing.state } : {}),
    ...(standing.escalationLevel < Number(level) ? { escalation_level: standing.escalationLevel } : {}),
  };
}

/** Which side of the lifecycle an actor acts on for this action, or FORBIDDEN. */
export function actorKindFor(actor: Actor, action: OrderAction): ActorKind {
  if (actor.role === 'system') return 'system';
  const allowed = TRANSITIONS[action].by;
  if (allowed.includes('dispatcher') && can(actor.role, 'orders:dispatch')) return 'dispatcher';
  if (allowed.includes('field') && can(actor.role, 'field:use')) return 'field';
  throw new AppError('FORBIDDEN', 'orders.error.actionNotYours', `Role ${actor.role} cannot ${action}`, { action, role: actor.role });
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
    if (!category?.active) throw new AppError('BAD_REQUEST', 'orders.error.unknownCategory', `Unknown category ${code}`, { category: code });
    return category;
  }

  /** `db` is the transaction when called inside one: PGlite has one connection, so a second would wait forever. */
  async timeLimitOf(categoryCode: string | null, priority: Priority, db: Kysely<Database> = this.deps.db): Promise<TimeLimit & { origin: 'category' | 'default' }> {
    const override = categoryCode ? await findTimeLimitOverride(db, categoryCode, priority) : undefined;
    const limit = timeLimitFor(priority, override ? { respondMinutes: override.respond_minutes, resolveMinutes: override.resolve_minutes } : null);
    return { ...limit, origin: override ? 'category' : 'default' };
  }

  // ——— intake ———

  async create(input: NewOrderInput, actor: Actor): Promise<{ order: OrderView; created: boolean }> {
    const { db, clock } = this.deps;
    if (input.externalRef) {
      const existing = await findOrderByExternalRef(db, input.source, input.externalRef);
      if (existing) return { order: toOrderView(existing, clock.now()), created: false };
    }
    const category = input.categoryCode ? await this.requireCategory(input.categoryCode) : null;
    const now = clock.now();
    const location = input.location ?? null;
    const subDistrictCode = location ? ((await subDistrictAt(db, location)) ?? null) : null;
    const limit = await this.timeLimitOf(category?.code ?? null, input.priority);
    const deadlines = computeDeadlines(now, limit);
    const code = formatOrderCode(shanghaiDay(now), await nextDayNumber(db, shanghaiDay(now)));

    const inserted = await db.transaction().execute(async (trx) => {
      const order = await insertOrder(trx, {
        code,
        source: input.source,
        external_ref: input.externalRef ?? null,
        category_code: category?.code ?? null,
        priority: input.priority,
        status: 'received',
        description: input.description,
        address: input.address ?? null,
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
          timeLimit: { respondMinutes: limit.respondMinutes, resolveMinutes: limit.resolveMinutes, origin: limit.origin, priority: input.priority },
          ...input.decisions,
        }),
        order_version: 1,
      });
      if (input.attachments?.length) await insertAttachments(trx, attachmentRows(order.id, eventId, now, input.attachments));
      return order;
    });

    if (!inserted) {
      // The same external reference arrived twice at once; the other delivery created it.
      const existing = await findOrderByExternalRef(db, input.source, input.externalRef!);
      return { order: toOrderView(existing!, clock.now()), created: false };
    }
    this.announce(inserted, 'create');
    return { order: toOrderView(inserted, now), created: true };
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
    if (command.action === 'dispatch' || command.action === 'add_unit') {
      throw new AppError('BAD_REQUEST', 'error.badInput', 'Dispatch through dispatch.assign, which chooses the units', { detail: '派单请使用派单功能选择处置力量' });
    }
    await this.categoryRecords(); // loaded before the transaction, which may need it
    const order = await this.applyMoves(command.orderId, command.expectedVersion, [
      { action: command.action, actor, note: command.note, attachments: command.attachments, effects: (context) => this.effectsOf(command, actor, context) },
    ]);
    return toOrderView(order, this.deps.clock.now());
  }

  /**
   * Applies moves in order, in one transaction: each is planned against the order as it then stands, checked
   * for the actor, version-checked, recorded. `expectedVersion`, if given, must match before anything happens.
   */
  async applyMoves(orderId: number, expectedVersion: number | undefined, moves: readonly Move[]): Promise<OrderRecord> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const done: Array<{ action: OrderAction; order: OrderRecord }> = [];
    const final = await db.transaction().execute(async (trx) => {
      let order = await findOrder(trx, orderId);
      if (!order) throw new AppError('NOT_FOUND', 'error.notFound', `No order ${orderId}`, { what: `order ${orderId}` });
      if (expectedVersion !== undefined && order.version !== expectedVersion) throw await conflictError(trx, order);
      for (const move of moves) {
        const kind = actorKindFor(move.actor, move.action);
        const to = planTransition(order.status, move.action, { actor: kind, note: move.note, evidenceCount: move.attachments?.length ?? 0 });
        if (kind === 'field' && (move.actor.unitId === null || !(await hasActiveAssignment(trx, order.id, move.actor.unitId)))) {
          throw new AppError('FORBIDDEN', 'orders.error.notAssigned', `Order ${order.code} is not assigned to your unit`, { code: order.code });
        }
        const effects = (await move.effects?.({ trx, order, to, now })) ?? {};
        const patch = { ...effects.patch, ...easedDeadline(order, to, effects.patch ?? {}, now) };
        ({ order } = await commitOrderChange(trx, order, { action: move.action, to, at: now, actor: move.actor, patch, note: move.note, detail: effects.detail, attachments: move.attachments }));
        await effects.after?.(trx);
        done.push({ action: move.action, order });
      }
      return order;
    });
    for (const { action, order } of done) this.announce(order, action);
    return final;
  }

  /** What each person's command changes besides the state, decided from the order as read in the transaction. */
  private async effectsOf(command: TransitionCommand, actor: Actor, { trx, order, now }: MoveContext): Promise<MoveEffects> {
    switch (command.action) {
      case 'approve':
        return this.approvalEffects(trx, order, command.corrections);
      case 'accept':
        return { patch: { responded_at: order.responded_at ?? now } };
      case 'complete':
        return { patch: { resolved_at: now } };
      case 'rework':
        return { patch: { resolved_at: null } };
      case 'recall':
      case 'return':
        return { after: (t) => endActiveAssignments(t, order.id, 'released', now) };
      case 'close':
        return { patch: { closed_at: now }, after: (t) => this.finish(t, order.id, 'done', now) };
      case 'void':
        return { patch: { closed_at: now }, after: (t) => this.finish(t, order.id, 'released', now) };
      case 'reopen': {
        const limit = await this.timeLimitOf(order.category_code, order.priority as Priority, trx);
        const deadlines = computeDeadlines(now, limit);
        return {
          patch: {
            clock_started_at: now,
            respond_by: deadlines.respondBy,
            resolve_by: deadlines.resolveBy,
            responded_at: null,
            resolved_at: null,
            closed_at: null,
            deadline_state: 'ok',
            escalation_level: 0,
            review_reasons: '[]',
          },
          detail: { previousClosedAt: order.closed_at, timeLimit: { ...limit } },
        };
      }
      case 'request_extension': {
        const minutes = command.extensionMinutes;
        if (!Number.isInteger(minutes) || minutes! < 1 || minutes! > MAX_EXTENSION_MINUTES) {
          throw new AppError('BAD_REQUEST', 'orders.error.extensionMinutes', 'An extension is 1 minute to 7 days');
        }
        if (await findPendingExtension(trx, order.id)) {
          throw new AppError('CONFLICT', 'orders.error.extensionPending', `Order ${order.code} already has a pending extension`, { code: order.code });
        }
        return {
          detail: { minutes, resolveBy: order.resolve_by },
          after: async (t) => void (await insertExtension(t, { orderId: order.id, requestedBy: actor.userId, at: now, minutes: minutes!, reason: command.note!.trim() })),
        };
      }
      case 'approve_extension':
      case 'reject_extension': {
        const pending = await findPendingExtension(trx, order.id);
        if (!pending) throw new AppError('CONFLICT', 'orders.error.noPendingExtension', `Order ${order.code} has no pending extension`, { code: order.code });
        const decide = (t: Kysely<Database>, status: 'approved' | 'rejected') =>
          decideExtension(t, pending.id, { status, decidedBy: actor.userId, at: now, note: command.note?.trim() || null });
        if (command.action === 'reject_extension') return { detail: { extensionId: pending.id, minutes: pending.minutes }, after: (t) => decide(t, 'rejected') };
        const resolveBy = extendDeadline(order.resolve_by, pending.minutes);
        return {
          patch: { resolve_by: resolveBy },
          detail: { extensionId: pending.id, minutes: pending.minutes, previousResolveBy: order.resolve_by, resolveBy },
          after: (t) => decide(t, 'approved'),
        };
      }
      default:
        return {};
    }
  }

  /** A finished order frees its units and lets a pending extension request lapse. */
  private async finish(trx: Kysely<Database>, orderId: number, assignments: 'done' | 'released', at: Date): Promise<void> {
    await endActiveAssignments(trx, orderId, assignments, at);
    await lapsePendingExtensions(trx, orderId, at);
  }

  /** A person passing the review may set what the check could not decide; deadlines follow a new priority. */
  private async approvalEffects(trx: Kysely<Database>, order: OrderRecord, corrections: TransitionCommand['corrections']): Promise<MoveEffects> {
    const patch: OrderPatch = { review_reasons: '[]' };
    const detail: Record<string, unknown> = { reviewedReasons: order.review_reasons };
    if (corrections?.categoryCode) {
      patch.category_code = (await this.requireCategory(corrections.categoryCode)).code;
      detail.categoryCode = { from: order.category_code, to: patch.category_code };
    }
    if (corrections?.subDistrictCode) {
      if (!(await subDistrictExists(trx, corrections.subDistrictCode))) {
        throw new AppError('BAD_REQUEST', 'error.badInput', `Unknown sub-district ${corrections.subDistrictCode}`, { detail: `未知街道 ${corrections.subDistrictCode}` });
      }
      patch.sub_district_code = corrections.subDistrictCode;
      detail.subDistrictCode = { from: order.sub_district_code, to: corrections.subDistrictCode };
    }
    const priority = corrections?.priority ?? (order.priority as Priority);
    const category = patch.category_code ?? order.category_code;
    if (priority !== order.priority || category !== order.category_code) {
      const limit = await this.timeLimitOf(category ?? null, priority, trx);
      const deadlines = computeDeadlines(order.clock_started_at, limit);
      Object.assign(patch, { priority, respond_by: deadlines.respondBy, resolve_by: deadlines.resolveBy });
      detail.priority = { from: order.priority, to: priority };
      detail.timeLimit = limit;
    }
    return { patch, detail };
  }

  private announce(order: OrderRecord, action: OrderAction | 'create'): void {
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
      at: this.deps.clock.now().getTime(),
    });
  }

  /** Statuses whose orders are still open: for filters. */
  static readonly openStatuses = OPEN_STATUSES;
}
