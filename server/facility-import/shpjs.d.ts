/** shpjs ships no types: the one function the Shapefile reader uses. */
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  /** A zipped Shapefile (.shp, .dbf, optional .prj and .cpg) as GeoJSON; several layers give several collections. */
  export function parseZip(buffer: ArrayBuffer | Uint8Array, whiteList?: string[]): Promise<FeatureCollection | FeatureCollection[]>;
}
