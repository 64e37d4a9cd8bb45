import { describe, expect, it } from 'vitest';
import type { DayPartition } from './partitions.repository';
import { planRetention } from './retention';

const part = (day: string, flags: Partial<DayPartition> = {}): DayPartition => ({
  name: `unit_positions_d${day.replaceAll('-', '')}`,
  day,
  thinned: false,
  ordered: false,
  packed: false,
  ...flags,
});
const settings = { fullDays: 3, thinDays: 2, aheadDays: 0 };
const plan = (today: string, parts: DayPartition[]) =>
  planRetention(today, parts, settings, 1).map((a) => `${a.kind} ${'day' in a ? a.day : a.partition.day}`);

describe('planRetention: ordering closed days', () => {
  it('orders one closed day a round, the newest first, never today, a packed thinned or ordered day', () => {
    const parts = [part('2026-12-01'), part('2026-12-02'), part('2026-12-03'), part('2026-12-04'), part('2026-12-05')];
    expect(plan('2026-12-05', parts)).toEqual(['thin 2026-12-01', 'thin 2026-12-02', 'order 2026-12-04']);
    Object.assign(parts[3], { ordered: true, packed: true });
    expect(plan('2026-12-05', parts)).toEqual(['thin 2026-12-01', 'thin 2026-12-02', 'order 2026-12-03']);
    Object.assign(parts[2], { ordered: true, packed: true });
    expect(plan('2026-12-05', [part('2026-12-02', { thinned: true, packed: true }), ...parts.slice(2)])).toEqual([]);
  });

  it('packs a day ordered or thinned before packed days existed, one a round, the newest first', () => {
    const parts = [part('2026-12-03', { thinned: true }), part('2026-12-04', { ordered: true }), part('2026-12-05')];
    expect(plan('2026-12-05', parts)).toEqual(['order 2026-12-04']);
    parts[1].packed = true;
    expect(plan('2026-12-05', parts)).toEqual(['order 2026-12-03']);
    parts[0].packed = true;
    expect(plan('2026-12-05', parts)).toEqual([]);
  });

  it('waits for POSITION_ORDER_HOUR (Shanghai) before ordering', () => {
    const parts = [part('2026-12-04'), part('2026-12-05')];
    expect(planRetention('2026-12-05', parts, { ...settings, orderFromHour: 3 }, 2)).toEqual([]);
    // Not in the first quarter hour after midnight, whatever the setting: the day's last fixes land first.
    expect(planRetention('2026-12-05', parts, settings, 0.2)).toEqual([]);
    expect(planRetention('2026-12-05', parts, settings, 0.25)).toMatchObject([{ kind: 'order', partition: { day: '2026-12-04' } }]);
    expect(planRetention('2026-12-05', parts, { ...settings, orderFromHour: 3 }, 3)).toMatchObject([
      { kind: 'order', partition: { day: '2026-12-04' } },
    ]);
  });
});
