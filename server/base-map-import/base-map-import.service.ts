/**
 * Loads a district's own street or building layer into the base map (issue 19): a survey or an OSM extract, read by
 * the data library's importer (Shapefile, GeoJSON, GeoPackage; .osm.pbf through osmium-tool). A new import of a
 * layer replaces the previous one; real streets hide the approximate ones in the tiles. Features wholly outside the
 * district's box (padded) are left out: an extract of all Shanghai holds far more than the district.
 */
import { bbox as turfBbox } from '@turf/turf';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { readSource } from '@/server/facility-import/read-source';
import { GeographyService } from '@/server/geography/geography.service';
import { type BaseMapFeature, baseMapFeatureOf, type ImportLayer, isWgs84 } from './base-map-feature';
import { replaceImportedLayer } from './base-map-import.repository';
import { exportOsmExtract, isOsmExtract } from './osm-extract';

/** About a kilometre around the district: streets that run on past its edge are kept whole. */
const BOX_PADDING_DEG = 0.01;

export interface LayerImportResult {
  layer: ImportLayer;
  imported: number;
  /** Records whose geometry the layer does not draw (points in a street file, lines in a building file). */
  skipped: number;
  /** Records wholly outside the district's box. */
  outside: number;
}

type Box = [number, number, number, number];

async function districtBox(db: Kysely<Database>): Promise<Box> {
  const district = await new GeographyService(db).district();
  if (!district) throw new Error('The database has no district yet: run npm run db:seed first');
  const [w, s, e, n] = district.bbox;
  return [w - BOX_PADDING_DEG, s - BOX_PADDING_DEG, e + BOX_PADDING_DEG, n + BOX_PADDING_DEG];
}

const meets = (a: Box, b: Box) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

async function importRecords(
  db: Kysely<Database>,
  layer: ImportLayer,
  fileName: string,
  bytes: Buffer,
  box: Box,
): Promise<LayerImportResult> {
  const { records } = await readSource(fileName, bytes);
  const features: BaseMapFeature[] = [];
  let skipped = 0;
  let outside = 0;
  for (const record of records) {
    const feature = baseMapFeatureOf(layer, record);
    if (!feature) {
      skipped += 1;
      continue;
    }
    if (!isWgs84(feature.geometry)) {
      throw new Error(`${fileName}: record ${record.row} is not in WGS84 lng/lat (a Shapefile needs its .prj)`);
    }
    if (!meets(turfBbox(feature.geometry) as Box, box)) outside += 1;
    else features.push(feature);
  }
  return { layer, imported: await replaceImportedLayer(db, layer, features), skipped, outside };
}

/**
 * Imports `path`: an OSM extract gives both layers (or the one asked for); any other file gives the one layer
 * named.
 */
export async function importBaseMapFile(
  db: Kysely<Database>,
  file: { path: string; fileName: string; read: () => Promise<Buffer> },
  layer: ImportLayer | null,
): Promise<LayerImportResult[]> {
  const box = await districtBox(db);
  if (isOsmExtract(file.fileName)) {
    const extract = await exportOsmExtract(file.path, box);
    const layers = layer ? [layer] : (['street', 'building'] as const);
    const results: LayerImportResult[] = [];
    for (const l of layers) {
      results.push(await importRecords(db, l, `${l}.geojson`, Buffer.from(JSON.stringify(extract[l])), box));
    }
    return results;
  }
  if (!layer) throw new Error('Name the layer the file holds: --layer street or --layer building');
  return [await importRecords(db, layer, file.fileName, await file.read(), box)];
}
