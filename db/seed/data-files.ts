/**
 * Reads the reference data bundled in db/seed/data/ (see PROVENANCE.md there). The product reads only these
 * copies, never the shared reference folder.
 */
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { LngLat } from '@/geo/lnglat';

function readData(fileName: string): string {
  return readFileSync(new URL(`./data/${fileName}`, import.meta.url), 'utf8');
}

function readCollection<G extends FeatureCollection['features'][number]['geometry']>(fileName: string): Feature<G>[] {
  const parsed = JSON.parse(readData(fileName)) as FeatureCollection<G>;
  if (parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
    throw new Error(`db/seed/data/${fileName} is not a GeoJSON FeatureCollection`);
  }
  return parsed.features;
}

export interface DistrictBoundary {
  code: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

export type SubDistrictBoundary = DistrictBoundary;

export interface CommunitySite {
  name: string;
  address: string;
  /** 居委会, 党建服务站点 or 居民区活动点. */
  categoryZh: string;
  /** The 街道/镇 the source lists the site under (a few lie outside Changning). */
  township: string;
  lngLat: LngLat;
}

export interface MajorRoad {
  name: string;
  /** 'urban' or 'expressway'. */
  kind: string;
  /** 'major' for the named trunk roads, 'local' for short pieces and ramps. */
  scope: string;
  sourceId: string;
  geometry: MultiLineString;
}

export interface MetroLine {
  name: string;
  /** Line number as text ('2', '3-4' for the shared track). */
  route: string;
  colour: string | null;
  sourceId: string;
  geometry: MultiLineString;
}

export interface MetroStation {
  name: string;
  routes: string[];
  sourceId: string;
  lngLat: LngLat;
}

/** One of the 46 self-service government kiosks, as the seed document lists it (no coordinates). */
export interface KioskRecord {
  no: string;
  district: string;
  /** The 街道/镇 it stands in. */
  street: string;
  address: string;
  /** The site's name. */
  name: string;
  mac: string;
}

export function loadDistrict(): DistrictBoundary {
  const [district] = readCollection<Polygon | MultiPolygon>('changning-district.geojson');
  return { code: String(district.properties?.adcode), name: String(district.properties?.name), geometry: district.geometry };
}

export function loadSubDistricts(): SubDistrictBoundary[] {
  return readCollection<Polygon | MultiPolygon>('changning-sub-districts.geojson')
    .map((f) => ({ code: String(f.properties?.code), name: String(f.properties?.name), geometry: f.geometry }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

export function loadCommunitySites(): CommunitySite[] {
  return readCollection<Point>('community-sites.geojson').map((f) => ({
    name: String(f.properties?.name ?? ''),
    address: String(f.properties?.address ?? ''),
    categoryZh: String(f.properties?.category_zh ?? ''),
    township: String(f.properties?.township ?? ''),
    lngLat: [f.geometry.coordinates[0], f.geometry.coordinates[1]],
  }));
}

export function loadMajorRoads(): MajorRoad[] {
  return readCollection<LineString | MultiLineString>('major-roads.geojson').map((f) => ({
    name: String(f.properties?.name),
    kind: String(f.properties?.kind),
    scope: String(f.properties?.scope),
    sourceId: String(f.properties?.id),
    geometry: asMultiLine(f.geometry),
  }));
}

export function loadMetroLines(): MetroLine[] {
  return readCollection<LineString | MultiLineString>('metro-lines.geojson').map((f) => ({
    name: String(f.properties?.name),
    route: String(f.properties?.route),
    colour: (f.properties?.colour as string | null | undefined) ?? null,
    sourceId: String(f.properties?.id),
    geometry: asMultiLine(f.geometry),
  }));
}

export function loadMetroStations(): MetroStation[] {
  return readCollection<Point>('metro-stations.geojson').map((f) => ({
    name: String(f.properties?.name),
    routes: (f.properties?.routes as string[] | undefined) ?? [],
    sourceId: String(f.properties?.id),
    lngLat: [f.geometry.coordinates[0], f.geometry.coordinates[1]],
  }));
}

export function loadKiosks(): KioskRecord[] {
  const rows = JSON.parse(readData('kiosks.json')) as KioskRecord[];
  if (!Array.isArray(rows)) throw new Error('db/seed/data/kiosks.json is not a list');
  return rows;
}

function asMultiLine(geometry: LineString | MultiLineString): MultiLineString {
  return geometry.type === 'MultiLineString' ? geometry : { type: 'MultiLineString', coordinates: [geometry.coordinates] };
}

/** An OpenStreetMap feature as the shared greening folder gives it (properties as listed in its README). */
export type OsmFeature = Feature<Point | Polygon | MultiPolygon, Record<string, unknown>>;

function readOsm(fileName: string): OsmFeature[] {
  return readCollection<Point | Polygon | MultiPolygon>(fileName).map((f) => ({ ...f, properties: f.properties ?? {} }));
}

/** Parks, the zoo and playgrounds: Polygon / MultiPolygon with osm_id, name, fclass, label_lon/lat, subdistrict. */
export const loadGreeningParks = () => readOsm('greening-parks.geojson');
/** Mapped trees: Point with osm_id, subdistrict, in_park. */
export const loadGreeningTrees = () => readOsm('greening-trees.geojson');
/** Toilets, litter bins, benches, fountains, recycling, drinking water: Point with osm_id, fclass, name, subdistrict. */
export const loadStreetFacilities = () => readOsm('street-facilities.geojson');
/** Water bodies (polygons) and river / canal centre lines (OSM fclass river, canal), for the not-in-the-water check. */
export interface WaterFeature {
  name: string;
  fclass: string;
  geometry: Polygon | MultiPolygon | LineString | MultiLineString;
}

export function loadWater(): WaterFeature[] {
  return readCollection<Polygon | MultiPolygon | LineString | MultiLineString>('changning-water.geojson').map((f) => ({
    name: String(f.properties?.name ?? ''),
    fclass: String(f.properties?.fclass ?? ''),
    geometry: f.geometry,
  }));
}

/** A named or unnamed OSM site or ground (school, park, pitch, hospital, mall …): its outline, not a building. */
export interface OsmSite {
  osmId: string;
  fclass: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

export function loadOsmSites(): OsmSite[] {
  return readCollection<Polygon | MultiPolygon>('osm-sites.geojson').map((f) => ({
    osmId: String(f.properties?.osm_id ?? ''),
    fclass: String(f.properties?.fclass ?? ''),
    name: String(f.properties?.name ?? ''),
    geometry: f.geometry,
  }));
}

/** An OSM traffic point: a signal, a crossing, a motorway junction … */
export interface TrafficPoint {
  osmId: string;
  fclass: string;
  name: string;
  lngLat: LngLat;
}

export function loadTrafficPoints(): TrafficPoint[] {
  return readCollection<Point>('osm-traffic-points.geojson').map((f) => ({
    osmId: String(f.properties?.osm_id ?? ''),
    fclass: String(f.properties?.fclass ?? ''),
    name: String(f.properties?.name ?? ''),
    lngLat: [f.geometry.coordinates[0], f.geometry.coordinates[1]],
  }));
}
