/**
 * Landscape lighting (景观灯光): lines of lights along the major roads, and clusters at landmarks (metro
 * stations, office towers). Each string of lights shares a circuit; a small, fixed share is at fault.
 */
import { isInArea } from '@/geo/area';
import { lineLengthMeters, pointAlongLine } from '@/geo/lines';
import type { LngLat } from '@/geo/lnglat';
import { offsetLngLat } from '@/geo/offset';
import type { Random } from '@/geo/random';
import { apportion } from '../apportion';
import type { SeedContext, SubDistrictSeed } from '../context';
import { placeNear, sequenceCode } from '../placement';
import { pointGeometry, type PlannedFacility } from './planned-facility';

export const LIGHT_COUNT = 2000;
/** Share of the lights strung along roads; the rest cluster at landmarks. */
const ALONG_ROADS_SHARE = 0.65;
export const FAULT_SHARE = 0.04;
const OFF_SHARE = 0.08;
/** Lights per circuit along a road. */
const LIGHTS_PER_CIRCUIT = 30;
/** Office towers and centres that get a cluster of lights each, besides the metro stations. */
const LANDMARK_BUILDINGS = 40;
const LANDMARK_BUILDING_NAME = /大厦|广场|中心|大楼|园区|商务|国际|酒店/;
/** Service centres of the sub-districts are offices, not lit-up towers. */
const NOT_A_TOWER = /党建服务中心|法人服务中心/;

type LightType = '泛光' | '轮廓' | 'LED屏' | '路灯景观';
const NOUN: Record<LightType, string> = { 泛光: '泛光灯', 轮廓: '轮廓灯', LED屏: 'LED屏', 路灯景观: '景观路灯' };
const POWER_W: Record<LightType, [number, number]> = { 泛光: [150, 400], 轮廓: [18, 72], LED屏: [2000, 6000], 路灯景观: [60, 150] };

interface Landmark {
  sub: SubDistrictSeed;
  name: string;
  address: string;
  lngLat: LngLat;
  weight: number;
}

interface PlannedLight {
  sub: SubDistrictSeed;
  place: string;
  address: string;
  type: LightType;
  circuit: string;
  lngLat: LngLat;
}

function circuitCode(sub: SubDistrictSeed, number: number): string {
  return `CN${sub.code.slice(-3)}-${String(number).padStart(2, '0')}`;
}

/** Lights spaced along every road stretch, set back 6–20 m to one side of the carriageway. */
function lightsAlongRoads(
  context: SeedContext,
  random: Random,
  count: number,
  nextCircuit: (sub: SubDistrictSeed) => string,
): PlannedLight[] {
  const totalLength = context.subDistricts.reduce((sum, sub) => sum + sub.roadStretches.reduce((s, r) => s + r.lengthMeters, 0), 0);
  const spacing = totalLength / count;
  const lights: PlannedLight[] = [];
  for (const sub of context.subDistricts) {
    for (const stretch of sub.roadStretches) {
      const length = lineLengthMeters(stretch.line);
      const n = Math.round(length / spacing);
      let circuit = nextCircuit(sub);
      for (let i = 0; i < n; i++) {
        if (i > 0 && i % LIGHTS_PER_CIRCUIT === 0) circuit = nextCircuit(sub);
        const { lngLat: onRoad, headingDeg } = pointAlongLine(stretch.line, ((i + random.range(0.3, 0.7)) * length) / n);
        const side = random.chance(0.5) ? 90 : -90;
        const setBack = random.range(6, 20);
        const position = [offsetLngLat(onRoad, setBack, headingDeg + side), offsetLngLat(onRoad, setBack, headingDeg - side), onRoad].find(
          (p) => isInArea(p, sub.placementArea),
        );
        if (!position) continue;
        const type: LightType = random.chance(0.65) ? '路灯景观' : '轮廓';
        lights.push({ sub, place: stretch.name, address: stretch.name, type, circuit, lngLat: position });
      }
    }
  }
  return lights;
}

function landmarksOf(context: SeedContext, random: Random): Landmark[] {
  const landmarks: Landmark[] = [];
  for (const sub of context.subDistricts) {
    for (const station of context.metroStations) {
      if (!isInArea(station.lngLat, sub.placementArea)) continue;
      landmarks.push({ sub, name: `${station.name}站`, address: `地铁${station.name}站`, lngLat: station.lngLat, weight: 2 });
    }
  }
  // The gazetteer lists the party-service point in a tower ("光华大厦党建服务点"); the tower is the landmark.
  const towers = context.subDistricts.flatMap((sub) =>
    sub.addresses
      .filter((a) => a.categoryZh === '党建服务站点' && LANDMARK_BUILDING_NAME.test(a.name) && !NOT_A_TOWER.test(a.name))
      .map((a) => ({ sub, name: a.name.replace(/党建服务点$/, ''), address: a.address, lngLat: a.lngLat, weight: 1 })),
  );
  // One cluster per building, however many sites the gazetteer lists in it.
  const distinct = [...new Map(towers.map((t) => [t.name, t])).values()];
  return [...landmarks, ...random.shuffle(distinct).slice(0, LANDMARK_BUILDINGS)];
}

/** Clusters of lights within 40 m of each landmark, bigger at metro stations. */
function lightsAtLandmarks(
  context: SeedContext,
  random: Random,
  count: number,
  nextCircuit: (sub: SubDistrictSeed) => string,
): PlannedLight[] {
  const landmarks = landmarksOf(context, random);
  const sizes = apportion(
    count,
    landmarks.map((l) => l.weight),
    1,
  );
  const lights: PlannedLight[] = [];
  landmarks.forEach((landmark, i) => {
    const circuit = nextCircuit(landmark.sub);
    for (let k = 0; k < sizes[i]; k++) {
      const position = placeNear(landmark.lngLat, landmark.sub.placementArea, random, { minMeters: 3, maxMeters: 40 });
      if (!position) continue;
      const type = random.pickWeighted<LightType>(['泛光', '轮廓', 'LED屏'], [0.5, 0.35, 0.15]);
      lights.push({ sub: landmark.sub, place: landmark.name, address: landmark.address, type, circuit, lngLat: position });
    }
  });
  return lights;
}

export function planLights(context: SeedContext, random: Random): PlannedFacility[] {
  const circuitsUsed = new Map<string, number>();
  const nextCircuit = (sub: SubDistrictSeed) => {
    const number = (circuitsUsed.get(sub.code) ?? 0) + 1;
    circuitsUsed.set(sub.code, number);
    return circuitCode(sub, number);
  };
  const alongRoads = lightsAlongRoads(context, random.fork('roads'), Math.round(LIGHT_COUNT * ALONG_ROADS_SHARE), nextCircuit);
  const atLandmarks = lightsAtLandmarks(context, random.fork('landmarks'), LIGHT_COUNT - alongRoads.length, nextCircuit);
  const subOrder = new Map(context.subDistricts.map((s, i) => [s.code, i]));
  const lights = [...alongRoads, ...atLandmarks].sort((a, b) => subOrder.get(a.sub.code)! - subOrder.get(b.sub.code)!);

  // Exact shares of faults and lights switched off, spread at random.
  const order = random.shuffle(lights.map((_, i) => i));
  const faults = new Set(order.slice(0, Math.round(lights.length * FAULT_SHARE)));
  const off = new Set(order.slice(faults.size, faults.size + Math.round(lights.length * OFF_SHARE)));
  const perPlace = new Map<string, number>();

  return lights.map((light, i) => {
    const number = (perPlace.get(light.place) ?? 0) + 1;
    perPlace.set(light.place, number);
    const [fewestWatts, mostWatts] = POWER_W[light.type];
    return {
      kind: 'light',
      code: sequenceCode('LIGHT', i + 1),
      name: `${light.place}${NOUN[light.type]} ${number}号`,
      address: light.address,
      subDistrictCode: light.sub.code,
      status: faults.has(i) ? 'fault' : off.has(i) ? 'off' : 'on',
      attrs: { type: light.type, circuit: light.circuit, power_w: random.int(fewestWatts, mostWatts) },
      synthetic: true,
      geocodeQuality: null,
      geometry: pointGeometry(light.lngLat),
    };
  });
}
