/**
 * One record of a district's street or building layer, as the data library's importer read it, checked for the
 * base map: the geometry type the layer draws, WGS84 coordinates, a name and a kind (OSM `highway`/`building`,
 * Geofabrik `fclass`/`type`, or the importer's 类型/kind column).
 */
import type { Geometry } from 'geojson';
import type { SourceRecord } from '@/server/facility-import/facility-record';

export const IMPORT_LAYERS = ['street', 'building'] as const;
export type ImportLayer = (typeof IMPORT_LAYERS)[number];

export function isImportLayer(value: string): value is ImportLayer {
  return (IMPORT_LAYERS as readonly string[]).includes(value);
}

export interface BaseMapFeature {
  name: string;
  kind: string;
  sourceId: string;
  geometry: Geometry;
}

const GEOMETRY_TYPES: Record<ImportLayer, readonly string[]> = {
  street: ['LineString', 'MultiLineString'],
  building: ['Polygon', 'MultiPolygon'],
};
/** Where a layer's kind may be found besides the importer's own kind column. */
const KIND_KEYS: Record<ImportLayer, readonly string[]> = { street: ['highway', 'fclass'], building: ['building', 'fclass'] };

function positions(value: unknown): number[][] {
  if (!Array.isArray(value)) return [];
  if (typeof value[0] === 'number') return [value as number[]];
  return value.flatMap(positions);
}

/** True when every position is a finite lng/lat pair (a projected file without its .prj is not). */
export function isWgs84(geometry: Geometry): boolean {
  const all = 'coordinates' in geometry ? positions(geometry.coordinates) : [];
  return (
    all.length > 0 && all.every(([lng, lat]) => Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90)
  );
}

/** The record as a base-map feature of `layer`; null when its geometry is not one the layer draws. */
export function baseMapFeatureOf(layer: ImportLayer, record: SourceRecord): BaseMapFeature | null {
  const geometry = record.geometry;
  if (!geometry || !GEOMETRY_TYPES[layer].includes(geometry.type)) return null;
  const kind = record.kind || KIND_KEYS[layer].map((k) => record.attrs[k]).find((v) => typeof v === 'string' && v !== '');
  return { name: record.name, kind: String(kind ?? (layer === 'building' ? 'building' : '')), sourceId: record.sourceId, geometry };
}
