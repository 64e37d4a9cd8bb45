import { describe, expect, it } from 'vitest';
import { decodePositionFrame, encodePositionFrame, FLAG_ONLINE, FLAG_SIMULATED } from '@/domain/realtime/position-frame';
import { LiveRegistry } from './live-registry';
import type { LiveUnitRow } from './units.repository';

const T0 = Date.parse('2026-11-22T08:00:00Z');
const OFFLINE_MS = 60_000;

function row(id: number, overrides: Partial<LiveUnitRow> = {}): LiveUnitRow {
  return {
    id,
    code: `U-${id}`,
    kind: 'sweeper',
    name: `扫路车 ${id}`,
    sub_district_code: '310105001',
    district_code: '310105',
    synthetic: false,
    device_key_hash: null,
    device_report: null,
    speed_mps: null,
    heading_deg: null,
    last_seen_at: null,
    lng: null,
    lat: null,
    ...overrides,
  };
}
const fix = (lng: number, at: number) => ({ lng, lat: 31.2, recordedAt: at, speedMps: 1.5, headingDeg: 90 });

describe('live registry', () => {
  it('numbers each district’s units from 0 for its own walls, and again when a unit moves district', () => {
    const registry = new LiveRegistry(OFFLINE_MS);
    const other = { sub_district_code: '310104001', district_code: '310104' };
    expect(registry.merge([row(1), row(2, other), row(3), row(4, other)], T0)).toEqual({ districtsRenumbered: false });
    const slots = (district?: string) => registry.toSnapshotUnits(district).map((u) => [u.id, u.slot]);
    expect(slots()).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(slots('310105')).toEqual([
      [1, 0],
      [3, 1],
    ]);
    expect(slots('310104')).toEqual([
      [2, 0],
      [4, 1],
    ]);
    // A unit added later gets the next slot of its district.
    registry.merge([row(5, other)], T0);
    expect(slots('310104')).toEqual([
      [2, 0],
      [4, 1],
      [5, 2],
    ]);
    // Unit 3 moves to the other district: both districts are numbered again.
    expect(registry.merge([row(3, other)], T0)).toEqual({ districtsRenumbered: true });
    expect(slots('310105')).toEqual([[1, 0]]);
    expect(slots('310104')).toEqual([
      [2, 0],
      [3, 1],
      [4, 2],
      [5, 3],
    ]);
  });

  it('gives slots in load order and keeps them when units are added later', () => {
    const registry = new LiveRegistry(OFFLINE_MS);
    registry.merge([row(7), row(3)], T0);
    registry.merge([row(3, { name: '改名' }), row(9)], T0);
    expect(registry.all().map((u) => [u.slot, u.id])).toEqual([
      [0, 7],
      [1, 3],
      [2, 9],
    ]);
    expect(registry.byUnitId(3)?.name).toBe('改名');
  });

  it('loads units seen recently as online and silent or never-seen ones as offline', () => {
    const registry = new LiveRegistry(OFFLINE_MS);
    registry.merge(
      [
        row(1, { lng: 121.4, lat: 31.2, last_seen_at: new Date(T0 - 10_000) }),
        row(2, { lng: 121.4, lat: 31.2, last_seen_at: new Date(T0 - 61_000) }),
        row(3),
      ],
      T0,
    );
    expect(registry.toSnapshotUnits().map((u) => u.online)).toEqual([true, false, false]);
  });

  it('marks a unit offline once silent for the offline threshold, not a moment before, and online again on its next report', () => {
    const registry = new LiveRegistry(OFFLINE_MS);
    registry.merge([row(1)], T0);
    const unit = registry.byUnitId(1)!;
    expect(registry.apply(unit, fix(121.41, T0), 'device', T0).cameOnline).toBe(true);
    expect(registry.sweepOffline(T0 + OFFLINE_MS - 1)).toEqual([]);
    expect(registry.sweepOffline(T0 + OFFLINE_MS).map((u) => u.id)).toEqual([1]);
    expect(unit.online).toBe(false);
    expect(registry.sweepOffline(T0 + 2 * OFFLINE_MS)).toEqual([]);
    expect(registry.apply(unit, fix(121.42, T0 + 70_000), 'device', T0 + 70_000).cameOnline).toBe(true);
    expect(unit.online).toBe(true);
  });

  it('puts each moved unit once in the next frame, at its latest position, and nothing twice', () => {
    const registry = new LiveRegistry(OFFLINE_MS);
    registry.merge([row(1), row(2), row(3)], T0);
    const [a, , c] = registry.all();
    registry.apply(a, fix(121.41, T0), 'device', T0);
    registry.apply(c, fix(121.43, T0), 'simulator', T0);
    registry.apply(a, fix(121.415, T0 + 500), 'device', T0 + 500);
    const records = registry.takeFrameRecords();
    expect(records.map((r) => [r.slot, r.lng, r.flags])).toEqual([
      [0, 121.415, FLAG_ONLINE],
      [2, 121.43, FLAG_ONLINE | FLAG_SIMULATED],
    ]);
    expect(registry.takeFrameRecords()).toEqual([]);
    const frame = decodePositionFrame(encodePositionFrame({ epoch: 1, sequence: 1, serverTimeMs: T0 }, records));
    expect(frame.records[0].lng).toBeCloseTo(121.415, 7);
  });

  it('keeps a late, older fix out of the live position (it only proves the unit is alive)', () => {
    const registry = new LiveRegistry(OFFLINE_MS);
    registry.merge([row(1)], T0);
    const unit = registry.byUnitId(1)!;
    registry.apply(unit, fix(121.42, T0), 'device', T0);
    registry.takeFrameRecords();
    expect(registry.apply(unit, fix(121.41, T0 - 30_000), 'device', T0 + 1000).outcome).toBe('stale');
    expect(unit.lng).toBe(121.42);
    expect(unit.lastSeenAt).toBe(T0 + 1000);
    expect(registry.takeFrameRecords()).toEqual([]);
  });

  it('hands out changed last positions for saving once, and takes failed ones back', () => {
    const registry = new LiveRegistry(OFFLINE_MS);
    registry.merge([row(1), row(2)], T0);
    registry.apply(registry.byUnitId(2)!, fix(121.42, T0), 'device', T0 + 5);
    const rows = registry.takePersistRows();
    expect(rows).toEqual([{ unitId: 2, lng: 121.42, lat: 31.2, speedMps: 1.5, headingDeg: 90, seenAt: new Date(T0 + 5) }]);
    expect(registry.takePersistRows()).toEqual([]);
    registry.restorePersistRows(rows);
    expect(registry.takePersistRows()).toHaveLength(1);
  });
});
