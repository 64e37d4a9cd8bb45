/**
 * Typed PostGIS helpers, the one place SQL spatial expressions are built. Coordinates are [lng, lat] WGS84;
 * distances are metres and say so. Values are always bound, never interpolated.
 */
import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Geometry } from './schema';

export type LngLat = readonly [lng: number, lat: number];

/** A WGS84 point geometry from bound values. */
export function stPoint([lng, lat]: LngLat): RawBuilder<Geometry> {
  return sql<Geometry>`ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326)`;
}

/** A WGS84 geometry from a GeoJSON geometry object (2D forced, multi-polygons kept). */
export function stFromGeoJSON(geometry: unknown): RawBuilder<Geometry> {
  return sql<Geometry>`ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(${JSON.stringify(geometry)})), 4326)`;
}

/** GeoJSON geometry text of a column, with 7 decimals (≈1 cm). */
export function stAsGeoJSON(geom: Expression<Geometry | null>): RawBuilder<string> {
  return sql<string>`ST_AsGeoJSON(${geom}, 7)`;
}

export function stX(geom: Expression<Geometry | null>): RawBuilder<number> {
  return sql<number>`ST_X(${geom})`;
}

export function stY(geom: Expression<Geometry | null>): RawBuilder<number> {
  return sql<number>`ST_Y(${geom})`;
}

/** A point's coordinates as the selections `lng` and `lat`: spread into a select list, `...stLngLat(eb.ref('geom'))`. */
export function stLngLat(geom: Expression<Geometry | null>) {
  return [stX(geom).as('lng'), stY(geom).as('lat')] as const;
}

/** True where `a` lies within `radiusMeters` of `b`, measured on the spheroid (geography cast). */
export function stDWithinMeters(a: Expression<Geometry | null>, b: Expression<Geometry | null>, radiusMeters: number) {
  return sql<boolean>`ST_DWithin(${a}::geography, ${b}::geography, ${radiusMeters})`;
}

/** Metres between two geometries on the spheroid. */
export function stDistanceMeters(a: Expression<Geometry | null>, b: Expression<Geometry | null>) {
  return sql<number>`ST_Distance(${a}::geography, ${b}::geography)`;
}

export function stContains(area: Expression<Geometry | null>, geom: Expression<Geometry | null>) {
  return sql<boolean>`ST_Contains(${area}, ${geom})`;
}

/** Bounding box edges of a geometry, in degrees: west, south, east, north. */
export function stXMin(geom: Expression<Geometry | null>): RawBuilder<number> {
  return sql<number>`ST_XMin(${geom})`;
}
export function stYMin(geom: Expression<Geometry | null>): RawBuilder<number> {
  return sql<number>`ST_YMin(${geom})`;
}
export function stXMax(geom: Expression<Geometry | null>): RawBuilder<number> {
  return sql<number>`ST_XMax(${geom})`;
}
export function stYMax(geom: Expression<Geometry | null>): RawBuilder<number> {
  return sql<number>`ST_YMax(${geom})`;
}

/** A point guaranteed to lie on the geometry (itself for points): where to pin a line or area on the map. */
export function stPointOnSurface(geom: Expression<Geometry | null>): RawBuilder<Geometry> {
  return sql<Geometry>`ST_PointOnSurface(${geom})`;
}

/**
 * True where `geom`'s box meets the box of `radiusMeters` around `at`: the index-friendly half of a metres
 * search. A geography test (stDWithinMeters) alone cannot use a GiST index on the geometry column; put this
 * beside it so the index picks the rows and the geography test keeps the exact ones.
 */
export function stBoxNearMeters(geom: Expression<Geometry | null>, at: LngLat, radiusMeters: number) {
  // Degrees per metre at this latitude, padded 1 % for the spheroid; boxes only, so the padding costs nothing.
  const dLat = (radiusMeters / 110_574) * 1.01;
  const dLng = (radiusMeters / (111_320 * Math.cos((at[1] * Math.PI) / 180))) * 1.01;
  return sql<boolean>`${geom} && ST_Expand(${stPoint(at)}, ${dLng}::float8, ${dLat}::float8)`;
}
