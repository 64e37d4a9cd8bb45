/**
 * The Socket.IO server: attaches to an existing http.Server (it never listens itself), admits only signed-in users
 * whose role may see the live map ('map:view'; field units with 'field:use' get only their own unit's room),
 * puts them in their rooms, validates everything they send, and hands itself to the LiveHub that services
 * broadcast through. Sessions are re-checked every minute, so signing out or disabling an account also ends its
 * live connections.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { AuthService, SessionUser } from '@/server/auth/auth.service';
import { SESSION_COOKIE, sha256 } from '@/server/auth/auth.service';
import { isCrossSite } from '@/server/http/origin-check';
import { readCookie } from '@/server/auth/cookies';
import { can } from '@/domain/auth/roles';
import { scopeOf } from '@/domain/tenancy/district-scope';
import {
  type ClientToServerEvents,
  type ConnectRefusal,
  followPositionsInput,
  ROOMS,
  type ServerToClientEvents,
  SOCKET_PATH,
} from '@/domain/realtime/events';
import type { ClusterLink } from '@/server/cluster/cluster-link';
import type { LiveHub } from './live-hub';

interface SocketData {
  user: SessionUser;
  token: string;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeServerOptions {
  auth: AuthService;
  hub: LiveHub;
  /** How often open connections' sessions are re-checked (a disabled account, an expired session). */
  sessionRecheckMs?: number;
  /** The site's public origin behind a proxy; null: the request's own Host. */
  publicOrigin?: string | null;
  /** Several app processes (REDIS_URL): broadcasts reach the sockets of all of them. */
  cluster?: ClusterLink | null;
}

/** Each session's sockets share a room, so ending the session closes them on whichever process they are. */
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

export interface RealtimeServer {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  close(): Promise<void>;
}

export function createRealtimeServer(httpServer: HttpServer, options: RealtimeServerOptions): RealtimeServer {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // Frames are small and already dense; compressing them costs CPU per client for little gain.
    perMessageDeflate: false,
    // Clients only ever send tiny control messages ('positions:follow'); refuse anything bigger unread.
    maxHttpBufferSize: 10_000,
    // The handshake carries the user's cookie: a foreign page must not open a socket in their name.
    allowRequest: (req, callback) => callback(null, !isCrossSite(req, { publicOrigin: options.publicOrigin ?? null })),
    // WebSocket only: a proxy in front of several processes needs no sticky sessions (long-polling would).
    transports: ['websocket'],
    ...(options.cluster ? { adapter: options.cluster.adapter } : {}),
  });

  io.use(async (socket, next) => {
    const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    const user = await options.auth.userForToken(token).catch(() => null);
    if (!user || !token) return next(refusal('unauthorized', { messageKey: 'error.unauthorized' }));
    if (!can(user.role, 'map:view') && !can(user.role, 'field:use')) return next(refusal('forbidden', { messageKey: 'error.forbidden' }));
    socket.data = { user, token };
    next();
  });

  io.on('connection', (socket: LiveSocket) => {
    const { user, token } = socket.data;
    void socket.join(sessionRoom(sha256(token)));
    // A map viewer hears its own district (or, city-wide, every district): domain/tenancy/district-scope.ts.
    const scope = scopeOf(user);
    if (can(user.role, 'map:view')) void socket.join([ROOMS.map(scope), ROOMS.positions(scope)]);
    if (can(user.role, 'field:use') && user.unitId !== null) void socket.join(ROOMS.unit(user.unitId));

    socket.on('positions:follow', async (payload, applied) => {
      const input = followPositionsInput.safeParse(payload);
      if (!input.success || !can(user.role, 'map:view')) return;
      if (input.data.follow) await socket.join(ROOMS.positions(scope));
      else await socket.leave(ROOMS.positions(scope));
      if (typeof applied === 'function') applied();
    });
  });

  // Signing out (or ending a session from the account page) closes that session's sockets at once, on every process.
  const stopListening = options.auth.onSessionEnded((sessionId) => io.in(sessionRoom(sessionId)).disconnectSockets(true));
  const recheck = setInterval(() => void disconnectEndedSessions(io, options.auth), options.sessionRecheckMs ?? 60_000);
  recheck.unref();
  options.hub.attach(io, options.cluster ?? null);

  return {
    io,
    async close() {
      clearInterval(recheck);
      stopListening();
      options.hub.detach();
      // io.close() would also close the http.Server, which belongs to the caller: only end the sockets.
      io.local.disconnectSockets(true);
      io.engine.close();
      // The adapter's Redis readers stop with it (a no-op for the in-memory adapter).
      await io.of('/').adapter.close();
    },
  };
}

function refusal(message: string, data: ConnectRefusal): Error {
  return Object.assign(new Error(message), { data });
}

async function disconnectEndedSessions(io: RealtimeServer['io'], auth: AuthService): Promise<void> {
  // Each process checks its own sockets.
  for (const socket of await io.local.fetchSockets()) {
    const user = await auth.userForToken(socket.data.token).catch(() => null);
    if (!user) socket.disconnect(true);
  }
}
