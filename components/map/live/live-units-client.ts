/**
 * Keeps a LiveUnitsModel in step with the server: loads the snapshot, connects Socket.IO, applies each binary
 * frame, and re-reads the snapshot whenever it might have missed something (reconnect, a gap in sequence numbers,
 * a frame of another epoch or naming an unknown slot, resuming after a hidden tab). Frames arriving while the
 * snapshot loads are held and applied after it, if newer, so nothing is lost in between.
 *
 * It also runs the animation loop (requestAnimationFrame while units glide, idle otherwise) and tells listeners
 * about slow changes (connection, online states, the unit list) at most as often as they matter to a panel.
 * No React here: live-units-provider.tsx wraps it; tests drive it in Node with socket options of their own.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { type ClientToServerEvents, type ConnectRefusal, type ServerToClientEvents, SOCKET_PATH } from '@/domain/realtime/events';
import { frameBytes, PositionFrameError } from '@/domain/realtime/position-frame';
import { type LiveUnitInfo, type LiveUnitKind, LiveUnitsModel, type UnitsSnapshot } from './live-units-model';

export type LiveConnection = 'connecting' | 'syncing' | 'live' | 'disconnected' | 'refused';

/** The slow-changing live state a panel renders; a new object whenever something in it changes. */
export interface LiveUnitsState {
  connection: LiveConnection;
  /** True while frames are being applied ('live'). */
  connected: boolean;
  /** Why the server refused the socket (message key), when it did. */
  refusedKey: ConnectRefusal['messageKey'] | null;
  /** Every unit in slot order. */
  units: readonly LiveUnitInfo[];
  onlineCount: number;
  onlineByKind: Partial<Record<LiveUnitKind, number>>;
  totalByKind: Partial<Record<LiveUnitKind, number>>;
  /** Epoch ms of the last frame applied (refreshed at most once a second). */
  lastFrameAt: number | null;
}

export interface LiveUnitsClientOptions {
  /** Reads units.snapshot over tRPC. */
  fetchSnapshot(): Promise<UnitsSnapshot>;
  /** Socket.IO server; default the page's origin. */
  url?: string;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Monotonic ms clock for animation (performance.now by default). */
  now?: () => number;
}

/** The server events components may listen to (useSocketEvent). */
export type ForwardedEvent = 'feed:event' | 'facility:status' | 'units:status' | 'alarm:changed';
/** Frames held while a snapshot loads; more than this means the snapshot is slow, and it will be re-read anyway. */
const MAX_HELD_FRAMES = 200;
const SLOW_STATE_MS = 1000;

export class LiveUnitsClient {
  readonly model = new LiveUnitsModel();
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private state: LiveUnitsState;
  private readonly listeners = new Set<() => void>();
  private readonly animationListeners = new Set<(now: number) => void>();
  private readonly forwarded: { [E in ForwardedEvent]: Set<ServerToClientEvents[E]> } = {
    'feed:event': new Set(),
    'facility:status': new Set(),
    'units:status': new Set(),
    'alarm:changed': new Set(),
  };
  private readonly now: () => number;
  private connection: LiveConnection = 'connecting';
  private refusedKey: LiveUnitsState['refusedKey'] = null;
  private held: Uint8Array[] | null = null;
  private resyncAgain = false;
  private animationHandle: number | null = null;
  private slowStateTimer: ReturnType<typeof setTimeout> | null = null;
  private followingPositions = true;
  /** Snapshots read so far (tests and diagnostics). */
  snapshotsLoaded = 0;

  constructor(private readonly options: LiveUnitsClientOptions) {
    this.now = options.now ?? (() => performance.now());
    this.state = this.buildState();
  }

  connect(): void {
    if (this.socket) return;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.options.url ?? '', {
      path: SOCKET_PATH,
      // WebSocket first: over long-polling, binary frames would travel base64-encoded.
      transports: ['websocket', 'polling'],
      withCredentials: true,
      ...this.options.socketOptions,
    });
    this.socket = socket;
    this.setConnection('connecting');
    socket.on('connect', () => {
      this.refusedKey = null;
      if (!this.followingPositions) socket.emit('positions:follow', { follow: false });
      void this.resync();
    });
    socket.on('disconnect', () => this.setConnection('disconnected'));
    socket.on('connect_error', (error) => {
      const key = (error as Error & { data?: Partial<ConnectRefusal> }).data?.messageKey ?? null;
      this.refusedKey = key;
      // A refused handshake is final until the user signs in again; a network error retries by itself.
      if (key) {
        socket.disconnect();
        this.setConnection('refused');
      } else this.setConnection('disconnected');
    });
    socket.on('positions:frame', (payload) => this.onFrame(frameBytes(payload)));
    socket.on('units:status', (p) => {
      if (this.model.setOnline(p.unitId, p.online, p.at)) this.changed();
      else void this.resync();
      this.forwarded['units:status'].forEach((handler) => handler(p));
    });
    socket.on('feed:event', (p) => this.forwarded['feed:event'].forEach((handler) => handler(p)));
    socket.on('facility:status', (p) => this.forwarded['facility:status'].forEach((handler) => handler(p)));
    socket.on('alarm:changed', (p) => this.forwarded['alarm:changed'].forEach((handler) => handler(p)));
    // The snapshot does not wait for the WebSocket: read now (with the page's first requests), units are on the
    // map while the socket is still being set up; its 'connect' reads it again, so no frame in between is lost.
    void this.resync();
  }

  disconnect(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    if (this.animationHandle !== null) cancelFrame(this.animationHandle);
    this.animationHandle = null;
    if (this.slowStateTimer) clearTimeout(this.slowStateTimer);
    this.slowStateTimer = null;
    this.setConnection('disconnected');
  }

  /** Stops or resumes frames (e.g. while the tab is hidden); resuming re-reads the snapshot. */
  followPositions(follow: boolean): void {
    if (follow === this.followingPositions) return;
    this.followingPositions = follow;
    if (!this.socket?.connected) return;
    this.socket.emit('positions:follow', { follow });
    if (follow) void this.resync();
  }

  getState = (): LiveUnitsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Listens to a server event, before or after connecting, across reconnects; returns the unsubscribe. */
  on<E extends ForwardedEvent>(event: E, handler: ServerToClientEvents[E]): () => void {
    const set = this.forwarded[event] as Set<ServerToClientEvents[E]>;
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Called on every animation frame in which unit positions changed (redraw the layer there). */
  onAnimationFrame(listener: (now: number) => void): () => void {
    this.animationListeners.add(listener);
    return () => this.animationListeners.delete(listener);
  }

  private async resync(): Promise<void> {
    if (this.held) {
      this.resyncAgain = true;
      return;
    }
    this.held = [];
    this.setConnection('syncing');
    try {
      do {
        this.resyncAgain = false;
        const snapshot = await this.options.fetchSnapshot();
        this.snapshotsLoaded++;
        this.model.applySnapshot(snapshot, this.now());
        const held = this.held;
        this.held = [];
        for (const bytes of held) {
          const outcome = this.model.applyFrame(bytes, this.now());
          if (outcome !== 'applied' && outcome !== 'old') this.resyncAgain = true;
        }
      } while (this.resyncAgain);
      this.held = null;
      if (this.socket?.connected) this.setConnection('live');
      this.changed();
      this.animate();
    } catch (error) {
      // The snapshot request failed (network, signed out): try again on the next reconnect or frame trouble.
      console.warn('[live] snapshot failed', error);
      this.held = null;
      this.setConnection(this.socket?.connected ? 'syncing' : 'disconnected');
    }
  }

  private onFrame(bytes: Uint8Array): void {
    if (this.held) {
      if (this.held.length < MAX_HELD_FRAMES) this.held.push(bytes);
      else this.resyncAgain = true;
      return;
    }
    let outcome;
    try {
      outcome = this.model.applyFrame(bytes, this.now());
    } catch (error) {
      if (error instanceof PositionFrameError) {
        console.warn('[live] bad frame', error.message);
        return;
      }
      throw error;
    }
    if (outcome === 'old') return;
    if (outcome !== 'applied') void this.resync();
    this.animate();
    this.slowStateSoon();
  }

  private animate(): void {
    if (this.animationHandle !== null) return;
    this.animationHandle = requestFrame(() => {
      this.animationHandle = null;
      const now = this.now();
      const stillGliding = this.model.advance(now);
      for (const listener of this.animationListeners) listener(now);
      if (stillGliding) this.animate();
    });
  }

  private setConnection(connection: LiveConnection): void {
    if (connection === this.connection) return;
    this.connection = connection;
    this.changed();
  }

  /** lastFrameAt changes 20 times a second; panels need it once a second. */
  private slowStateSoon(): void {
    this.slowStateTimer ??= setTimeout(() => {
      this.slowStateTimer = null;
      this.changed();
    }, SLOW_STATE_MS);
  }

  private changed(): void {
    this.state = this.buildState();
    for (const listener of this.listeners) listener();
  }

  private buildState(): LiveUnitsState {
    const units = this.model.units;
    const onlineByKind: Partial<Record<LiveUnitKind, number>> = {};
    const totalByKind: Partial<Record<LiveUnitKind, number>> = {};
    let onlineCount = 0;
    for (const unit of units) {
      totalByKind[unit.kind] = (totalByKind[unit.kind] ?? 0) + 1;
      if (unit.online) {
        onlineByKind[unit.kind] = (onlineByKind[unit.kind] ?? 0) + 1;
        onlineCount++;
      }
    }
    return {
      connection: this.connection,
      connected: this.connection === 'live',
      refusedKey: this.refusedKey,
      units,
      onlineCount,
      onlineByKind,
      totalByKind,
      lastFrameAt: this.model.lastFrameAt,
    };
  }
}

// requestAnimationFrame in the browser; a 16 ms timer where there is none (Node tests, hidden workers).
const requestFrame = (callback: () => void): number =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(callback) : (setTimeout(callback, 16) as unknown as number);
const cancelFrame = (handle: number): void =>
  typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame(handle) : clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
