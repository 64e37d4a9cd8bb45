/**
 * Everything the seed modules share, worked out once in memory before anything is written: the boundaries, the
 * area each sub-district may hold seeded things in, the gazetteer with its sub-districts, the major-road
 * stretches inside each sub-district, and the geocoder. Pure: reads the bundled data files, touches no database.
 */
import { areaSquareMeters, intersectAreas, isInArea, type AreaGeometry } from '@/geo/area';
import { parseAddress } from '@/geo/address';
import { createGazetteerGeocoder, type Geocode } from '@/geo/gazetteer-geocoder';
import { clipLineToArea, lineLengthMeters, polylinesOf, type Polyline } from '@/geo/lines';
import type { LngLat } from '@/geo/lnglat';
import {
  loadCommunitySites,
  loadDistrict,
  loadKiosks,
  loadMajorRoads,
  loadMetroLines,
  loadMetroStations,
  loadSubDistricts,
  type CommunitySite,
  type DistrictBoundary,
  type KioskRecord,
  type MajorRoad,
  type MetroLine,
  type MetroStation,
} from './data-files';
import { shortSubDistrictName, SUB_DISTRICT_NAMES_EN } from './sub-district-names';

/** A gazetteer point with its parsed doorplate and the sub-district it lies in (null: outside Changning). */
export interface GazetteerAddress extends CommunitySite {
  road: string | null;
  houseNumber: number | null;
  subDistrictCode: string | null;
}

/** A piece of a named major road inside one sub-district. */
export interface RoadStretch {
  name: string;
  kind: string;
  scope: string;
  line: Polyline;
  lengthMeters: number;
}

export interface SubDistrictSeed {
  code: string;
  name: string;
  nameEn: string;
  /** "华阳路街道" → "华阳路". */
  shortName: string;
  /** The boundary as published; stored in sub_districts.geom. */
  boundary: AreaGeometry;
  /**
   * Where seeded things may go: the boundary clipped to the district outline. The published sub-districts spill
   * a little over the district's edge; anything placed here lies inside both.
   */
  placementArea: AreaGeometry;
  /** Gazetteer points inside the placement area. */
  addresses: GazetteerAddress[];
  /** Named major-road stretches inside the placement area, at least 50 m long. */
  roadStretches: RoadStretch[];
  /** Share of the district's activity, for splitting synthetic counts: by addresses (density) and by area. */
  weight: number;
}

export interface SeedContext {
  district: DistrictBoundary;
  /** Ordered by code. */
  subDistricts: SubDistrictSeed[];
  gazetteer: GazetteerAddress[];
  majorRoads: MajorRoad[];
  metroLines: MetroLine[];
  metroStations: MetroStation[];
  kiosks: KioskRecord[];
  geocode: Geocode;
}

/** Stretches shorter than this are slivers where a road grazes a boundary. */
const MIN_STRETCH_METERS = 50;

/** Aggregated layers in the roads file ("其他城市高架"…) have no single name to clean or light a road by. */
function isNamedRoad(road: MajorRoad): boolean {
  return !road.name.startsWith('其他') && /[\u3400-\u9fff]/.test(road.name);
}

/**
 * The sub-district of a gazetteer point: the one containing it; where published boundaries overlap, the one the
 * source lists it under; outside them all, none.
 */
function subDistrictOf(
  lngLat: LngLat,
  township: string,
  boundaries: { code: string; name: string; boundary: AreaGeometry }[],
): string | null {
  const containing = boundaries.filter((s) => isInArea(lngLat, s.boundary));
  return (containing.find((s) => s.name === township) ?? containing[0])?.code ?? null;
}

export function buildSeedContext(): SeedContext {
  const district = loadDistrict();
  const boundaries = loadSubDistricts().map((s) => {
    const nameEn = SUB_DISTRICT_NAMES_EN[s.code];
    if (!nameEn) throw new Error(`No English name for sub-district ${s.code} ${s.name}`);
    const placementArea = intersectAreas(s.geometry, district.geometry);
    if (!placementArea) throw new Error(`Sub-district ${s.code} ${s.name} does not overlap the district`);
    return { code: s.code, name: s.name, nameEn, boundary: s.geometry, placementArea };
  });

  const gazetteer: GazetteerAddress[] = loadCommunitySites().map((site) => {
    const { road, houseNumber } = parseAddress(site.address);
    return { ...site, road, houseNumber, subDistrictCode: subDistrictOf(site.lngLat, site.township, boundaries) };
  });

  const majorRoads = loadMajorRoads();
  const namedRoads = majorRoads.filter(isNamedRoad);
  const totalArea = boundaries.reduce((sum, s) => sum + areaSquareMeters(s.placementArea), 0);

  const subDistricts: SubDistrictSeed[] = boundaries.map((s) => {
    const addresses = gazetteer.filter((a) => a.subDistrictCode === s.code && isInArea(a.lngLat, s.placementArea));
    const roadStretches = namedRoads.flatMap((road) =>
      polylinesOf(road.geometry)
        .flatMap((line) => clipLineToArea(line, s.placementArea))
        .map((line) => ({ name: road.name, kind: road.kind, scope: road.scope, line, lengthMeters: lineLengthMeters(line) }))
        .filter((stretch) => stretch.lengthMeters >= MIN_STRETCH_METERS),
    );
    return { ...s, shortName: shortSubDistrictName(s.name), addresses, roadStretches, weight: 0 };
  });
  const totalAddresses = subDistricts.reduce((sum, s) => sum + s.addresses.length, 0);
  for (const s of subDistricts) {
    s.weight = 0.6 * (s.addresses.length / totalAddresses) + 0.4 * (areaSquareMeters(s.placementArea) / totalArea);
  }

  const geocode = createGazetteerGeocoder({
    entries: gazetteer.map((a) => ({ address: a.address, lngLat: a.lngLat, road: a.road, houseNumber: a.houseNumber })),
    subDistricts: subDistricts.map((s) => ({ name: s.name, geometry: s.placementArea })),
    roads: namedRoads.map((road) => ({ name: road.name, geometry: road.geometry })),
  });

  return {
    district,
    subDistricts,
    gazetteer,
    majorRoads,
    metroLines: loadMetroLines(),
    metroStations: loadMetroStations(),
    kiosks: loadKiosks(),
    geocode,
  };
}

export function subDistrictByName(context: SeedContext, name: string): SubDistrictSeed {
  const found = context.subDistricts.find((s) => s.name === name);
  if (!found) throw new Error(`Unknown sub-district "${name}"; known: ${context.subDistricts.map((s) => s.name).join(', ')}`);
  return found;
}
