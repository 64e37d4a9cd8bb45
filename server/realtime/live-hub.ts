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
  ROOMS,
  type ServerToClientEvents,
  type UnitStatusPayload,
} from './events';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** What services may broadcast; services depend on this, not on Socket.IO. */
export interface LiveBroadcaster {
  positionsFrame(frame: Uint8Array): void;
  unitStatus(payload: UnitStatusPayload): void;
  feedEvent(payload: FeedEventPayload): void;
  facilityStatus(payload: FacilityStatusPayload): void;
}

export class LiveHub implements LiveBroadcaster {
  private io: LiveServer | null = null;

  attach(io: LiveServer): void {
    this.io = io;
  }

  detach(): void {
    this.io = null;
  }

  positionsFrame(frame: Uint8Array): void {
    // A Buffer view over the same bytes: Socket.IO sends Buffers as one binary attachment without copying.
    this.io?.to(ROOMS.positions).emit('positions:frame', Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }

  unitStatus(payload: UnitStatusPayload): void {
    this.io?.to(ROOMS.map).emit('units:status', payload);
  }

  feedEvent(payload: FeedEventPayload): void {
    this.io?.to(ROOMS.map).emit('feed:event', payload);
  }

  facilityStatus(payload: FacilityStatusPayload): void {
    this.io?.to(ROOMS.map).emit('facility:status', payload);
  }
}
