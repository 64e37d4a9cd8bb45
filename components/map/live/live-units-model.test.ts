import { describe, expect, it } from 'vitest';
import { encodePositionFrame, FLAG_ONLINE, FLAG_SIMULATED, type PositionRecord } from '@/domain/realtime/position-frame';
import { LiveUnitsModel, type UnitsSnapshot } from './live-units-model';

const SERVER_NOW = Date.parse('2026-11-22T08:00:00Z');

function snapshot(overrides: Partial<UnitsSnapshot> = {}): UnitsSnapshot {
  const unit = (slot: number, id: number, position: [number, number] | null, online: boolean) => ({
    slot,
    id,
    code: `U-${id}`,
    kind: 'sweeper' as const,
    name: `车 ${id}`,
    subDistrictCode: '310105001',
    synthetic: true,
    online,
    position: position ? { lng: position[0], lat: position[1], speedMps: 2, headingDeg: 90, at: SERVER_NOW - 500 } : null,
    lastSeenAt: position ? SERVER_NOW - 500 : null,
    source: position ? ('simulator' as const) : null,
    device: null,
  });
  return {
    epoch: 77,
    sequence: 10,
    serverTime: SERVER_NOW,
    frameIntervalMs: 50,
    offlineAfterSeconds: 60,
    units: [unit(0, 101, [121.41, 31.22], true), unit(1, 102, null, false), unit(2, 103, [121.43, 31.2], true)],
    ...overrides,
  };
}

const frame = (sequence: number, records: Array<Partial<PositionRecord> & { slot: number; lng: number; lat: number }>, epoch = 77) =>
  encodePositionFrame(
    { epoch, sequence, serverTimeMs: SERVER_NOW },
    records.map((r) => ({ speedMps: 3, headingDeg: 45, flags: FLAG_ONLINE | FLAG_SIMULATED, ...r })),
  );

describe('live units model', () => {
  it('lays a snapshot out by slot, with positions as offsets the map can draw', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 0);
    expect(model.count).toBe(3);
    expect(model.units.map((u) => [u.slot, u.id, u.online])).toEqual([
      [0, 101, true],
      [1, 102, false],
      [2, 103, true],
    ]);
    expect(model.positionOf(0)![0]).toBeCloseTo(121.41, 6);
    expect(model.positionOf(0)![1]).toBeCloseTo(31.22, 6);
    expect(model.positionOf(1)).toBeNull();
    expect(model.slotOf(103)).toBe(2);
  });

  it('glides a unit from where it is drawn to its new position over its update interval', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 1000);
    // The snapshot's fix was 500 ms old, so the next one glides over 1000 ms if it comes 500 ms later.
    expect(model.applyFrame(frame(11, [{ slot: 0, lng: 121.412, lat: 31.22 }]), 1500)).toBe('applied');
    expect(model.positionOf(0)![0]).toBeCloseTo(121.41, 6);
    expect(model.advance(2000)).toBe(true);
    expect(model.positionOf(0)![0]).toBeCloseTo(121.411, 6);
    expect(model.advance(2500)).toBe(false);
    expect(model.positionOf(0)![0]).toBeCloseTo(121.412, 6);
    expect(model.speed[0]).toBe(3);
    expect(model.heading[0]).toBe(45);
  });

  it('changes course smoothly when a new position arrives mid-glide', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 1000);
    model.applyFrame(frame(11, [{ slot: 0, lng: 121.412, lat: 31.22 }]), 1500);
    model.advance(2000);
    model.applyFrame(frame(12, [{ slot: 0, lng: 121.412, lat: 31.222 }]), 2000);
    // Starts from the drawn point (121.411, 31.22), not from the previous target, and takes the 500 ms the last update took.
    expect(model.positionOf(0)![0]).toBeCloseTo(121.411, 6);
    model.advance(2250);
    const [lng, lat] = model.positionOf(0)!;
    expect(lng).toBeCloseTo(121.4115, 6);
    expect(lat).toBeCloseTo(31.221, 6);
  });

  it('shows a unit at once where it first appears', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 0);
    model.applyFrame(frame(11, [{ slot: 1, lng: 121.39, lat: 31.21 }]), 100);
    expect(model.positionOf(1)![0]).toBeCloseTo(121.39, 6);
    expect(model.advance(150)).toBe(false);
  });

  it('skips frames it already has and asks for a fresh snapshot after a gap, another epoch or an unknown slot', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 0);
    expect(model.applyFrame(frame(10, [{ slot: 0, lng: 121.5, lat: 31.2 }]), 10)).toBe('old');
    expect(model.positionOf(0)![0]).toBeCloseTo(121.41, 6);
    expect(model.applyFrame(frame(11, [{ slot: 0, lng: 121.41, lat: 31.2 }], 78), 10)).toBe('other-epoch');
    expect(model.applyFrame(frame(13, [{ slot: 0, lng: 121.41, lat: 31.2 }]), 10)).toBe('gap');
    expect(model.sequence).toBe(13);
    expect(model.applyFrame(frame(14, [{ slot: 9, lng: 121.41, lat: 31.2 }]), 10)).toBe('unknown-slot');
  });

  it('follows sequence numbers across the 32-bit wrap', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot({ sequence: 0xffffffff }), 0);
    expect(model.applyFrame(frame(0, [{ slot: 0, lng: 121.41, lat: 31.2 }]), 10)).toBe('applied');
    expect(model.applyFrame(frame(0xfffffffe, [{ slot: 0, lng: 121.41, lat: 31.2 }]), 10)).toBe('old');
  });

  it('marks units offline and online with a new units list (so React sees the change)', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 0);
    const before = model.units;
    const version = model.statusVersion;
    expect(model.setOnline(101, false, SERVER_NOW)).toBe(true);
    expect(model.units).not.toBe(before);
    expect(model.units[0].online).toBe(false);
    expect(model.online[0]).toBe(0);
    expect(model.statusVersion).toBe(version + 1);
    expect(model.setOnline(999, true, SERVER_NOW)).toBe(false);
  });

  it('applies a frame without growing its arrays', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 0);
    const positions = model.positions;
    model.applyFrame(
      frame(11, [
        { slot: 0, lng: 121.41, lat: 31.2 },
        { slot: 2, lng: 121.42, lat: 31.2 },
      ]),
      10,
    );
    expect(model.positions).toBe(positions);
  });
});

describe('a replayed moment on the live units model', () => {
  const fix = (unitId: number, lng: number, lat: number) => ({
    unitId,
    lng,
    lat,
    at: SERVER_NOW - 3_600_000,
    speedMps: 4,
    headingDeg: 0,
    simulated: false,
  });

  it('puts each unit where the history has it, and hides and counts offline a unit without a fix then', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 0);
    model.applyMoment([fix(102, 121.42, 31.21)], 0);
    const near = (p: [number, number] | null, q: [number, number]) => expect(p && Math.hypot(p[0] - q[0], p[1] - q[1])).toBeLessThan(1e-6);
    near(model.positionOf(model.slotOf(102)!), [121.42, 31.21]);
    expect(model.positionOf(model.slotOf(101)!)).toBeNull();
    expect(model.units.map((u) => u.online)).toEqual([false, true, false]);
  });

  it('glides to the next moment while playing, instead of jumping', () => {
    const model = new LiveUnitsModel();
    model.applySnapshot(snapshot(), 0);
    model.applyMoment([fix(101, 121.41, 31.22)], 0);
    model.applyMoment([fix(101, 121.43, 31.22)], 1000, 1000);
    model.advance(1500);
    expect(model.positionOf(model.slotOf(101)!)![0]).toBeCloseTo(121.42, 5);
    model.advance(2000);
    expect(model.positionOf(model.slotOf(101)!)![0]).toBeCloseTo(121.43, 5);
  });
});
