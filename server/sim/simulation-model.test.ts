import { readFileSync } from 'node:fs';
import { bboxClip, lineString } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { UnitKind } from '@/db/schema';
import type { LngLat } from '@/db/st';
import { metresBetween } from './local-geometry';
import { MOTION_PROFILES } from './motion-profiles';
import { type SimUnitSpec, SimulationModel, type SimWorld } from './simulation-model';

// The real Changning data the product seeds from: elevated/major roads and community sites (居委会 etc.).
const DISTRICT_BBOX: [number, number, number, number] = [121.3272662, 31.1797151, 121.4348422, 31.2458759];
const PAD = 0.003;
const CLIP: [number, number, number, number] = [
  DISTRICT_BBOX[0] - PAD,
  DISTRICT_BBOX[1] - PAD,
  DISTRICT_BBOX[2] + PAD,
  DISTRICT_BBOX[3] + PAD,
];

function loadWorld(): SimWorld {
  const read = (name: string) => JSON.parse(readFileSync(new URL(`../../db/seed/data/${name}`, import.meta.url), 'utf8'));
  const roads: LngLat[][] = [];
  for (const feature of read('major-roads.geojson').features) {
    const parts: number[][][] = feature.geometry.type === 'LineString' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const part of parts) {
      const clipped = bboxClip(lineString(part), CLIP).geometry;
      const pieces = (clipped.type === 'LineString' ? [clipped.coordinates] : clipped.coordinates) as number[][][];
      for (const piece of pieces) if (piece.length >= 2) roads.push(piece.map(([lng, lat]) => [lng, lat] as const));
    }
  }
  const places = read('community-sites.geojson').features.map(
    (f: { geometry: { coordinates: LngLat }; properties: { township: string } }) => ({
      lngLat: f.geometry.coordinates,
      subDistrictCode: f.properties.township,
    }),
  );
  return { roads, places };
}

const world = loadWorld();
const KINDS: UnitKind[] = [
  'sweeper',
  'washer',
  'compactor',
  'toilet_service',
  'lighting_repair',
  'patrol_officer',
  'handler',
  'duty_officer',
];
const units: SimUnitSpec[] = Array.from({ length: 80 }, (_, i) => ({
  id: i + 1,
  kind: KINDS[i % KINDS.length],
  subDistrictCode: '新华路街道',
  start: null,
}));

function run(
  seed: number,
  seconds: number,
  visit: (unit: SimUnitSpec, prev: LngLat, sample: { lng: number; lat: number; speedMps: number }) => void,
) {
  const model = new SimulationModel(world, units, seed);
  const last: LngLat[] = units.map((_, i) => {
    const s = model.advance(i, 0)!;
    return [s.lng, s.lat];
  });
  for (let t = 0; t < seconds; t++) {
    units.forEach((unit, i) => {
      const sample = model.advance(i, 1)!;
      visit(unit, last[i], sample);
      last[i] = [sample.lng, sample.lat];
    });
  }
}

describe('simulation model on the real Changning roads and places', () => {
  it('keeps every unit inside the district (with the 300 m road margin) for an hour', () => {
    let outside = 0;
    run(7, 3600, (_, __, s) => {
      if (s.lng < CLIP[0] || s.lng > CLIP[2] || s.lat < CLIP[1] || s.lat > CLIP[3]) outside++;
    });
    expect(outside).toBe(0);
  });

  it('moves each kind at its working speed: never faster than its top speed, typically within its range', () => {
    const moving = new Map<UnitKind, number[]>();
    const violations: string[] = [];
    run(11, 1800, (unit, prev, s) => {
      const top = MOTION_PROFILES[unit.kind].maxKmh / 3.6;
      if (s.speedMps > top + 1e-9) violations.push(`${unit.kind} at ${s.speedMps} m/s`);
      // Straight-line displacement in one second cannot exceed the distance driven at the reported speed.
      const metres = metresBetween(prev, [s.lng, s.lat]);
      if (metres > s.speedMps + 0.01) violations.push(`${unit.kind} moved ${metres} m at ${s.speedMps} m/s`);
      if (s.speedMps > 0) {
        if (!moving.has(unit.kind)) moving.set(unit.kind, []);
        moving.get(unit.kind)!.push(s.speedMps * 3.6);
      }
    });
    expect(violations).toEqual([]);
    for (const kind of KINDS) {
      const kmh = moving.get(kind)!.sort((a, b) => a - b);
      const median = kmh[Math.floor(kmh.length / 2)];
      expect(median, kind).toBeGreaterThanOrEqual(MOTION_PROFILES[kind].minKmh);
      expect(median, kind).toBeLessThanOrEqual(MOTION_PROFILES[kind].maxKmh);
    }
  });

  it('actually goes places: vehicles cover kilometres in half an hour, staff hundreds of metres', () => {
    const travelled = new Map<number, number>();
    run(3, 1800, (unit, prev, s) => travelled.set(unit.id, (travelled.get(unit.id) ?? 0) + metresBetween(prev, [s.lng, s.lat])));
    for (const unit of units) {
      const metres = travelled.get(unit.id)!;
      if (MOTION_PROFILES[unit.kind].mode === 'road') expect(metres, unit.kind).toBeGreaterThan(1500);
      else expect(metres, unit.kind).toBeGreaterThan(300);
    }
  });

  it('replays the same movements for the same seed and different ones for another', () => {
    const trace = (seed: number) => {
      const out: number[] = [];
      run(seed, 120, (_, __, s) => out.push(s.lng, s.lat));
      return out;
    };
    expect(trace(5)).toEqual(trace(5));
    expect(trace(6)).not.toEqual(trace(5));
  });

  it('reports collection rounds of compactors only, with their length', () => {
    const model = new SimulationModel(
      world,
      [
        { id: 1, kind: 'compactor', subDistrictCode: 'x', start: null },
        { id: 2, kind: 'sweeper', subDistrictCode: 'x', start: null },
      ],
      1,
    );
    const rounds: number[][] = [[], []];
    for (let t = 0; t < 4 * 3600; t++) {
      for (const i of [0, 1]) {
        const km = model.advance(i, 1)!.finishedRoundKm;
        if (km !== null) rounds[i].push(km);
      }
    }
    expect(rounds[0].length).toBeGreaterThan(2);
    for (const km of rounds[0]) expect(km).toBeGreaterThanOrEqual(8);
    expect(rounds[1]).toEqual([]);
  });

  it('cannot place units in an empty world, and says so instead of inventing positions', () => {
    const model = new SimulationModel({ roads: [], places: [] }, units.slice(0, 2), 1);
    expect(model.canMove(0)).toBe(false);
    expect(model.advance(0, 1)).toBeNull();
  });
});
