/**
 * The Socket.IO contract, shared by the server and the browser: event names, payload types, the rooms, and zod
 * schemas for everything a client may send (validated on arrival even though it is typed). Pure: the browser
 * imports it.
 *
 * Server → client
 *   'positions:frame'  binary position frame (server/realtime/position-frame.ts), one per flush, only moved units
 *   'units:status'     a unit went offline (silent for UNIT_OFFLINE_SECONDS) or came back
 *   'feed:event'       one new entry of the event feed (also in events.recent over tRPC)
 *   'facility:status'  a facility's status changed (light on/off/fault, toilet open/cleaning/closed, …)
 *   'order:changed'    a work order moved (any lifecycle step), with the order as it now stands (patch the cached
 *                       lists with it; re-read the detail over tRPC)
 *   'order:assigned'   units were sent to an order (also to each unit's own room: the unit is told at once)
 *   'order:deadline'   an order started nearing (80 %) or passed its limit
 *   'order:escalated'  an overdue order was escalated (督办) to the next role in the chain
 *   'order:told'       a unit's phone is told a reminder (催办), a person's 督办, or that the order was withdrawn
 *                       from it (recalled or reassigned); also to the map viewers, so their count has no gap
 *   'alarm:changed'    an alarm was raised, repeated, acknowledged, linked, cleared or closed
 *                       Every order and alarm notice carries `journal`, its number in the journal of live notices
 *                       (server/realtime/notice-journal.ts): numbered in commit order, the same in every process,
 *                       without holes. A map viewer applies them in that order; a hole, or any (re)connection, and
 *                       it reads live.since(last applied) (components/live/notice-follow.ts). A unit's phone hears
 *                       only its own, so it re-reads its tasks on each.
 * Client → server
 *   'positions:follow' { follow: boolean } stop or resume frames (a hidden tab saves the bandwidth); after
 *                       resuming, re-read units.snapshot since frames were missed. An optional acknowledgement
 *                       answers once the change is in force.
 */
import { CITY_SCOPE, type DistrictScope, scopeKey } from '@/domain/tenancy/district-scope';
import { z } from 'zod';
import type { OrderNotice } from '@/domain/orders/order-notice';
import type { AlarmNotice } from '@/domain/alarms/alarm-view';

/** A notice with its number in the journal of live notices (commit order, no holes, shared by every process). */
export type Journaled<T> = T & { journal: number };

/** One journal entry as live.since returns it: the notice as it was sent live, tagged with its kind. */
export type JournalEntry = { kind: 'alarm'; notice: Journaled<AlarmNotice> } | { kind: 'order'; notice: SequencedOrderNotice };

/** The dispatch hub's notices (domain/orders/order-notice.ts), one Socket.IO event each, numbered by the journal. */
export type SequencedOrderNotice = Journaled<OrderNotice>;
export type OrderChangedPayload = Extract<SequencedOrderNotice, { type: 'order:changed' }>;
export type OrderAssignedPayload = Extract<SequencedOrderNotice, { type: 'order:assigned' }>;
export type OrderDeadlinePayload = Extract<SequencedOrderNotice, { type: 'order:deadline' }>;
export type OrderEscalatedPayload = Extract<SequencedOrderNotice, { type: 'order:escalated' }>;
export type OrderToldPayload = Extract<SequencedOrderNotice, { type: 'order:told' }>;

export interface UnitStatusPayload {
  unitId: number;
  online: boolean;
  /** Epoch ms of the change. */
  at: number;
}

export type FeedSeverity = 'info' | 'warning' | 'critical';

export interface FeedEventPayload {
  id: number;
  /** Epoch ms. */
  at: number;
  kind: string;
  severity: FeedSeverity;
  /** Message-catalogue key and parameters: render with t(messageKey, params) in the viewer's language. */
  messageKey: string;
  params: Record<string, string | number>;
  facilityId: number | null;
  unitId: number | null;
}

export interface FacilityStatusPayload {
  facilityId: number;
  kind: string;
  status: string;
  /** Epoch ms. */
  at: number;
}

export interface ServerToClientEvents {
  /** Node clients receive a Buffer, browsers an ArrayBuffer: read either with frameBytes(). */
  'positions:frame': (frame: ArrayBuffer | Uint8Array) => void;
  'units:status': (payload: UnitStatusPayload) => void;
  'feed:event': (payload: FeedEventPayload) => void;
  'facility:status': (payload: FacilityStatusPayload) => void;
  'order:changed': (payload: OrderChangedPayload) => void;
  'order:assigned': (payload: OrderAssignedPayload) => void;
  'order:deadline': (payload: OrderDeadlinePayload) => void;
  'order:escalated': (payload: OrderEscalatedPayload) => void;
  'order:told': (payload: OrderToldPayload) => void;
  'alarm:changed': (payload: Journaled<AlarmNotice>) => void;
}

export const followPositionsInput = z.object({ follow: z.boolean() }).strict();
export type FollowPositionsInput = z.infer<typeof followPositionsInput>;

export interface ClientToServerEvents {
  /** The optional acknowledgement is called once the change is in force: frames after it follow the request. */
  'positions:follow': (payload: FollowPositionsInput, applied?: () => void) => void;
}

/**
 * Rooms: who hears what. Map viewers hear their scope's room (domain/tenancy/district-scope.ts): a district's
 * walls its district's, city-wide walls the city's, and whatever belongs to a district is sent to both.
 */
export const ROOMS = {
  /** Map viewers of a scope: unit status, feed, facility status, alarm and order notices. */
  map: (scope: DistrictScope) => `map:${scopeKey(scope)}`,
  /** Map viewers of a scope that follow positions (leave it to pause frames). */
  positions: (scope: DistrictScope) => `positions:${scopeKey(scope)}`,
  /** A field unit's own channel (its tasks, later). */
  unit: (unitId: number) => `unit:${unitId}`,
} as const;

/** The map rooms that hear something belonging to `districtCode` (null: no district, the city's walls only). */
export function mapRoomsFor(districtCode: string | null): string[] {
  return districtCode === null ? [ROOMS.map(CITY_SCOPE)] : [ROOMS.map(CITY_SCOPE), ROOMS.map({ kind: 'district', code: districtCode })];
}

/** The path Socket.IO answers on (its default, named so client and server agree). */
export const SOCKET_PATH = '/socket.io';

/** What the handshake refusal carries, so the browser can show the reason in the user's language. */
export interface ConnectRefusal {
  messageKey: 'error.unauthorized' | 'error.forbidden';
}
