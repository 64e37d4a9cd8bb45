/**
 * The real green spaces, trees and street furniture of Changning from OpenStreetMap (db/seed/data/greening-*.geojson,
 * street-facilities.geojson; © OpenStreetMap contributors, ODbL): parks as their surveyed outlines, every mapped
 * tree, and the 92 public toilets that replace the synthetic ones, with litter bins (环卫), benches and fountains
 * (市容). Positions are stored as surveyed; each is filed under the sub-district whose placement area holds it
 * (a park by its label point), else the one the source names. OSM rarely names a toilet or a tree, so those are
 * named by their nearest 门牌 from the gazetteer.
 */
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { isInArea } from '@/geo/area';
import type { LngLat } from '@/geo/lnglat';
import { loadGreeningParks, loadGreeningTrees, loadStreetFacilities, type OsmFeature } from '../data-files';
import type { GazetteerAddress, SeedContext, SubDistrictSeed } from '../context';
import type { PlannedFacility } from './planned-facility';

export const OSM_SOURCE = 'OpenStreetMap（ODbL）';

/** OSM fclass → what a park outline is, in the words the bureau uses. */
const PARK_TYPE: Record<string, string> = { park: '公园绿地', zoo: '动物园', playground: '儿童游乐场' };

/** Street furniture by OSM fclass: the kind it becomes, its code prefix and what to call one without a name. */
const STREET_KIND: Record<string, { kind: PlannedFacility['kind']; prefix: string; noun: string; type?: string }> = {
  toilet: { kind: 'toilet', prefix: 'WC', noun: '公厕' },
  waste_basket: { kind: 'litter_bin', prefix: 'BIN', noun: '废物箱', type: '废物箱' },
  recycling: { kind: 'litter_bin', prefix: 'BIN', noun: '可回收物回收点', type: '可回收物' },
  recycling_clothes: { kind: 'litter_bin', prefix: 'BIN', noun: '旧衣回收箱', type: '旧衣物' },
  bench: { kind: 'bench', prefix: 'BENCH', noun: '座椅' },
  fountain: { kind: 'fountain', prefix: 'FTN', noun: '喷泉', type: '景观喷泉' },
  drinking_water: { kind: 'fountain', prefix: 'FTN', noun: '直饮水点', type: '直饮水' },
};

/** Gazetteer doorplates further than this are no help in naming a place. */
const NAMING_RADIUS_M = 400;

const METERS_PER_DEGREE = 111_320;

/** Squared metres between two nearby points (equirectangular; fine within a district). */
function squaredMeters(a: LngLat, b: LngLat): number {
  const dx = (a[0] - b[0]) * METERS_PER_DEGREE * Math.cos((a[1] * Math.PI) / 180);
  const dy = (a[1] - b[1]) * METERS_PER_DEGREE;
  return dx * dx + dy * dy;
}

function nearestAddress(context: SeedContext, at: LngLat): GazetteerAddress | null {
  let best: GazetteerAddress | null = null;
  let bestDistance = NAMING_RADIUS_M ** 2;
  for (const address of context.gazetteer) {
    const d = squaredMeters(at, address.lngLat);
    if (d < bestDistance) [best, bestDistance] = [address, d];
  }
  return best;
}

/**
 * The sub-district holding a point; where none does (the published sub-district outlines leave slivers between
 * them and at the district's edge), the one the source names, else the one of the nearest gazetteer address.
 */
function subDistrictAt(context: SeedContext, at: LngLat, sourceName: unknown): SubDistrictSeed {
  const holding = context.subDistricts.find((s) => isInArea(at, s.placementArea));
  if (holding) return holding;
  const named = context.subDistricts.find((s) => s.name === sourceName);
  if (named) return named;
  let nearest: GazetteerAddress | null = null;
  for (const address of context.gazetteer) {
    if (address.subDistrictCode && (!nearest || squaredMeters(at, address.lngLat) < squaredMeters(at, nearest.lngLat))) nearest = address;
  }
  const found = context.subDistricts.find((s) => s.code === nearest?.subDistrictCode);
  if (!found) throw new Error(`OSM feature at ${at.join(',')} lies near no sub-district of Changning`);
  return found;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

function nearName(noun: string, address: GazetteerAddress | null, sub: SubDistrictSeed): string {
  return address ? `${noun}（近${address.address}）` : `${noun}（${sub.shortName}）`;
}

export function planParks(context: SeedContext): PlannedFacility[] {
  return loadGreeningParks().map((feature) => {
    const p = feature.properties;
    const labelPoint: LngLat = [Number(p.label_lon), Number(p.label_lat)];
    const sub = subDistrictAt(context, labelPoint, p.subdistrict);
    const name = text(p.name);
    const type = PARK_TYPE[String(p.fclass)] ?? '公园绿地';
    return {
      kind: 'park',
      code: `PARK-${p.osm_id}`,
      name: name ?? nearName(type === '儿童游乐场' ? '游乐场' : '绿地', nearestAddress(context, labelPoint), sub),
      address: null,
      subDistrictCode: sub.code,
      status: 'open',
      attrs: { type, osm_id: String(p.osm_id), source: OSM_SOURCE, named: name !== null },
      synthetic: false,
      geocodeQuality: null,
      geometry: feature.geometry as Polygon | MultiPolygon,
    };
  });
}

export function planTrees(context: SeedContext): PlannedFacility[] {
  return loadGreeningTrees().map((feature) => {
    const p = feature.properties;
    const at = pointOf(feature);
    const sub = subDistrictAt(context, at, p.subdistrict);
    const park = text(p.in_park);
    return {
      kind: 'tree',
      code: `TREE-${p.osm_id}`,
      name: park ? `树木（${park}）` : nearName('树木', nearestAddress(context, at), sub),
      address: null,
      subDistrictCode: sub.code,
      status: 'normal',
      attrs: { in_park: park, osm_id: String(p.osm_id), source: OSM_SOURCE },
      synthetic: false,
      geocodeQuality: null,
      geometry: feature.geometry as Point,
    };
  });
}

/** Public toilets, litter bins and recycling points, benches, fountains and the drinking-water point. */
export function planStreetFacilities(context: SeedContext): PlannedFacility[] {
  return loadStreetFacilities().flatMap((feature) => {
    const p = feature.properties;
    const meaning = STREET_KIND[String(p.fclass)];
    if (!meaning) return [];
    const at = pointOf(feature);
    const sub = subDistrictAt(context, at, p.subdistrict);
    const address = nearestAddress(context, at);
    const planned: PlannedFacility = {
      kind: meaning.kind,
      code: `${meaning.prefix}-${p.osm_id}`,
      name: text(p.name) ?? nearName(meaning.noun, address, sub),
      address: null,
      subDistrictCode: sub.code,
      status: meaning.kind === 'toilet' ? 'open' : 'normal',
      attrs: {
        ...(meaning.type ? { type: meaning.type } : {}),
        osm_id: String(p.osm_id),
        source: OSM_SOURCE,
        // The nearest 门牌 names the place; it is not the facility's own postal address.
        ...(address ? { near_address: address.address } : {}),
      },
      synthetic: false,
      geocodeQuality: null,
      geometry: feature.geometry as Point,
    };
    return [planned];
  });
}

function pointOf(feature: OsmFeature): LngLat {
  if (feature.geometry.type !== 'Point') throw new Error(`OSM ${String(feature.properties.osm_id)} is not a point`);
  const [lng, lat] = feature.geometry.coordinates;
  return [lng, lat];
}

/** Everything of 绿化 and the street furniture, in a stable order. */
export function planGreening(context: SeedContext): PlannedFacility[] {
  return [...planParks(context), ...planTrees(context), ...planStreetFacilities(context)];
}
