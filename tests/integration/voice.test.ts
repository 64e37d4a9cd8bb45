/**
 * AI voice calls on both dialects: an urgent order nearing its limit gets one 派单语音催告 after the deadline sweep
 * (planned again, still one); the call is placed through the provider and written on the order's timeline; a
 * closed order's reporter gets one follow-up (工单自动回访) whose satisfaction is stored on the order; a call the
 * provider cannot make is retried and then marked failed; a person queues a 签约收费提醒.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/auth/auth.service';
import { ManualClock } from '@/server/clock';
import { createDispatchHub, type DispatchHub } from '@/server/compose/dispatch';
import type { VoiceProvider } from '@/server/voice/voice-provider';
import { dialects, type TestDatabase } from './databases';
import { type HubHarness, ledger, oneHandlerHub } from './orders-fixture';

const AT: [number, number] = [121.41, 31.21];

describe.each(dialects)('AI voice calls on %s', (dialect) => {
  let database: TestDatabase;
  let harness: HubHarness;
  let dispatcher: SessionUser;
  let field: SessionUser;
  const clock = new ManualClock('2026-11-22T02:00:00Z');

  beforeAll(async () => {
    ({ database, harness, dispatcher, field } = await oneHandlerHub(dialect, clock, AT));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('reminds the unit once when an urgent order nears its limit, and writes the call on the timeline', async () => {
    const voice = harness.hub.voice;
    const { order } = await harness.caller(dispatcher).orders.create({
      source: 'hotline_12345',
      categoryCode: 'greening.fallen_tree',
      urgency: 'urgent',
      description: '断枝悬挂',
      reporterName: '王先生',
      reporterPhone: '13900001111',
      location: { lng: AT[0], lat: AT[1] },
    });
    expect(order.priority).toBe(1);
    const current = await harness.hub.orders.view(order.id);
    expect(current.status).toBe('dispatched'); // the nearest handler, automatically
    clock.advanceMinutes(Math.ceil(((current.respondBy.getTime() - clock.now().getTime()) / 60_000) * 0.9));
    await harness.hub.deadlines.sweep();
    expect(await voice.plan()).toBe(1);
    expect(await voice.plan()).toBe(0);
    expect(await voice.runDue()).toBe(1);
    const { calls, placesCalls } = await harness.caller(dispatcher).voice.calls({ orderId: order.id });
    expect(placesCalls).toBe(false);
    expect(calls).toEqual([
      expect.objectContaining({
        kind: 'urgent_reminder',
        status: 'recorded',
        outcome: 'recorded',
        provider: 'recording',
        targetName: expect.any(String),
      }),
    ]);
    expect(calls[0].script).toContain(order.code);
    expect((await ledger(database.db, order.id)).filter((e) => e.startsWith('voice_call:'))).toHaveLength(1);
    await expect(harness.caller(field).voice.calls({ orderId: order.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('follows up with the reporter after closing and stores the satisfaction on the order', async () => {
    const answering: VoiceProvider = {
      name: 'test-ivr',
      placesCalls: true,
      place: () => Promise.resolve({ outcome: 'answered', answer: { satisfaction: 4 } }),
    };
    const hub: DispatchHub = createDispatchHub({ db: database.db, clock, voiceProvider: answering });
    const { order } = await harness.caller(dispatcher).orders.create({
      source: 'hotline_12345',
      categoryCode: 'other.unclear',
      description: '来电反映',
      reporterPhone: '13900002222',
      location: { lng: AT[0], lat: AT[1] },
    });
    await harness.caller(dispatcher).orders.transition({ orderId: order.id, action: 'void', note: '重复来电' });
    // A voided order is not followed up; void it and check nothing is planned for it.
    expect((await hub.voice.calls({ orderId: order.id })).length).toBe(0);

    const second = (
      await harness.caller(dispatcher).orders.create({
        source: 'hotline_12345',
        categoryCode: 'other.unclear',
        description: '来电反映二',
        reporterPhone: '13900003333',
        location: { lng: AT[0], lat: AT[1] },
      })
    ).order;
    const approved = await harness.caller(dispatcher).orders.transition({ orderId: second.id, action: 'approve' });
    await harness.caller(dispatcher).dispatch.assign({ orderId: second.id, unitIds: [field.unitId!], expectedVersion: approved.version });
    await harness.caller(field).orders.transition({ orderId: second.id, action: 'accept' });
    await harness.caller(field).orders.transition({ orderId: second.id, action: 'start' });
    await harness.caller(field).orders.transition({
      orderId: second.id,
      action: 'complete',
      attachments: [{ contentHash: 'b'.repeat(64), mediaType: 'image/jpeg', byteSize: 10, purpose: 'after' }],
    });
    await harness.caller(dispatcher).orders.transition({ orderId: second.id, action: 'close' });

    await hub.voice.plan();
    expect(await hub.voice.runDue()).toBe(0); // a few minutes after closing
    clock.advanceMinutes(6);
    expect(await hub.voice.runDue()).toBe(1);
    expect(await hub.voice.calls({ orderId: order.id })).toEqual([]);
    expect(await hub.voice.calls({ orderId: second.id })).toEqual([
      expect.objectContaining({ kind: 'follow_up', targetPhone: '13900003333', outcome: 'answered' }),
    ]);
    expect((await harness.hub.orders.view(second.id)).satisfaction).toBe(4);

    // Entered by a person (the recording provider hears nothing): stored too, and only on a closed order.
    await harness.caller(dispatcher).voice.recordSatisfaction({ orderId: second.id, score: 5 });
    expect((await harness.hub.orders.view(second.id)).satisfaction).toBe(5);
    expect((await ledger(database.db, second.id)).filter((e) => e.startsWith('satisfaction:'))).toHaveLength(1);
  });

  it('retries a call the provider cannot make, then marks it failed; a person queues a fee reminder', async () => {
    const broken: VoiceProvider = { name: 'down', placesCalls: true, place: () => Promise.reject(new Error('SIP trunk down')) };
    const hub = createDispatchHub({ db: database.db, clock, voiceProvider: broken });
    const call = await harness
      .caller(dispatcher)
      .voice.schedule({ kind: 'fee_reminder', targetName: '愚园路某餐饮店', targetPhone: '021-62000000' });
    expect(call).toMatchObject({ status: 'queued', kind: 'fee_reminder' });
    expect(call.script).toContain('愚园路某餐饮店');
    for (let i = 0; i < 3; i++) {
      await hub.voice.runDue();
      clock.advanceMinutes(2);
    }
    const [after] = await hub.voice.calls({ limit: 1 });
    expect(after).toMatchObject({ id: call.id, status: 'failed', outcome: 'SIP trunk down' });
    await expect(harness.caller(field).voice.schedule({ kind: 'fee_reminder', targetName: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
