/**
 * Order notices through the whole app on both dialects: an order dispatched automatically is announced on the
 * wall (map viewers) and to the assigned unit's phone at once — and not to another unit's phone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderAssignedPayload, OrderChangedPayload, OrderToldPayload } from '@/domain/realtime/events';
import { dialects } from './databases';
import { connected, type LiveTestApp, openSocket, sessionCookieFor, startLiveApp, type TestSocket } from './units-fixtures';

/** Events of one name a socket receives from now on. */
function collect<T>(socket: TestSocket, event: 'order:assigned' | 'order:changed' | 'order:told'): T[] {
  const received: T[] = [];
  socket.on(event, (payload: unknown) => received.push(payload as T));
  return received;
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a socket event');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(dialects)('order notices over Socket.IO on %s', (dialect) => {
  let t: LiveTestApp;
  const sockets: TestSocket[] = [];
  const open = async (cookie: string) => {
    const socket = openSocket(t.baseUrl, cookie);
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startLiveApp(dialect, [
      { code: 'SW-1', kind: 'sweeper', at: [121.426, 31.21] },
      { code: 'SW-2', kind: 'sweeper', at: [121.44, 31.222] },
    ]);
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });
  afterAll(() => t?.close());

  it('tells the wall and the assigned unit at once, and no other unit', async () => {
    const wall = await open(await sessionCookieFor(t.app, 'duty_officer'));
    const phone1 = await open(await sessionCookieFor(t.app, 'field_unit', t.unitIds['SW-1']));
    const phone2 = await open(await sessionCookieFor(t.app, 'field_unit', t.unitIds['SW-2']));
    const wallChanges = collect<OrderChangedPayload>(wall, 'order:changed');
    const wallAssigned = collect<OrderAssignedPayload>(wall, 'order:assigned');
    const phone1Assigned = collect<OrderAssignedPayload>(phone1, 'order:assigned');
    const phone2Assigned = collect<OrderAssignedPayload>(phone2, 'order:assigned');
    const phone1Changes = collect<OrderChangedPayload>(phone1, 'order:changed');

    const { order, automatic } = await t.app.services.dispatchHub.intake.receive(
      { source: 'hotline_12345', categoryCode: 'sanitation.road_cleaning', description: '路面大片油污', location: [121.425, 31.21] },
      { userId: null, name: '调度', role: 'dispatcher', unitId: null },
    );
    expect(automatic).toEqual({ outcome: 'dispatched', unitId: t.unitIds['SW-1'] });

    await until(() => phone1Assigned.length > 0 && wallChanges.some((c) => c.status === 'dispatched'));
    expect(phone1Assigned[0]).toMatchObject({ type: 'order:assigned', orderId: order.id, code: order.code, unitIds: [t.unitIds['SW-1']] });
    expect(wallAssigned).toHaveLength(1);
    expect(wallChanges.map((c) => c.status)).toEqual(['received', 'reviewing', 'awaiting_dispatch', 'dispatched']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(phone2Assigned).toEqual([]);
    expect(phone1Changes).toEqual([]); // the wall's running commentary is not for phones

    // Each notice carries its journal number, and the journal gives a reconnecting wall the very same ones, in order.
    const heard = [...wallChanges, ...wallAssigned].filter((n) => n.orderId === order.id).sort((a, b) => a.journal - b.journal);
    const missed = await t.app.services.noticeJournal.since(heard[0].journal - 1, 100);
    const replayed = missed.entries.flatMap((e) => (e.kind === 'order' && e.notice.orderId === order.id ? [e.notice] : []));
    expect(replayed.map((n) => [n.journal, n.type])).toEqual(heard.map((n) => [n.journal, n.type]));
  });

  it('改派 in 处置中: the old unit’s phone is told it was withdrawn, the new unit’s phone gets the task; 催办 reaches it', async () => {
    const hub = t.app.services.dispatchHub;
    const dispatcher = { userId: null, name: '调度 李强', role: 'dispatcher' as const, unitId: null };
    const { order } = await hub.intake.receive(
      { source: 'hotline_12345', categoryCode: 'sanitation.road_cleaning', description: '路面油污', location: [121.4255, 31.2101] },
      dispatcher,
    );
    // Whichever sweeper the automatic dispatch chose (the first test left one busy) starts; the other takes over.
    const [first] = (await hub.orders.detail(order.id)).assignments;
    const other = first.unitId === t.unitIds['SW-1'] ? t.unitIds['SW-2'] : t.unitIds['SW-1'];
    const phone1 = await open(await sessionCookieFor(t.app, 'field_unit', first.unitId));
    const phone2 = await open(await sessionCookieFor(t.app, 'field_unit', other));
    const phone1Told = collect<OrderToldPayload>(phone1, 'order:told');
    const phone2Told = collect<OrderToldPayload>(phone2, 'order:told');
    const phone2Assigned = collect<OrderAssignedPayload>(phone2, 'order:assigned');
    const handler1 = { userId: null, name: '测试', role: 'field_unit' as const, unitId: first.unitId };
    const dispatched = await hub.orders.view(order.id);
    expect(dispatched.status).toBe('dispatched');
    const accepted = await hub.orders.transition({ orderId: order.id, action: 'accept', expectedVersion: dispatched.version }, handler1);
    const started = await hub.orders.transition({ orderId: order.id, action: 'start', expectedVersion: accepted.version }, handler1);
    expect(started.status).toBe('in_progress');

    const moved = await hub.dispatch.assign(
      { orderId: order.id, unitIds: [other], expectedVersion: started.version, note: '车辆故障', reassign: true },
      dispatcher,
    );
    await until(() => phone1Told.length > 0 && phone2Assigned.some((n) => n.orderId === order.id));
    expect(phone1Told).toEqual([
      expect.objectContaining({ type: 'order:told', orderId: order.id, kind: 'withdrawn', by: '调度 李强', note: '车辆故障' }),
    ]);
    await hub.orders.transition({ orderId: order.id, action: 'remind', note: '请尽快到场' }, dispatcher);
    await until(() => phone2Told.length > 0);
    expect(phone2Told[0]).toMatchObject({ kind: 'remind', orderId: order.id, note: '请尽快到场' });
    expect(moved.status).toBe('dispatched');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(phone1Told).toHaveLength(1); // the reminder is for the unit that has the order now
  });
});
