/**
 * Areas (sub-districts, the district): point-in-area tests, a point guaranteed on an area's surface, and the
 * overlap of two areas. Geometries are GeoJSON Polygon or MultiPolygon in WGS84 [lng, lat].
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { area as turfArea, bbox as turfBbox, booleanPointInPolygon, centroid, featureCollection, feature, intersect } from '@turf/turf';
import { assertLngLat, type LngLat } from './lnglat';

export type AreaGeometry = Polygon | MultiPolygon;
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

function assertArea(area: AreaGeometry, label: string): void {
  const type: unknown = (area as { type?: unknown } | null)?.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    throw new TypeError(`${label} must be a GeoJSON Polygon or MultiPolygon, got ${String(type ?? area)}`);
  }
}

/** True when the point lies inside the area or on its edge. */
export function isInArea(lngLat: LngLat, area: AreaGeometry): boolean {
  assertLngLat(lngLat);
  assertArea(area, 'area');
  return booleanPointInPolygon(lngLat, area);
}

export function areaBBox(area: AreaGeometry): BBox {
  assertArea(area, 'area');
  return turfBbox(area) as BBox;
}

/** Square metres on the spheroid. */
export function areaSquareMeters(area: AreaGeometry): number {
  assertArea(area, 'area');
  return turfArea(area);
}

/** Where the horizontal line at `lat` crosses the polygon rings: sorted longitudes, pairs bound inside intervals. */
function crossingsAt(rings: Position[][], lat: number): number[] {
  const crossings: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[i + 1];
      // Half-open rule: a vertex exactly on the line counts once.
      if ((y1 <= lat && y2 > lat) || (y2 <= lat && y1 > lat)) {
        crossings.push(x1 + ((lat - y1) / (y2 - y1)) * (x2 - x1));
      }
    }
  }
  return crossings.sort((a, b) => a - b);
}

/**
 * A point certainly on the area's surface (not merely its centroid, which a crescent or a multi-part area can
 * miss): the centroid when it is inside, else the middle of the widest inside stretch of a horizontal line
 * through the largest part, as PostGIS's ST_PointOnSurface does.
 */
export function pointOnSurface(area: AreaGeometry): LngLat {
  assertArea(area, 'area');
  const centre = centroid(area).geometry.coordinates as LngLat;
  if (booleanPointInPolygon(centre, area)) return centre;

  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const largest = [...polygons].sort(
    (a, b) => turfArea({ type: 'Polygon', coordinates: b }) - turfArea({ type: 'Polygon', coordinates: a }),
  )[0];
  const lats = largest[0].map(([, lat]) => lat);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  // Try the middle first, then lines either side of it, until one crosses a stretch of the inside.
  for (const fraction of [0.5, 0.45, 0.55, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    const lat = minLat + (maxLat - minLat) * fraction;
    const crossings = crossingsAt(largest, lat);
    let best: LngLat | null = null;
    let bestWidth = 0;
    for (let i = 0; i + 1 < crossings.length; i += 2) {
      const width = crossings[i + 1] - crossings[i];
      if (width > bestWidth) {
        bestWidth = width;
        best = [(crossings[i] + crossings[i + 1]) / 2, lat];
      }
    }
    if (best && booleanPointInPolygon(best, area)) return best;
  }
  throw new Error('pointOnSurface: the area has no interior (degenerate polygon)');
}

/** The part two areas share, or null when they do not overlap. */
export function intersectAreas(a: AreaGeometry, b: AreaGeometry): AreaGeometry | null {
  assertArea(a, 'first area');
  assertArea(b, 'second area');
  const shared = intersect(featureCollection([feature(a), feature(b)]));
  return shared ? shared.geometry : null;
}
