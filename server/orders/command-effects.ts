/**
 * What a lifecycle move changes besides the state: timestamps, deadlines (reopening, extensions, a corrected
 * priority), the units' assignments and extension requests — decided from the order as read inside the move's
 * transaction. Also the easing of the deadline standing that any move may bring.
 */
import type { Kysely } from 'kysely';
import type { Database, DeadlineState, OrderStatus } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { activeUnitIds, endActiveAssignments } from './assignments.repository';
import type { UnitMessage } from '@/domain/orders/order-notice';
import type { CategoryRecord } from './categories.repository';
import { evaluateDeadline } from '@/domain/orders/deadline-state';
import { decideExtension, findPendingExtension, insertExtension, lapsePendingExtensions } from './extensions.repository';
import type { Actor } from './order-change';
import { type OrderPatch, type OrderRecord, subDistrictExists } from './orders.repository';
import type { MoveContext, MoveEffects, TransitionCommand } from './moves';
import { computeDeadlines, extendDeadline, type Priority, type TimeLimit } from './time-limits';

/** What the effects look up through the orders service (the taxonomy is cached there). */
export interface Lookups {
  requireCategory(code: string): Promise<CategoryRecord>;
  timeLimitOf(
    categoryCode: string | null,
    priority: Priority,
    db?: Kysely<Database>,
  ): Promise<TimeLimit & { origin: 'category' | 'default' }>;
}

const MAX_EXTENSION_MINUTES = 7 * 24 * 60;
const MAX_DUE_BY_MS = 30 * 24 * 60 * 60_000;

/** What the units' phones are told of a person's command. */
function told(actor: Actor, command: TransitionCommand, kind: UnitMessage['kind'], unitIds: number[], dueBy?: Date): UnitMessage {
  return { unitIds, kind, by: actor.name, note: command.note?.trim() || null, dueBy: dueBy?.getTime() ?? null };
}

const severity: Record<DeadlineState, number> = { ok: 0, nearing: 1, overdue: 2 };
const asDate = (value: Date | string | null | undefined, fallback: Date | null): Date | null =>
  value === undefined ? fallback : value === null ? null : new Date(value);

/**
 * After a move the deadline standing can only ease (a unit accepted, an extension, the handler finished, the
 * order closed): set it down at once. Worsening is the deadline watch's to record, with its own events.
 */
export function easedDeadline(order: OrderRecord, to: OrderStatus, patch: OrderPatch, now: Date): OrderPatch {
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

/** What each person's command changes besides the state, decided from the order as read in the transaction. */
export async function commandEffects(
  command: TransitionCommand,
  actor: Actor,
  { trx, order, now }: MoveContext,
  lookups: Lookups,
): Promise<MoveEffects> {
  switch (command.action) {
    case 'approve':
      return approvalEffects(trx, order, command.corrections, lookups);
    case 'accept':
      return { patch: { responded_at: order.responded_at ?? now } };
    case 'complete':
      return { patch: { resolved_at: now } };
    case 'rework':
      return { patch: { resolved_at: null } };
    case 'return':
      return { after: (t) => endActiveAssignments(t, order.id, 'released', now) };
    case 'recall': {
      // 撤回: the units lose the task, and their phones are told so at once.
      const unitIds = await activeUnitIds(trx, order.id);
      return {
        detail: { unitIds },
        after: (t) => endActiveAssignments(t, order.id, 'released', now),
        tell: told(actor, command, 'withdrawn', unitIds),
      };
    }
    case 'remind': {
      const unitIds = await activeUnitIds(trx, order.id);
      return { detail: { unitIds }, tell: told(actor, command, 'remind', unitIds) };
    }
    case 'escalate': {
      if (actor.role === 'system') return {};
      // A person's 督办 names the date the work must be done by; the units' phones carry it.
      const dueBy = command.dueBy;
      if (!dueBy || dueBy <= now || dueBy.getTime() - now.getTime() > MAX_DUE_BY_MS) {
        throw new AppError('BAD_REQUEST', 'orders.error.dueBy', 'An escalation needs a date to be done by, within 30 days');
      }
      const unitIds = await activeUnitIds(trx, order.id);
      return { detail: { dueBy, byRole: actor.role, unitIds }, tell: told(actor, command, 'escalate', unitIds, dueBy) };
    }
    case 'close':
      return { patch: { closed_at: now }, after: (t) => finish(t, order.id, 'done', now) };
    case 'void':
      return { patch: { closed_at: now }, after: (t) => finish(t, order.id, 'released', now) };
    case 'reopen': {
      const limit = await lookups.timeLimitOf(order.category_code, order.priority as Priority, trx);
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
        throw new AppError('CONFLICT', 'orders.error.extensionPending', `Order ${order.code} already has a pending extension`, {
          code: order.code,
        });
      }
      return {
        detail: { minutes, resolveBy: order.resolve_by },
        after: async (t) =>
          void (await insertExtension(t, {
            orderId: order.id,
            requestedBy: actor.userId,
            at: now,
            minutes: minutes!,
            reason: command.note!.trim(),
          })),
      };
    }
    case 'approve_extension':
    case 'reject_extension': {
      const pending = await findPendingExtension(trx, order.id);
      if (!pending)
        throw new AppError('CONFLICT', 'orders.error.noPendingExtension', `Order ${order.code} has no pending extension`, {
          code: order.code,
        });
      const decide = (t: Kysely<Database>, status: 'approved' | 'rejected') =>
        decideExtension(t, pending.id, { status, decidedBy: actor.userId, at: now, note: command.note?.trim() || null });
      if (command.action === 'reject_extension')
        return { detail: { extensionId: pending.id, minutes: pending.minutes }, after: (t) => decide(t, 'rejected') };
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
async function finish(trx: Kysely<Database>, orderId: number, assignments: 'done' | 'released', at: Date): Promise<void> {
  await endActiveAssignments(trx, orderId, assignments, at);
  await lapsePendingExtensions(trx, orderId, at);
}

/** A person passing the review may set what the check could not decide; deadlines follow a new priority. */
async function approvalEffects(
  trx: Kysely<Database>,
  order: OrderRecord,
  corrections: TransitionCommand['corrections'],
  lookups: Lookups,
): Promise<MoveEffects> {
  const patch: OrderPatch = { review_reasons: '[]' };
  const detail: Record<string, unknown> = { reviewedReasons: order.review_reasons };
  if (corrections?.categoryCode) {
    patch.category_code = (await lookups.requireCategory(corrections.categoryCode)).code;
    detail.categoryCode = { from: order.category_code, to: patch.category_code };
  }
  if (corrections?.subDistrictCode) {
    if (!(await subDistrictExists(trx, corrections.subDistrictCode))) {
      throw new AppError('BAD_REQUEST', 'error.badInput', `Unknown sub-district ${corrections.subDistrictCode}`, {
        detail: `未知街道 ${corrections.subDistrictCode}`,
      });
    }
    patch.sub_district_code = corrections.subDistrictCode;
    detail.subDistrictCode = { from: order.sub_district_code, to: corrections.subDistrictCode };
  }
  const priority = corrections?.priority ?? (order.priority as Priority);
  const category = patch.category_code ?? order.category_code;
  if (priority !== order.priority || category !== order.category_code) {
    const limit = await lookups.timeLimitOf(category ?? null, priority, trx);
    const deadlines = computeDeadlines(order.clock_started_at, limit);
    Object.assign(patch, { priority, respond_by: deadlines.respondBy, resolve_by: deadlines.resolveBy });
    detail.priority = { from: order.priority, to: priority };
    detail.timeLimit = limit;
  }
  return { patch, detail };
}
