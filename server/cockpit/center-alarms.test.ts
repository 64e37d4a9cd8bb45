import { describe, expect, it } from 'vitest';
import { centerAlarms } from './center-alarms';

const now = new Date('2026-11-22T02:00:00Z');
const at = new Date('2026-11-22T01:59:00Z');

describe('centerAlarms', () => {
  it('raises environment levels over their limit, faults and open anomalies, critical first', () => {
    const alarms = centerAlarms({
      environment: [
        { monitorCode: 'HJ-1', monitorName: '东厂界', metric: 'h2s_mg_m3', value: 0.07, at },
        { monitorCode: 'HJ-1', monitorName: '东厂界', metric: 'nh3_mg_m3', value: 1.4, at },
        { monitorCode: 'HJ-2', monitorName: '西厂界', metric: 'h2s_mg_m3', value: 0.1, at },
      ],
      equipment: [
        { code: 'CD-4', name: '4#充电桩', status: 'fault' },
        { code: 'SS-2', name: '2#输送线', status: 'maintenance' },
      ],
      anomalies: [
        {
          id: 1,
          equipmentCode: 'NH-2',
          equipmentName: '车间电表',
          metric: 'electricity_kwh',
          status: 'assigned',
          observedPerHour: 400,
          baselinePerHour: 260,
          raisedAt: at,
        },
        {
          id: 2,
          equipmentCode: 'NH-1',
          equipmentName: '总电表',
          metric: 'electricity_kwh',
          status: 'rectified',
          observedPerHour: 900,
          baselinePerHour: 420,
          raisedAt: at,
        },
      ],
      now,
    });
    expect(alarms.map((a) => [a.key, a.severity])).toEqual([
      ['equipment:CD-4', 'critical'],
      ['env:HJ-2:h2s_mg_m3', 'critical'],
      ['env:HJ-1:h2s_mg_m3', 'warning'],
      ['energy:1', 'warning'],
    ]);
    expect(alarms.find((a) => a.key === 'env:HJ-1:h2s_mg_m3')).toMatchObject({ limit: 0.06, unit: 'mg/m³' });
  });
});
