/**
 * Vector tiles without ST_AsMVT: the embedded database (PGlite + PostGIS in WASM) is built without protobuf-c, so
 * the server cuts the tile itself from the features PostGIS found in the tile's envelope, with MapLibre's own
 * geojson-vt (clip, simplify, quantise to the tile grid) and vt-pbf (encode), which its GeoJSON sources use.
 */
import type { Feature } from 'geojson';
import { type GeoJSONVTTile, geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

export interface TileXYZ {
  z: number;
  x: number;
  y: number;
}

/** Tile grid units per tile edge and the margin kept around it (so lines and labels continue across edges). */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;

/** The tile's [west, south, east, north] in WGS84 degrees, widened by the buffer on every side. */
export function tileBBox({ z, x, y }: TileXYZ): [number, number, number, number] {
  const n = 2 ** z;
  const pad = TILE_BUFFER / TILE_EXTENT;
  const lng = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lng(x - pad), lat(y + 1 + pad), lng(x + 1 + pad), lat(y - pad)];
}

/** True for a tile that exists in the Web Mercator grid at a zoom the map may ask for. */
export function isTile({ z, x, y }: TileXYZ, maxZoom: number): boolean {
  const n = 2 ** z;
  return [z, x, y].every(Number.isInteger) && z >= 0 && z <= maxZoom && x >= 0 && x < n && y >= 0 && y < n;
}

/** One tile (protobuf) holding each named layer's features, cut to the tile. */
export function cutTile(layers: Record<string, Feature[]>, tile: TileXYZ): Uint8Array {
  const cut: Record<string, GeoJSONVTTile> = {};
  for (const [name, features] of Object.entries(layers)) {
    if (features.length === 0) continue;
    const piece = geoJSONToTile({ type: 'FeatureCollection', features }, tile.z, tile.x, tile.y, {
      extent: TILE_EXTENT,
      buffer: TILE_BUFFER,
      tolerance: 3,
      clip: true,
    });
    if (piece && piece.features.length > 0) cut[name] = piece;
  }
  return fromGeojsonVt(cut, { version: 2, extent: TILE_EXTENT });
}
