/**
 * The life of a work order: the one place its states and the moves between them are defined. Pure — the
 * orders service applies a planned move to the database (version-checked, with its ledger event, in one
 * transaction).
 *
 * Main path
 *   create ─► 待受理 received ─review─► 待审核 reviewing ─approve─► 待派单 awaiting_dispatch ─dispatch─► 已派单 dispatched
 *          ─accept─► 已接单 accepted ─start─► 处置中 in_progress ─complete*─► 待核查 awaiting_check ─close─► 已办结 closed
 *
 * Side paths
 *   reviewing ↺ hold                                   the automatic check found why a person must decide (reasons kept)
 *   awaiting_dispatch ↺ hold                           no suitable unit on shift for automatic dispatch
 *   dispatched | accepted | in_progress ─recall†─► awaiting_dispatch     the dispatcher withdraws the order from its units (撤回)
 *   dispatched | accepted | in_progress ─reassign†─► dispatched            改派: other units instead, who accept it anew
 *   dispatched | accepted | in_progress ─return†─► 已退回 returned ─dispatch─► dispatched     (退回, back to the dispatcher)
 *   awaiting_check ─rework†─► in_progress              the check failed
 *   received | reviewing | awaiting_dispatch | returned ─void†─► 已作废 voided          (duplicate, not ours)
 *   closed | voided ─reopen†─► awaiting_dispatch       (重新打开)
 *
 * Moves that keep the state (↺), each one ledger event
 *   add_unit (dispatched | accepted | in_progress)     another unit sent to the same incident
 *   request_extension† (accepted | in_progress); approve_extension / reject_extension† (any open state)  (延期)
 *   remind (dispatched | accepted | in_progress)       催办: the dispatcher or duty officer reminds the units
 *   deadline_nearing, deadline_overdue                 the system's deadline watch, in any state whose clock runs
 *   escalate (督办)                                     the deadline watch's chain, or a duty officer or leader (with a
 *                                                      reason‡ and a date it must be done by), in any clocked state
 *
 *   * evidence required   † reason required   ‡ reason required of a person
 *
 * Anything not listed is refused with a message naming from → to.
 */
import { OPEN_STATUSES, type OrderStatus } from './order-values';
import { ordersCatalog } from '@/domain/i18n/catalog/orders';
import { can, type Role } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';

/**
 * Who acts: a dispatcher-side role (orders:dispatch), the assigned field unit, a supervisor (the duty officer or a
 * leader: the people a 督办 comes from), or the system itself.
 */
export type ActorKind = 'dispatcher' | 'field' | 'supervisor' | 'system';

/** The roles that supervise (督办): the upper steps of the escalation chain. */
export const SUPERVISOR_ROLES: readonly Role[] = ['duty_officer', 'leader'];

export const ORDER_ACTIONS = [
  'review',
  'hold',
  'approve',
  'dispatch',
  'add_unit',
  'reassign',
  'remind',
  'recall',
  'accept',
  'return',
  'start',
  'complete',
  'close',
  'rework',
  'void',
  'reopen',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'deadline_nearing',
  'deadline_overdue',
  'escalate',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export interface TransitionRule {
  from: readonly OrderStatus[];
  /** The state after the move; 'same' keeps the state (an event on the ledger only). */
  to: OrderStatus | 'same';
  by: readonly ActorKind[];
  /** A reason must be written (returns, voids, reopenings, …): by everyone, or by these actors only. */
  needsNote?: boolean | readonly ActorKind[];
  /** At least one attachment must prove the work (completion). */
  needsEvidence?: boolean;
}

const CLOCKED: readonly OrderStatus[] = ['received', 'reviewing', 'awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'returned'];
/** A unit has the order: the states in which it can be reminded, withdrawn or replaced. */
const WITH_UNITS: readonly OrderStatus[] = ['dispatched', 'accepted', 'in_progress'];

export const TRANSITIONS: Readonly<Record<OrderAction, TransitionRule>> = {
  review: { from: ['received'], to: 'reviewing', by: ['dispatcher', 'system'] },
  hold: { from: ['reviewing', 'awaiting_dispatch'], to: 'same', by: ['system'] },
  approve: { from: ['reviewing'], to: 'awaiting_dispatch', by: ['dispatcher', 'system'] },
  dispatch: { from: ['awaiting_dispatch', 'returned'], to: 'dispatched', by: ['dispatcher', 'system'] },
  add_unit: { from: WITH_UNITS, to: 'same', by: ['dispatcher'] },
  reassign: { from: WITH_UNITS, to: 'dispatched', by: ['dispatcher'], needsNote: true },
  remind: { from: WITH_UNITS, to: 'same', by: ['dispatcher'] },
  recall: { from: WITH_UNITS, to: 'awaiting_dispatch', by: ['dispatcher'], needsNote: true },
  accept: { from: ['dispatched'], to: 'accepted', by: ['field'] },
  return: { from: ['dispatched', 'accepted', 'in_progress'], to: 'returned', by: ['field'], needsNote: true },
  start: { from: ['accepted'], to: 'in_progress', by: ['field'] },
  complete: { from: ['in_progress'], to: 'awaiting_check', by: ['field'], needsEvidence: true },
  close: { from: ['awaiting_check'], to: 'closed', by: ['dispatcher'] },
  rework: { from: ['awaiting_check'], to: 'in_progress', by: ['dispatcher'], needsNote: true },
  void: { from: ['received', 'reviewing', 'awaiting_dispatch', 'returned'], to: 'voided', by: ['dispatcher'], needsNote: true },
  reopen: { from: ['closed', 'voided'], to: 'awaiting_dispatch', by: ['dispatcher'], needsNote: true },
  request_extension: { from: ['accepted', 'in_progress'], to: 'same', by: ['field'], needsNote: true },
  approve_extension: { from: OPEN_STATUSES, to: 'same', by: ['dispatcher'] },
  reject_extension: { from: OPEN_STATUSES, to: 'same', by: ['dispatcher'], needsNote: true },
  deadline_nearing: { from: CLOCKED, to: 'same', by: ['system'] },
  deadline_overdue: { from: CLOCKED, to: 'same', by: ['system'] },
  escalate: { from: CLOCKED, to: 'same', by: ['system', 'supervisor'], needsNote: ['supervisor'] },
};

/**
 * The side a role acts on for an action, or null when the role may not take it: the one rule the server enforces
 * and the screens use to show only the buttons that work.
 */
export function actorKindOf(role: Role | 'system', action: OrderAction): ActorKind | null {
  if (role === 'system') return 'system';
  const allowed = TRANSITIONS[action].by;
  if (allowed.includes('dispatcher') && can(role, 'orders:dispatch')) return 'dispatcher';
  if (allowed.includes('supervisor') && SUPERVISOR_ROLES.includes(role)) return 'supervisor';
  if (allowed.includes('field') && can(role, 'field:use')) return 'field';
  return null;
}

/** What a signed-in person may do to an order in this state (the screens' buttons). */
export function actionsForRole(status: OrderStatus, role: Role): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => {
    const kind = actorKindOf(role, a);
    return kind !== null && TRANSITIONS[a].from.includes(status) && TRANSITIONS[a].by.includes(kind);
  });
}

/** Whether this actor must write a reason for this action. */
export function needsNote(action: OrderAction, actor: ActorKind): boolean {
  const rule = TRANSITIONS[action].needsNote;
  return rule === true || (Array.isArray(rule) && rule.includes(actor));
}

export function isOrderAction(value: string): value is OrderAction {
  return (ORDER_ACTIONS as readonly string[]).includes(value);
}

export interface TransitionContext {
  actor: ActorKind;
  note?: string | null;
  evidenceCount?: number;
}

const zh = ordersCatalog.zh as Record<string, string>;
const en = ordersCatalog.en as Record<string, string>;

function names(from: OrderStatus, to: OrderStatus, action: OrderAction) {
  return {
    from,
    to,
    action,
    fromZh: zh[`orders.status.${from}`],
    toZh: zh[`orders.status.${to}`],
    fromEn: en[`orders.status.${from}`],
    toEn: en[`orders.status.${to}`],
    actionZh: zh[`orders.action.${action}`],
    actionEn: en[`orders.action.${action}`],
  };
}

/** The state an action leads to from `from`, or a clear refusal. */
export function planTransition(from: OrderStatus, action: OrderAction, context: TransitionContext): OrderStatus {
  const rule = TRANSITIONS[action];
  const target = rule.to === 'same' ? from : rule.to;
  const p = names(from, target, action);
  if (!rule.from.includes(from)) {
    throw new AppError(
      'CONFLICT',
      'orders.error.transitionRefused',
      `The order cannot go from ${p.fromZh} ${from} to ${p.toZh} ${target} (${action})`,
      p,
    );
  }
  if (!rule.by.includes(context.actor)) {
    throw new AppError('FORBIDDEN', 'orders.error.actionNotYours', `Action ${action} is not for a ${context.actor} actor`, {
      ...p,
      actor: context.actor,
    });
  }
  if (needsNote(action, context.actor) && !context.note?.trim()) {
    throw new AppError('BAD_REQUEST', 'orders.error.reasonRequired', `Action ${action} needs a reason`, p);
  }
  if (rule.needsEvidence && (context.evidenceCount ?? 0) < 1) {
    throw new AppError(
      'BAD_REQUEST',
      'orders.error.evidenceRequired',
      `Action ${action} needs at least one photo or document as evidence`,
      p,
    );
  }
  return target;
}

/** Actions an actor may take in a state: the buttons a screen shows. */
export function availableActions(status: OrderStatus, actor: ActorKind): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status) && TRANSITIONS[a].by.includes(actor));
}
