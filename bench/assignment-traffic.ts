/**
 * What one assignment costs a command wall: socket bytes and tRPC requests/bytes the wall receives after a
 * dispatcher sends a unit, with the wall's open-orders list (up to 500 orders) on screen.
 *
 * The real server (tests' live app: tRPC, Socket.IO, embedded PGlite by default) with OPEN_ORDERS open orders; a wall and a
 * dispatcher are headless clients: Socket.IO + TanStack Query + the tRPC client over HTTP, counting what arrives.
 *
 *   current  the browser's own modules: the screen's one LiveSocket, order-notice-sync.ts applying the notices to the
 *            cache, and the dispatcher writing the mutation's answer with applyOrderView (candidate-list.tsx)
 *   legacy   the path they replaced (commit a05eb83, components/orders/use-order-notices.ts and the live-units
 *            client), reproduced: two sockets per screen (units + notices), every order notice invalidates all order
 *            queries, and the dispatcher's mutation invalidates them again (onSettled)
 *
 *   npx tsx bench/assignment-traffic.ts [--orders=300] [--assignments=5] [--dialect=embedded|postgres]
 * Results are printed and written to bench/results/assignment-traffic.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { io, type Manager, type Socket } from 'socket.io-client';
import superjson from 'superjson';
import { LiveSocket } from '@/components/live/live-socket';
import { applyOrderView, refetchAllOrders, type Trpc } from '@/components/orders/order-cache';
import { syncOrderNotices } from '@/components/orders/order-notice-sync';
import type { DialectName } from '@/db/connect';
import { OPEN_STATUSES } from '@/domain/orders/order-values';
import { SOCKET_PATH } from '@/domain/realtime/events';
import type { AppRouter } from '@/server/api/root';
import { sessionCookieFor, startLiveApp } from '@/tests/integration/units-fixtures';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const OPEN_ORDERS = Number(arg('orders', '300'));
const ASSIGNMENTS = Number(arg('assignments', '5'));
const DIALECT = arg('dialect', 'embedded') as DialectName;
const WALL_LIMIT = 500;
const QUIET_MS = 400;

interface Traffic {
  socketMessages: number;
  socketBytes: number;
  httpRequests: number;
  trpcQueries: number;
  httpBytes: number;
}
const zero = (): Traffic => ({ socketMessages: 0, socketBytes: 0, httpRequests: 0, trpcQueries: 0, httpBytes: 0 });

/** A screen's HTTP side: the tRPC client and query cache the browser uses, counting every answer's bytes. */
function screen(baseUrl: string, cookie: string, traffic: () => Traffic) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } });
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/api/trpc`,
        transformer: superjson,
        headers: { cookie },
        fetch: async (url, init) => {
          const response = await fetch(url, init as RequestInit);
          const body = await response.clone().arrayBuffer();
          const t = traffic();
          t.httpRequests++;
          t.trpcQueries += decodeURIComponent(new URL(String(url)).pathname.split('/api/trpc/')[1] ?? '').split(',').length;
          t.httpBytes += body.byteLength;
          return response;
        },
      }),
    ],
  });
  const trpc: Trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  return { queryClient, client, trpc };
}

/** Counts what arrives on a Socket.IO connection (engine packets: the JSON text or the binary attachment). */
function countSocket(manager: Manager, traffic: () => Traffic): void {
  const hook = () =>
    manager.engine.on('packet', (packet: { type: string; data?: unknown }) => {
      if (packet.type !== 'message') return;
      const t = traffic();
      t.socketMessages++;
      const data = packet.data;
      t.socketBytes +=
        typeof data === 'string' ? Buffer.byteLength(data) : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : 0;
    });
  if (manager.engine) hook();
  manager.on('open', hook);
}

async function settled(queryClients: QueryClient[], last: () => number): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (queryClients.every((q) => q.isFetching() === 0) && Date.now() - last() > QUIET_MS) return;
  }
}

async function main() {
  const t = await startLiveApp(DIALECT, [{ code: 'SW-1', kind: 'sweeper', at: [121.426, 31.21] }]);
  try {
    const duty = await sessionCookieFor(t.app, 'duty_officer');
    const leader = await sessionCookieFor(t.app, 'leader');
    const dispatcherCookie = await sessionCookieFor(t.app, 'dispatcher');
    const wallCookie = await sessionCookieFor(t.app, 'duty_officer');
    const setup = screen(t.baseUrl, duty, zero);
    // Manual dispatch: the orders wait in 待派单 for the dispatcher, as in tests/integration/dispatch.test.ts.
    const rules = (await t.app.services.dispatchHub.dispatchRules.active()).rules;
    const { version } = await setup.client.dispatch.rules.propose.mutate({ rules: { ...rules, autoDispatch: false }, note: 'bench' });
    await screen(t.baseUrl, leader, zero).client.dispatch.rules.decide.mutate({ version, approve: true });
    const dispatcherSetup = screen(t.baseUrl, dispatcherCookie, zero);
    const waiting: number[] = [];
    for (let i = 0; i < OPEN_ORDERS; i++) {
      // Spread over the fixture's east sub-district, ~100 m apart, so the duplicate check holds none back.
      const location = { lng: 121.401 + (i % 20) * 0.0022, lat: 31.191 + Math.floor(i / 20) * 0.0022 };
      const { order } = await dispatcherSetup.client.orders.create.mutate({
        source: 'city_ops',
        categoryCode: 'sanitation.road_cleaning',
        description: `基准工单 ${i}`,
        location,
      });
      if (order.status === 'awaiting_dispatch') waiting.push(order.id);
    }
    if (waiting.length < ASSIGNMENTS * 2) throw new Error(`only ${waiting.length} orders wait for dispatch`);

    const results: Record<string, { perAssignment: Traffic; dispatcherRefetches: number }> = {};
    for (const mode of ['legacy', 'current'] as const) {
      let wallTraffic = zero();
      let dispatcherTraffic = zero();
      let lastActivity = Date.now();
      const wallCount = () => ((lastActivity = Date.now()), wallTraffic);
      const dispatcherCount = () => ((lastActivity = Date.now()), dispatcherTraffic);
      const wall = screen(t.baseUrl, wallCookie, wallCount);
      const desk = screen(t.baseUrl, dispatcherCookie, dispatcherCount);
      const stops: Array<() => void> = [];
      const socketOptions = { transports: ['websocket'], extraHeaders: { cookie: wallCookie }, forceNew: true };
      const deskSocketOptions = { ...socketOptions, extraHeaders: { cookie: dispatcherCookie } };

      if (mode === 'current') {
        for (const [s, cookie, count] of [
          [wall, wallCookie, wallCount],
          [desk, dispatcherCookie, dispatcherCount],
        ] as const) {
          const live = new LiveSocket({ url: t.baseUrl, socketOptions: { ...socketOptions, extraHeaders: { cookie } } });
          stops.push(syncOrderNotices(live, s.queryClient, s.trpc));
          live.connect();
          countSocket(live.manager!, count);
          stops.push(() => live.close());
        }
      } else {
        for (const [s, options, count] of [
          [wall, socketOptions, wallCount],
          [desk, deskSocketOptions, dispatcherCount],
        ] as const) {
          // The live-units socket (map events, order notices arrive but are not used) and the notices socket.
          const unitsSocket: Socket = io(t.baseUrl, { path: SOCKET_PATH, ...options });
          const noticeSocket: Socket = io(t.baseUrl, { path: SOCKET_PATH, ...options });
          noticeSocket.on('connect', () => noticeSocket.emit('positions:follow', { follow: false }));
          for (const event of ['order:changed', 'order:assigned', 'order:deadline', 'order:escalated'])
            noticeSocket.on(event, () => refetchAllOrders(s.queryClient, s.trpc));
          countSocket(unitsSocket.io, count);
          countSocket(noticeSocket.io, count);
          stops.push(
            () => unitsSocket.close(),
            () => noticeSocket.close(),
          );
        }
      }

      // What is on screen: the wall's open orders; the dispatcher's queue, the order's detail and its candidates.
      const watch = (queryClient: QueryClient, options: object) =>
        stops.push(new QueryObserver(queryClient, options as never).subscribe(() => {}));
      watch(wall.queryClient, wall.trpc.orders.list.queryOptions({ statuses: [...OPEN_STATUSES], limit: WALL_LIMIT }));
      watch(desk.queryClient, desk.trpc.orders.list.queryOptions({ statuses: [...OPEN_STATUSES], limit: 300 }));
      await settled([wall.queryClient, desk.queryClient], () => lastActivity);

      const totals = zero();
      let deskRefetches = 0;
      for (let n = 0; n < ASSIGNMENTS; n++) {
        const orderId = waiting.shift()!;
        const detail = desk.trpc.orders.get.queryOptions({ id: orderId });
        watch(desk.queryClient, detail);
        watch(desk.queryClient, desk.trpc.dispatch.candidates.queryOptions({ orderId, limit: 8 }));
        await settled([wall.queryClient, desk.queryClient], () => lastActivity);
        const current = desk.queryClient.getQueryData(detail.queryKey) as { order: { version: number } };
        wallTraffic = zero();
        dispatcherTraffic = zero();
        const view = await desk.client.dispatch.assign.mutate({
          orderId,
          unitIds: [t.unitIds['SW-1']],
          expectedVersion: current.order.version,
        });
        if (mode === 'current') applyOrderView(desk.queryClient, desk.trpc, view);
        else refetchAllOrders(desk.queryClient, desk.trpc);
        await settled([wall.queryClient, desk.queryClient], () => lastActivity);
        for (const key of Object.keys(totals) as Array<keyof Traffic>) totals[key] += wallTraffic[key];
        // The mutation itself is one request; the rest are refetches.
        deskRefetches += dispatcherTraffic.trpcQueries - 1;
      }
      stops.reverse().forEach((stop) => stop());
      const perAssignment = Object.fromEntries(
        Object.entries(totals).map(([k, v]) => [k, Math.round(v / ASSIGNMENTS)]),
      ) as unknown as Traffic;
      results[mode] = { perAssignment, dispatcherRefetches: deskRefetches / ASSIGNMENTS };
    }

    const report = {
      date: new Date().toISOString(),
      dialect: DIALECT,
      openOrders: OPEN_ORDERS,
      assignments: ASSIGNMENTS,
      wallLimit: WALL_LIMIT,
      results,
    };
    console.log(JSON.stringify(report, null, 2));
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/assignment-traffic.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
