/**
 * The field app's offline queue on the server side, on both dialects: a command sent again with the same client
 * id (the phone replaying its queue after a lost answer) moves the order once and answers with the order as it
 * stands; the id reused for another command is refused; a patrol report replayed is registered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/auth/auth.service';
import { ManualClock } from '@/server/clock';
import { dialects, type TestDatabase } from './databases';
import { countRows, type HubHarness, ledger, oneHandlerHub } from './orders-fixture';

const AT: [number, number] = [121.41, 31.21];

describe.each(dialects)('field commands replayed on %s', (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  let field: SessionUser;
  let dispatcher: SessionUser;
  const clock = new ManualClock('2026-11-22T02:00:00Z');

  beforeAll(async () => {
    ({ database, harness, dispatcher, field } = await oneHandlerHub(dialect, clock, AT));
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function dispatchedOrder() {
    const { order } = await harness.caller(dispatcher).orders.create({
      source: 'hotline_12345',
      categoryCode: 'other.unclear',
      description: '离线补发测试',
      location: { lng: AT[0], lat: AT[1] },
    });
    const approved = await harness
      .caller(dispatcher)
      .orders.transition({ orderId: order.id, action: 'approve', expectedVersion: order.version });
    return harness.caller(dispatcher).dispatch.assign({ orderId: order.id, unitIds: [field.unitId!], expectedVersion: approved.version });
  }

  it('moves the order once when the phone sends the same command twice, and answers both times', async () => {
    const order = await dispatchedOrder();
    const command = { orderId: order.id, action: 'accept' as const, expectedVersion: order.version, clientKey: 'phone-key-0001' };
    const first = await harness.caller(field).orders.transition(command);
    const again = await harness.caller(field).orders.transition(command);
    expect(first.status).toBe('accepted');
    expect(again).toMatchObject({ id: order.id, status: 'accepted', version: first.version });
    expect((await ledger(database.db, order.id)).filter((e) => e.startsWith('accept:'))).toHaveLength(1);

    // Two copies at once (a flaky network): still one move.
    const start = { orderId: order.id, action: 'start' as const, expectedVersion: first.version, clientKey: 'phone-key-0002' };
    const both = await Promise.all([harness.caller(field).orders.transition(start), harness.caller(field).orders.transition(start)]);
    expect(both.map((o) => o.status)).toEqual(['in_progress', 'in_progress']);
    expect((await ledger(database.db, order.id)).filter((e) => e.startsWith('start:'))).toHaveLength(1);

    await expect(
      harness.caller(field).orders.transition({ ...start, action: 'request_extension', extensionMinutes: 30, note: '另一操作' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('a command without an id is not deduplicated: the second is refused by the lifecycle, as before', async () => {
    const order = await dispatchedOrder();
    await harness.caller(field).orders.transition({ orderId: order.id, action: 'accept' });
    await expect(harness.caller(field).orders.transition({ orderId: order.id, action: 'accept' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('registers a patrol report replayed from the phone once', async () => {
    const before = await countRows(database.db, 'orders');
    const report = {
      categoryCode: 'cityscape.dumping',
      description: '巡查发现乱堆物',
      location: { lng: AT[0], lat: AT[1] },
      clientKey: 'report-key-0001',
    };
    const first = await harness.caller(field).orders.report(report);
    const again = await harness.caller(field).orders.report(report);
    expect(first).toMatchObject({ created: true, order: { source: 'patrol' } });
    expect(again).toMatchObject({ created: false, order: { id: first.order.id } });
    expect(await countRows(database.db, 'orders')).toBe(before + 1);
  });
});
