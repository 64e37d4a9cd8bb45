/**
 * What the dispatch hub tells the live screens: small typed messages, handed to an injected `publish` after the
 * change is committed (never before, so no screen shows what the database does not hold). The server wires
 * `publish` to Socket.IO; tests collect the messages.
 */
import type { SuperJSONResult } from 'superjson';
import type { Role } from '@/domain/auth/roles';
import type { DeadlineState, OrderStatus } from './order-values';
import type { DeadlineClock } from './deadline-state';
import type { OrderAction } from './lifecycle';

export type OrderNotice =
  | {
      type: 'order:changed';
      orderId: number;
      code: string;
      action: OrderAction | 'create';
      status: OrderStatus;
      version: number;
      deadlineState: DeadlineState;
      escalationLevel: number;
      subDistrictCode: string | null;
      /** Epoch ms. */
      at: number;
      /**
       * The order as it now stands — the very view orders.list returns — superjson-encoded as tRPC encodes its
       * answers, so its dates survive Socket.IO's JSON. A screen patches its cached lists with it instead of
       * refetching them (about 1 kB instead of up to 500 orders).
       */
      view: EncodedOrderView;
    }
  | { type: 'order:assigned'; orderId: number; code: string; unitIds: number[]; at: number }
  | { type: 'order:deadline'; orderId: number; code: string; state: Exclude<DeadlineState, 'ok'>; clock: DeadlineClock; at: number }
  | { type: 'order:escalated'; orderId: number; code: string; level: number; role: Role; at: number }
  | ({ type: 'order:told'; orderId: number; code: string; at: number } & UnitMessage);

/**
 * What a unit's phone is told besides a new task (order:assigned): a reminder (催办), an escalation with the date
 * it must be done by (督办), or that the order was taken from it (recalled, or reassigned to another unit).
 */
export interface UnitMessage {
  unitIds: number[];
  kind: 'remind' | 'escalate' | 'withdrawn';
  /** Who said it (their name as the timeline shows it). */
  by: string;
  note: string | null;
  /** 督办: epoch ms it must be done by. */
  dueBy: number | null;
}

/** An order view (server/orders/views.ts) encoded with superjson; the browser decodes it with superjson too. */
export type EncodedOrderView = SuperJSONResult;

export type PublishOrderNotice = (notice: OrderNotice) => void;

/** A publisher that drops everything: for composition without live screens. */
export const publishNowhere: PublishOrderNotice = () => {};
