/**
 * Keeps a LiveUnitsModel in step with the server: loads the snapshot, listens on the screen's socket, applies each binary
 * frame, and re-reads the snapshot whenever it might have missed something (reconnect, a gap in sequence numbers,
 * a frame of another epoch or naming an unknown slot, resuming after a hidden tab). Frames arriving while the
 * snapshot loads are held and applied after it, if newer, so nothing is lost in between.
 *
 * It also runs the animation loop (requestAnimationFrame while units glide, idle otherwise) and tells listeners
 * about slow changes (connection, online states, the unit list) at most as often as they matter to a panel.
 * No React here: live-units-provider.tsx wraps it around the screen's LiveSocket; tests drive it in Node with a
 * socket of its own (url and socket options).
 */
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { LiveSocket } from '@/components/live/live-socket';
import type { ConnectRefusal, ServerToClientEvents } from '@/domain/realtime/events';
import { frameBytes, PositionFrameError } from '@/domain/realtime/position-frame';
import { FramePacer } from './frame-pacer';
import {
  countUnitsByKind,
  type LiveUnitInfo,
  type LiveUnitKind,
  LiveUnitsModel,
  type MomentFix,
  type UnitsSnapshot,
} from './live-units-model';

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
  /** The screen's socket; without one, the client opens (and closes) its own to `url` with `socketOptions`. */
  socket?: LiveSocket;
  url?: string;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Monotonic ms clock for animation (performance.now by default). */
  now?: () => number;
  /** How redraws follow the screen's paint speed (frame-pacer.ts). */
  pacer?: FramePacer;
}

/** Frames held while a snapshot loads; more than this means the snapshot is slow, and it will be re-read anyway. */
const MAX_HELD_FRAMES = 200;
const SLOW_STATE_MS = 1000;

export class LiveUnitsClient {
  readonly model = new LiveUnitsModel();
  readonly socket: LiveSocket;
  private readonly ownsSocket: boolean;
  private unsubscribe: Array<() => void> = [];
  private connectionsSeen = 0;
  private state: LiveUnitsState;
  private readonly listeners = new Set<() => void>();
  private readonly animationListeners = new Set<(now: number) => void>();
  private readonly now: () => number;
  private connection: LiveConnection = 'connecting';
  private refusedKey: LiveUnitsState['refusedKey'] = null;
  private held: Uint8Array[] | null = null;
  private resyncAgain = false;
  private animationHandle: number | null = null;
  /** The sparse redraw's timer while the screen paints slowly (see FramePacer). */
  private sparseRedraw: ReturnType<typeof setTimeout> | null = null;
  private readonly pacer: FramePacer;
  private slowStateTimer: ReturnType<typeof setTimeout> | null = null;
  private followingPositions = true;
  /** The past moment shown instead of live positions (the wall's replay); null while live. */
  private moment: readonly MomentFix[] | null = null;
  /** Snapshots read so far (tests and diagnostics). */
  snapshotsLoaded = 0;

  constructor(private readonly options: LiveUnitsClientOptions) {
    this.now = options.now ?? (() => performance.now());
    this.pacer = options.pacer ?? new FramePacer();
    this.ownsSocket = !options.socket;
    this.socket = options.socket ?? new LiveSocket({ url: options.url, socketOptions: options.socketOptions });
    this.state = this.buildState();
  }

  connect(): void {
    if (this.unsubscribe.length) return;
    const socket = this.socket;
    this.setConnection('connecting');
    this.unsubscribe = [
      socket.subscribe(() => this.onSocketState()),
      socket.on('positions:frame', (payload) => this.onFrame(frameBytes(payload))),
      socket.on('units:status', (p) => {
        // A replayed moment is not live: its online states come from the history, not from now.
        if (this.moment) return;
        if (this.model.setOnline(p.unitId, p.online, p.at)) this.changed();
        else void this.resync();
      }),
    ];
    if (this.ownsSocket) socket.connect();
    this.onSocketState();
    // The snapshot does not wait for the WebSocket: read now (with the page's first requests), units are on the
    // map while the socket is still being set up; its connection reads it again, so no frame in between is lost.
    void this.resync();
  }

  disconnect(): void {
    this.unsubscribe.forEach((stop) => stop());
    this.unsubscribe = [];
    if (this.ownsSocket) this.socket.close();
    if (this.animationHandle !== null) cancelFrame(this.animationHandle);
    this.animationHandle = null;
    if (this.sparseRedraw) clearTimeout(this.sparseRedraw);
    this.sparseRedraw = null;
    if (this.slowStateTimer) clearTimeout(this.slowStateTimer);
    this.slowStateTimer = null;
    this.setConnection('disconnected');
  }

  /** Each (re)connection re-reads the snapshot: frames sent meanwhile were missed. */
  private onSocketState(): void {
    const { status, refusedKey, connections } = this.socket.getState();
    this.refusedKey = refusedKey;
    if (status === 'connected') {
      if (connections !== this.connectionsSeen) {
        this.connectionsSeen = connections;
        void this.resync();
      }
    } else if (status === 'refused') this.setConnection('refused');
    else if (status !== 'connecting') this.setConnection('disconnected');
  }

  /** Stops or resumes frames (e.g. while the tab is hidden); resuming re-reads the snapshot. */
  followPositions(follow: boolean): void {
    if (follow === this.followingPositions) return;
    this.followingPositions = follow;
    if (this.moment) return;
    this.socket.followPositions(follow);
    if (follow && this.socket.connected) void this.resync();
  }

  /**
   * Shows the units at a past moment instead of live (the wall's replay): live frames and online changes stop
   * reaching the map until `null` returns to live, which re-reads the snapshot. `glideMs` > 0 glides to the moment.
   */
  showMoment(fixes: readonly MomentFix[] | null, glideMs = 0): void {
    if (fixes) {
      if (!this.moment) this.socket.followPositions(false);
      this.moment = fixes;
      this.model.applyMoment(fixes, this.now(), glideMs);
      this.changed();
      this.animate();
      return;
    }
    if (!this.moment) return;
    this.moment = null;
    this.socket.followPositions(this.followingPositions);
    void this.resync();
  }

  /** True while a past moment is shown instead of live positions. */
  get replaying(): boolean {
    return this.moment !== null;
  }

  getState = (): LiveUnitsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Listens to a server event on the socket, across reconnects; returns the unsubscribe. */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    return this.socket.on(event, handler);
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
        // A snapshot read during a replay (a reconnect) brings the unit list; the picture stays the replayed one.
        if (this.moment) {
          this.model.applyMoment(this.moment, this.now());
          continue;
        }
        for (const bytes of held) {
          const outcome = this.model.applyFrame(bytes, this.now());
          if (outcome !== 'applied' && outcome !== 'old') this.resyncAgain = true;
        }
      } while (this.resyncAgain);
      this.held = null;
      if (this.socket.connected) this.setConnection('live');
      this.changed();
      this.animate();
    } catch (error) {
      // The snapshot request failed (network, signed out): try again on the next reconnect or frame trouble.
      console.warn('[live] snapshot failed', error);
      this.held = null;
      this.setConnection(this.socket.connected ? 'syncing' : 'disconnected');
    }
  }

  private onFrame(bytes: Uint8Array): void {
    if (this.moment) return;
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
    if (this.animationHandle !== null || this.sparseRedraw !== null) return;
    if (this.pacer.isSlow(this.now())) {
      // The screen paints slowly: no gliding, one redraw per interval with every unit at its newest fix.
      this.sparseRedraw = setTimeout(() => {
        this.sparseRedraw = null;
        this.drawAt(Number.POSITIVE_INFINITY);
      }, this.pacer.slowRedrawMs);
      return;
    }
    this.animationHandle = requestFrame(() => {
      this.animationHandle = null;
      const now = this.now();
      this.pacer.frame(now);
      if (this.drawAt(now)) this.animate();
      else this.pacer.paused();
    });
  }

  /** Moves the units to where they are drawn at `at` and redraws; returns whether any is still gliding. */
  private drawAt(at: number): boolean {
    const stillGliding = this.model.advance(at);
    const now = this.now();
    for (const listener of this.animationListeners) listener(now);
    return stillGliding;
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
    const { onlineByKind, totalByKind, onlineCount } = countUnitsByKind(units);
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
  typeof cancelAnimationFrame === 'function'
    ? cancelAnimationFrame(handle)
    : clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
