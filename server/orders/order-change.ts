/**
 * How any change reaches an order: the version-checked update and its ledger event (with attachments), always
 * inside the caller's transaction, so the state and its record never part. Also who acts, and the CONFLICT a
 * loser of a race is told (who changed the order, when, how).
 */
import type { Kysely } from 'kysely';
import { ordersCatalog } from '@/domain/i18n/catalog/orders';
import type { Database, OrderStatus, Role } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { type AttachmentInput, attachmentRows } from './attachments';
import { shanghaiTime } from '@/domain/shanghai-time';
import type { OrderAction } from '@/domain/orders/lifecycle';
import { appendOrderEvent, insertAttachments, lastOrderEvent } from './ledger.repository';
import { type OrderPatch, type OrderRecord, updateOrderIfVersion } from './orders.repository';
import { queueReportBack } from './report-back';

export interface Actor {
  /** null for the system (automatic check and dispatch, the deadline watch). */
  userId: number | null;
  name: string;
  role: Role | 'system';
  /** The field unit the user works as, if any. */
  unitId: number | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, name: '系统', role: 'system', unitId: null };

export interface OrderChange {
  action: OrderAction;
  to: OrderStatus;
  at: Date;
  actor: Actor;
  patch?: OrderPatch;
  note?: string | null;
  /** Structured reasons (automatic decisions say why here). */
  detail?: Record<string, unknown>;
  attachments?: readonly AttachmentInput[];
}

/**
 * Applies one change to `order` as read in this transaction: UPDATE … WHERE version = order.version, then the
 * ledger event (and its report to the platform the order came from, if any). Zero rows updated means someone else committed first: CONFLICT naming them.
 */
export async function commitOrderChange(
  trx: Kysely<Database>,
  order: OrderRecord,
  change: OrderChange,
): Promise<{ order: OrderRecord; eventId: number }> {
  const updated = await updateOrderIfVersion(trx, order.id, order.version, { ...change.patch, status: change.to, updated_at: change.at });
  if (!updated) throw await conflictError(trx, order);
  const version = updated.version;
  const eventId = await appendOrderEvent(trx, {
    order_id: order.id,
    at: change.at,
    actor_user_id: change.actor.userId,
    actor_name: change.actor.name,
    actor_role: change.actor.role,
    action: change.action,
    from_status: order.status,
    to_status: change.to,
    note: change.note?.trim() || null,
    detail: JSON.stringify(change.detail ?? {}),
    order_version: version,
  });
  if (change.attachments?.length) await insertAttachments(trx, attachmentRows(order.id, eventId, change.at, change.attachments));
  await queueReportBack(trx, updated, eventId, change.action, change.at);
  return { order: updated, eventId };
}

const zh = ordersCatalog.zh as Record<string, string>;
const en = ordersCatalog.en as Record<string, string>;

/** The refusal a writer gets when the order moved on under it: who did what, when; "reload". */
export async function conflictError(db: Kysely<Database>, order: Pick<OrderRecord, 'id' | 'code'>): Promise<AppError> {
  const last = await lastOrderEvent(db, order.id);
  const by = last?.actor_name ?? '?';
  const role = last?.actor_role ?? '?';
  const at = last ? shanghaiTime(last.at) : '?';
  const action = last?.action ?? '?';
  if (last && (action === 'dispatch' || action === 'add_unit')) {
    const units = ((last.detail as { units?: Array<{ code: string }> }).units ?? []).map((u) => u.code).join(', ');
    return new AppError(
      'CONFLICT',
      'dispatch.error.alreadyAssigned',
      `Order ${order.code} was already assigned by ${by} (${role}) at ${at} to ${units}; reload`,
      {
        code: order.code,
        by,
        role,
        at,
        units,
      },
    );
  }
  return new AppError(
    'CONFLICT',
    'orders.error.conflict',
    `Someone else changed order ${order.code} (${by}, ${role}: ${action} at ${at}); reload`,
    {
      code: order.code,
      by,
      role,
      at,
      action,
      actionZh: zh[`orders.action.${action}`] ?? action,
      actionEn: en[`orders.action.${action}`] ?? action,
    },
  );
}
