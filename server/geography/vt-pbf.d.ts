/** vt-pbf ships no types: the one function the tile cutter uses. */
declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';
  /** Layers cut by geojson-vt, keyed by layer name, as one Mapbox Vector Tile (protobuf). */
  export function fromGeojsonVt(layers: Record<string, LegacyTile>, options?: { version?: number; extent?: number }): Uint8Array;
}
