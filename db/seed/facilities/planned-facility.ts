/**
 * A facility as the seed plans it, before it has an id: what every facility planner returns and the writer
 * stores. Geometry is GeoJSON in WGS84; the writer checks it lies in its sub-district before storing it.
 */
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { FacilityKind, GeocodeQuality } from '@/db/schema';
import type { LngLat } from '@/geo/lnglat';
import type { Polyline } from '@/geo/lines';

export interface PlannedFacility {
  kind: FacilityKind;
  code: string;
  name: string;
  address: string | null;
  subDistrictCode: string;
  status: string;
  attrs: Record<string, unknown>;
  synthetic: boolean;
  geocodeQuality: GeocodeQuality | null;
  /** Polygons only for surveyed outlines (green spaces), never planned ones. */
  geometry: Point | LineString | Polygon | MultiPolygon;
}

export function pointGeometry([lng, lat]: LngLat): Point {
  return { type: 'Point', coordinates: [lng, lat] };
}

export function lineGeometry(line: Polyline): LineString {
  return { type: 'LineString', coordinates: line.map(([lng, lat]) => [lng, lat]) };
}

/** The [lng, lat] of a planned point facility; throws for a line. */
export function plannedPosition(facility: PlannedFacility): LngLat {
  if (facility.geometry.type !== 'Point') throw new Error(`${facility.code} is a ${facility.geometry.type}, not a point`);
  const [lng, lat] = facility.geometry.coordinates;
  return [lng, lat];
}
