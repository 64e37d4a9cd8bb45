import { describe, expect, it } from 'vitest';
import { trendByDay } from './alarm-trend-rows';

describe('alarm trend rows', () => {
  it('has every day of the period, quiet days at zero, a column per type', () => {
    const rows = [
      { day: '2026-12-01', type: 'kiosk.offline', count: 2 },
      { day: '2026-12-03', type: 'kiosk.offline', count: 1 },
      { day: '2026-12-03', type: 'light.lamp_failure', count: 4 },
    ];
    const { types, data } = trendByDay(rows, ['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(types).toEqual(['kiosk.offline', 'light.lamp_failure']);
    expect(data).toEqual([
      { day: '12-01', 'kiosk.offline': 2, 'light.lamp_failure': 0 },
      { day: '12-02', 'kiosk.offline': 0, 'light.lamp_failure': 0 },
      { day: '12-03', 'kiosk.offline': 1, 'light.lamp_failure': 4 },
    ]);
  });

  it('leaves out counts of days outside the period', () => {
    expect(trendByDay([{ day: '2026-11-30', type: 'kiosk.offline', count: 9 }], ['2026-12-01']).data).toEqual([
      { day: '12-01', 'kiosk.offline': 0 },
    ]);
  });
});
