/**
 * A screen's one Socket.IO connection, typed by domain/realtime/events.ts. Every live feature of the screen (units
 * and their frames, the event feed, facilities, alarms, order notices) listens here, so each event arrives once.
 * Listeners survive reconnects; status listeners hear each (re)connection, so a feature can catch up on what it
 * missed (re-read a snapshot, replay alarms since a sequence number, refetch orders after a gap).
 *
 * Closed at sign-out: closeAllLiveSockets() ends every socket of the page at once, before the session is gone,
 * rather than leaving it open until the server's next session check.
 * No React here: live-provider.tsx wraps it; Node tests use it with socket options of their own.
 */
import { io, type Manager, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { type ClientToServerEvents, type ConnectRefusal, type ServerToClientEvents, SOCKET_PATH } from '@/domain/realtime/events';

export type LiveSocketStatus = 'connecting' | 'connected' | 'disconnected' | 'refused' | 'closed';
export type LiveEvent = keyof ServerToClientEvents;

export interface LiveSocketState {
  status: LiveSocketStatus;
  /** Why the server refused the socket (message key), when it did. */
  refusedKey: ConnectRefusal['messageKey'] | null;
  /** Connections made so far: 2 or more means the socket came back after a drop (features catch up then). */
  connections: number;
}

/**
 * Who listens: a map screen hears every map event (positions, feed, alarms, every order notice); a unit's phone
 * hears only its own unit's notices, so it takes no frames and cannot tell a gap in the notices' numbers.
 */
export type LiveAudience = 'map' | 'unit';

export interface LiveSocketOptions {
  audience?: LiveAudience;
  /** Socket.IO server; default the page's origin. */
  url?: string;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

type Handler = (payload: never) => void;

/** The page's open sockets, so signing out closes them all at once. */
const open = new Set<LiveSocket>();

export class LiveSocket {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private readonly handlers = new Map<LiveEvent, Set<Handler>>();
  private readonly listeners = new Set<() => void>();
  private state: LiveSocketState = { status: 'connecting', refusedKey: null, connections: 0 };
  private followingPositions: boolean;
  readonly audience: LiveAudience;

  constructor(private readonly options: LiveSocketOptions = {}) {
    this.audience = options.audience ?? 'map';
    this.followingPositions = this.audience === 'map';
  }

  connect(): void {
    if (this.socket) return;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.options.url ?? '', {
      path: SOCKET_PATH,
      // WebSocket only: long-polling would carry binary frames base64-encoded, and a proxy in front of several
      // processes would need sticky sessions for it.
      transports: ['websocket'],
      withCredentials: true,
      ...this.options.socketOptions,
    });
    this.socket = socket;
    open.add(this);
    socket.on('connect', () => {
      if (!this.followingPositions) socket.emit('positions:follow', { follow: false });
      this.setState({ status: 'connected', refusedKey: null, connections: this.state.connections + 1 });
    });
    socket.on('disconnect', () => this.setState({ ...this.state, status: 'disconnected' }));
    socket.on('connect_error', (error) => {
      const key = (error as Error & { data?: Partial<ConnectRefusal> }).data?.messageKey ?? null;
      // A refused handshake is final until the user signs in again; a network error retries by itself.
      if (key) socket.disconnect();
      this.setState({ ...this.state, status: key ? 'refused' : 'disconnected', refusedKey: key });
    });
    // One dispatcher per event name: the handlers registered now or later all hear it.
    for (const event of this.handlers.keys()) this.listen(event);
  }

  /** Ends the connection (unmount, sign-out): no reconnect until connect() is called again. */
  close(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    open.delete(this);
    this.setState({ ...this.state, status: 'closed' });
  }

  /** Listens to a server event, before or after connecting, across reconnects; returns the unsubscribe. */
  on<E extends LiveEvent>(event: E, handler: ServerToClientEvents[E]): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
      this.listen(event);
    }
    set.add(handler as Handler);
    return () => set.delete(handler as Handler);
  }

  /** Stops or resumes position frames (e.g. while the tab is hidden); remembered across reconnects. */
  followPositions(follow: boolean): void {
    if (follow === this.followingPositions) return;
    this.followingPositions = follow;
    if (this.socket?.connected) this.socket.emit('positions:follow', { follow });
  }

  /** The Socket.IO manager underneath, for transport statistics (bench/assignment-traffic.ts); null until connect(). */
  get manager(): Manager | null {
    return this.socket?.io ?? null;
  }

  get connected(): boolean {
    return this.state.status === 'connected';
  }

  getState = (): LiveSocketState => this.state;

  /** Hears every status change (a new state object each time). */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private listen(event: LiveEvent): void {
    const socket = this.socket as Socket | null;
    socket?.on(event, (payload: unknown) => this.handlers.get(event)?.forEach((handler) => handler(payload as never)));
  }

  private setState(state: LiveSocketState): void {
    if (state.status === this.state.status && state.refusedKey === this.state.refusedKey && state.connections === this.state.connections)
      return;
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/** Signing out: every live socket of the page closes now, not when the server next re-checks sessions. */
export function closeAllLiveSockets(): void {
  for (const socket of [...open]) socket.close();
}
