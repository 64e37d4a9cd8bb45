/**
 * The one way services speak to connected browsers. Services are built before the HTTP server exists, so they
 * hold this hub and the Socket.IO server is attached to it later; until then (and in tests without sockets)
 * messages go nowhere. Each message is encoded once by Socket.IO's adapter and written to every socket in the room.
 */
import type { Server } from 'socket.io';
import {
  type ClientToServerEvents,
  type FacilityStatusPayload,
  type FeedEventPayload,
  mapRoomsFor,
  ROOMS,
  type SequencedOrderNotice,
  type ServerToClientEvents,
  type UnitStatusPayload,
} from '@/domain/realtime/events';
import type { OrderNotice } from '@/domain/orders/order-notice';
import type { AlarmNotice } from '@/domain/alarms/alarm-view';
import { framesSent } from '@/server/ops/metrics';
import { CITY_SCOPE } from '@/domain/tenancy/district-scope';
import type { NoticeJournal } from './notice-journal';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * What services may broadcast; services depend on this, not on Socket.IO. Each message names the district it belongs to (null: none, the city's walls only), so each wall hears its own
 * district's (server/realtime/socket-server.ts puts it in its scope's rooms).
 */
export interface LiveBroadcaster {
  /** Every unit's moves, in the whole store's slots: city-wide walls. */
  positionsFrame(frame: Uint8Array): void;
  /** One district's units' moves, in that district's slots: its walls (domain/tenancy/district-scope.ts). */
  districtPositionsFrame(districtCode: string, frame: Uint8Array): void;
  unitStatus(payload: UnitStatusPayload, districtCode: string | null): void;
  feedEvent(payload: FeedEventPayload, districtCode: string | null): void;
  facilityStatus(payload: FacilityStatusPayload, districtCode: string | null): void;
}

/** Whether broadcasts can reach the other app processes now (server/cluster/cluster-link.ts); absent: one process. */
export interface ClusterState {
  isUp(): boolean;
}

export class LiveHub implements LiveBroadcaster {
  private io: LiveServer | null = null;
  private cluster: ClusterState | null = null;

  /**
   * Alarm and order notices are journaled first and sent with their journal number (notice-journal.ts); without a
   * journal (benchmarks of position frames) they go nowhere.
   */
  constructor(private readonly journal: NoticeJournal | null = null) {}

  attach(io: LiveServer, cluster: ClusterState | null = null): void {
    this.io = io;
    this.cluster = cluster;
  }

  detach(): void {
    this.io = null;
  }

  /** Socket.IO clients connected to this process now (the metrics). */
  clientCount(): number {
    return this.io?.engine.clientsCount ?? 0;
  }

  /**
   * Position frames and unit states go to this process's sockets only: every process builds its own from the
   * positions all processes share (each frame is numbered in its process's own slots and sequence).
   */
  positionsFrame(frame: Uint8Array): void {
    this.sendFrame(ROOMS.positions(CITY_SCOPE), frame);
  }

  districtPositionsFrame(districtCode: string, frame: Uint8Array): void {
    this.sendFrame(ROOMS.positions({ kind: 'district', code: districtCode }), frame);
  }

  private sendFrame(room: string, frame: Uint8Array): void {
    const sockets = this.io?.of('/').adapter.rooms.get(room)?.size ?? 0;
    if (sockets === 0) return; // nobody of this scope follows positions in this process
    framesSent.inc();
    // A Buffer view over the same bytes: Socket.IO sends Buffers as one binary attachment without copying.
    this.io?.local.to(room).emit('positions:frame', Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }

  unitStatus(payload: UnitStatusPayload, districtCode: string | null): void {
    this.io?.local.to(mapRoomsFor(districtCode)).emit('units:status', payload);
  }

  feedEvent(payload: FeedEventPayload, districtCode: string | null): void {
    this.everyProcess()?.to(mapRoomsFor(districtCode)).emit('feed:event', payload);
  }

  facilityStatus(payload: FacilityStatusPayload, districtCode: string | null): void {
    this.everyProcess()?.to(mapRoomsFor(districtCode)).emit('facility:status', payload);
  }

  /** An alarm changed: to the map viewers of its district (the wall's alarm panel and layer). */
  alarmNotice(notice: AlarmNotice): void {
    this.journal?.record({ kind: 'alarm', notice }, (journal, districtCode) => {
      this.everyProcess()
        ?.to(mapRoomsFor(districtCode))
        .emit('alarm:changed', { ...notice, journal });
    });
  }

  /**
   * What happens once, in this process, goes to the sockets of every process while Redis joins them; without
   * Redis (one process, or Redis away) to this process's own, never held back waiting for Redis.
   */
  private everyProcess() {
    if (!this.io) return null;
    return !this.cluster || this.cluster.isUp() ? this.io : this.io.local;
  }

  /**
   * The dispatch hub's `publish`: orders go to the map viewers; an assignment, and what a unit is told, also to each unit's room.
   * Each notice carries its journal number so a map viewer can tell it missed one and read what it missed.
   */
  orderNotice(notice: OrderNotice): void {
    this.journal?.record({ kind: 'order', notice }, (journal, districtCode) => this.sendOrderNotice({ ...notice, journal }, districtCode));
  }

  /** To the map viewers of the order's district (the journal found it), and what a unit is told to its own room. */
  private sendOrderNotice(numbered: SequencedOrderNotice, districtCode: string | null): void {
    const io = this.everyProcess();
    if (!io) return;
    const map = mapRoomsFor(districtCode);
    switch (numbered.type) {
      case 'order:changed':
        io.to(map).emit('order:changed', numbered);
        break;
      case 'order:assigned':
        io.to([...map, ...numbered.unitIds.map(ROOMS.unit)]).emit('order:assigned', numbered);
        break;
      case 'order:told':
        io.to([...map, ...numbered.unitIds.map(ROOMS.unit)]).emit('order:told', numbered);
        break;
      case 'order:deadline':
        io.to(map).emit('order:deadline', numbered);
        break;
      case 'order:escalated':
        io.to(map).emit('order:escalated', numbered);
        break;
    }
  }
}
