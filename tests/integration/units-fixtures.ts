/**
 * A whole OneMap server for the live-unit integration tests: a fresh database of either dialect with the small
 * map fixture (two sub-districts, one road, a few facilities) and some units, the real app (ingest routes, tRPC,
 * Socket.IO) on a random loopback port, and helpers to sign in, connect a socket and post positions.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectIo, type Socket } from 'socket.io-client';
import type { DialectName } from '@/db/connect';
import type { Role, UnitKind } from '@/db/schema';
import { stPoint } from '@/db/st';
import { createApp, type OneMapApp } from '@/server/app';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { parseEnv } from '@/server/env';
import type { ClientToServerEvents, ServerToClientEvents } from '@/domain/realtime/events';
import { freshDatabase, type TestDatabase } from './databases';
import { FIXTURE, insertMapFixture } from './map-fixture';

export interface UnitSpec {
  code: string;
  kind?: UnitKind;
  synthetic?: boolean;
  at?: [number, number];
}

export interface LiveTestApp {
  app: OneMapApp;
  database: TestDatabase;
  baseUrl: string;
  server: Server;
  unitIds: Record<string, number>;
  facilityIds: Record<string, number>;
  close(): Promise<void>;
}

export async function startLiveApp(dialect: DialectName, units: UnitSpec[], env: Record<string, string> = {}): Promise<LiveTestApp> {
  const database = await freshDatabase(dialect);
  const facilityIds = await insertMapFixture(database.db);
  const unitIds: Record<string, number> = {};
  for (const unit of units) {
    const { id } = await database.db
      .insertInto('units')
      .values({
        code: unit.code,
        kind: unit.kind ?? 'sweeper',
        name: `测试 ${unit.code}`,
        sub_district_code: FIXTURE.east.code,
        synthetic: unit.synthetic ?? false,
        on_shift: true,
        geom: unit.at ? stPoint(unit.at) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitIds[unit.code] = id;
  }
  const started = await startAppOn(database, env);
  return {
    ...started,
    database,
    unitIds,
    facilityIds,
    async close() {
      await started.close();
      await database.drop();
    },
  };
}

/** One app process on a prepared database (several may share one, as app processes share a PostgreSQL). */
export async function startAppOn(
  database: TestDatabase,
  env: Record<string, string> = {},
): Promise<{ app: OneMapApp; baseUrl: string; server: Server; close(): Promise<void> }> {
  // The app must not close the connection itself: drop() closes it and then removes the database.
  const app = await createApp(parseEnv({ SIMULATOR: 'off', NODE_ENV: 'test', ...env }), { ...database, close: async () => undefined });
  const server: Server = createServer(app.handleRequest);
  await app.attach(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}

let userCounter = 0;
/** A new user of `role`, signed in; returns the Cookie header value of their session. */
export async function sessionCookieFor(app: OneMapApp, role: Role, unitId: number | null = null): Promise<string> {
  const username = `${role}-${++userCounter}`;
  await app.services.auth.createUser({ username, displayName: username, role, password: 'test-password-123', unitId });
  const { token } = await app.services.auth.signIn(username, 'test-password-123', null);
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}`;
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function openSocket(baseUrl: string, cookie?: string, headers: Record<string, string> = {}): TestSocket {
  return connectIo(baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { ...(cookie ? { cookie } : {}), ...headers },
  });
}

/** Resolves on 'connect', rejects with the refusal message on 'connect_error'. */
export function connected(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
