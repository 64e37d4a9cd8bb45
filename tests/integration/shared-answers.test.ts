/**
 * Over real HTTP: the wall's common reads are rendered once per interval and the same bytes go to every asker of
 * the same role, while an order change is seen at once, and a caller without the permission never gets the
 * bytes rendered for another role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stPoint } from '@/db/st';
import { dialects } from './databases';
import { FIXTURE } from './map-fixture';
import { type LiveTestApp, startLiveApp } from './units-fixtures';

describe.each(dialects)('shared answers over HTTP on %s', (dialect) => {
  let t: LiveTestApp;
  const cookies: Record<string, string> = {};
  const get = (path: string, who: string) => fetch(`${t.baseUrl}/api/trpc/${path}`, { headers: { cookie: cookies[who] } });
  const orderList = `orders.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 50 } }))}`;

  beforeAll(async () => {
    // A minute-long interval: within this test, only a write can make a kept answer go.
    t = await startLiveApp(dialect, [], { SHARED_READ_MS: '60000' });
    for (const [username, role] of [
      ['duty', 'duty_officer'],
      ['duty2', 'duty_officer'],
      ['field', 'field_unit'],
    ] as const) {
      const password = `${username}-Password-123`;
      await t.app.services.auth.createUser({ username, displayName: username, role, password });
      cookies[username] = `onemap_session=${(await t.app.services.auth.signIn(username, password, null)).token}`;
    }
  });
  afterAll(() => t?.close());

  it('serves the KPIs read once to every duty officer, unchanged by a write no screen is told of', async () => {
    const first = await get('map.kpis', 'duty');
    expect(first.status).toBe(200);
    const body = await first.text();
    await t.database.db
      .insertInto('facilities')
      .values({
        kind: 'light',
        code: 'L-NEW',
        name: '新灯',
        status: 'fault',
        sub_district_code: FIXTURE.east.code,
        synthetic: true,
        geom: stPoint([121.42, 31.2]),
        attrs: '{}',
      })
      .execute();
    const second = await get('map.kpis', 'duty2');
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(body);
  });

  it('shows a new order in the next list at once: an order change forgets the kept lists', async () => {
    const before = (await (await get(orderList, 'duty')).json()) as { result: { data: { json: unknown[] } } };
    const { orders } = t.app.services.dispatchHub;
    await orders.create(
      { source: 'city_ops', categoryCode: null, priority: 3, description: '共享读取测试工单', location: [121.42, 31.2] },
      { userId: null, name: 'test', role: 'system', unitId: null },
    );
    const after = (await (await get(orderList, 'duty2')).json()) as { result: { data: { json: Array<{ description: string }> } } };
    expect(after.result.data.json).toHaveLength(before.result.data.json.length + 1);
    expect(after.result.data.json.some((o) => o.description === '共享读取测试工单')).toBe(true);
  });

  it('never gives the kept bytes to a caller without the permission or without a session', async () => {
    expect((await get(orderList, 'duty')).status).toBe(200);
    expect((await get(orderList, 'field')).status).toBe(403);
    expect((await fetch(`${t.baseUrl}/api/trpc/${orderList}`)).status).toBe(401);
  });
});
