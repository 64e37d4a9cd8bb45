import { describe, expect, it } from 'vitest';
import { createRandom } from '@/geo/random';
import { shanghaiDay, shanghaiDayStart } from '@/domain/shanghai-time';
import { fillTrend, TREND_DAYS } from '@/server/summary/leader-summary';
import { planOrderHistory } from './order-history';

// Friday 2026-12-04 10:00 in Shanghai.
const NOW = new Date('2026-12-04T02:00:00Z');
const categories = [
  { code: 'sanitation.bin_overflow', name_zh: '垃圾满溢', default_priority: 2 },
  { code: 'lighting.not_lit', name_zh: '路灯不亮', default_priority: 3 },
];
const places = [
  { address: '长宁路1000号', subDistrictCode: '310105001', lng: 121.42, lat: 31.22 },
  { address: '天山路500号', subDistrictCode: '310105002', lng: 121.4, lat: 31.21 },
];
const plan = (seed: string) => planOrderHistory({ now: NOW, categories, places, random: createRandom(seed) });

describe('the demo order history', () => {
  it('is the same for the same seed and start, and another for another seed', () => {
    expect(plan('a')).toEqual(plan('a'));
    expect(plan('b')).not.toEqual(plan('a'));
  });

  it('fills every day of the trend before today, finished mostly on time, some late, some cancelled, none after now', () => {
    const orders = plan('onemap');
    const received = new Map<string, number>();
    for (const o of orders) received.set(o.day, (received.get(o.day) ?? 0) + 1);
    // Every past day of the leaders' 14-day trend has orders; today's are the live ones.
    const trend = fillTrend(
      [...received].map(([day, n]) => ({ day, received: n, closed: 0 })),
      NOW,
    );
    expect(trend.slice(0, TREND_DAYS - 1).every((d) => d.received >= 10)).toBe(true);
    expect(trend.at(-1)?.received).toBe(0);
    expect(orders.every((o) => o.receivedAt < shanghaiDayStart(NOW) && o.closedAt < NOW)).toBe(true);
    expect(orders.every((o) => shanghaiDay(o.receivedAt) === o.day)).toBe(true);

    const cancelled = orders.filter((o) => o.status === 'voided');
    const late = orders.filter((o) => o.late);
    expect(cancelled.length / orders.length).toBeGreaterThan(0.02);
    expect(cancelled.length / orders.length).toBeLessThan(0.12);
    expect(late.length / orders.length).toBeGreaterThan(0.08);
    expect(late.length / orders.length).toBeLessThan(0.25);
    // A cancelled order was never resolved; a late one was resolved after its limit, an on-time one before.
    expect(cancelled.every((o) => o.resolvedAt === null)).toBe(true);
    expect(late.every((o) => o.status === 'closed' && o.resolvedAt! > o.resolveBy)).toBe(true);
    expect(orders.filter((o) => o.status === 'closed' && !o.late).every((o) => o.resolvedAt! <= o.resolveBy)).toBe(true);
  });
});
