/**
 * The shape of a change to an order: a command as a user sends it, and the moves the orders service applies in one
 * transaction (each with its effects on related rows). Types only, shared by the service and the effects it plans.
 */
import type { Kysely } from 'kysely';
import type { Database, OrderStatus } from '@/db/schema';
import type { OrderAction } from '@/domain/orders/lifecycle';
import type { UnitMessage } from '@/domain/orders/order-notice';
import type { AttachmentInput } from './attachments';
import type { Actor } from './order-change';
import type { OrderPatch, OrderRecord } from './orders.repository';
import type { Priority } from './time-limits';

export interface TransitionCommand {
  orderId: number;
  action: OrderAction;
  /** The version the user saw; a different current version is a CONFLICT (someone else changed it). */
  expectedVersion?: number;
  note?: string | null;
  attachments?: readonly AttachmentInput[];
  /** escalate (督办) by a person: the date the work must be done by. */
  dueBy?: Date;
  /** request_extension: how many more minutes. */
  extensionMinutes?: number;
  /** approve: what a person decided that the automatic check could not. */
  corrections?: { categoryCode?: string; subDistrictCode?: string; priority?: Priority };
  /** The phone's own id for this command: sent again (an offline replay), it is answered without a second move. */
  clientKey?: string;
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
  /** What the units' phones are told once the move is committed (nothing when no unit is named). */
  tell?: UnitMessage;
}

export interface Move {
  action: OrderAction;
  actor: Actor;
  note?: string | null;
  attachments?: readonly AttachmentInput[];
  effects?: (context: MoveContext) => Promise<MoveEffects> | MoveEffects;
}
