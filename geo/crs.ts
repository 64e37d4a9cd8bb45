/**
 * The three coordinate systems Chinese facility data comes in: WGS84 (GPS, OpenStreetMap, the product's own),
 * GCJ-02 (the national "Mars" offset every licensed web map in China uses: AMap/高德, Tencent) and BD-09 (Baidu's
 * further offset of GCJ-02). Conversion is gcoord's (a maintained library); this module only names the systems and
 * applies the conversion to [lng, lat] pairs and GeoJSON geometries. Output is always WGS84 [lng, lat].
 */
import gcoord from 'gcoord';
import type { Geometry, Position } from 'geojson';
import type { LngLat } from './lnglat';

export const CRS_LIST = ['wgs84', 'gcj02', 'bd09'] as const;
export type Crs = (typeof CRS_LIST)[number];

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** A [lng, lat] pair in `from` as WGS84. Outside China gcoord leaves a pair unchanged (no offset applies there). */
export function toWgs84(lngLat: LngLat, from: Crs): LngLat {
  if (from === 'wgs84') return [lngLat[0], lngLat[1]];
  const [lng, lat] = gcoord.transform([lngLat[0], lngLat[1]], GCOORD_CRS[from], gcoord.WGS84) as [number, number];
  return [lng, lat];
}

function mapPositions(value: unknown, convert: (p: LngLat) => LngLat): unknown {
  if (Array.isArray(value) && typeof value[0] === 'number') {
    const [lng, lat] = convert([value[0] as number, value[1] as number]);
    return [lng, lat];
  }
  return Array.isArray(value) ? value.map((v) => mapPositions(v, convert)) : value;
}

/** A GeoJSON geometry with every position converted from `from` to WGS84 (a new object; the input is kept). */
export function geometryToWgs84<G extends Geometry>(geometry: G, from: Crs): G {
  if (from === 'wgs84') return geometry;
  const convert = (p: LngLat) => toWgs84(p, from);
  if (geometry.type === 'GeometryCollection')
    return { ...geometry, geometries: geometry.geometries.map((g) => geometryToWgs84(g, from)) } as G;
  return { ...geometry, coordinates: mapPositions((geometry as { coordinates: Position[] }).coordinates, convert) } as G;
}
