/**
 * An OpenStreetMap extract (.osm.pbf, .osm) as GeoJSON the data library's importer reads, through Debian's
 * osmium-tool: cut to the district's box first (`osmium extract`: a Shanghai extract holds 205,444 road lines),
 * then `osmium export` builds lines and areas from the ways and relations. Split here into the street lines
 * (OSM `highway`) and the building outlines (OSM `building`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Feature, FeatureCollection } from 'geojson';

const run = promisify(execFile);
const OSMIUM_TIMEOUT_MS = 10 * 60_000;

/** Highway classes drawn as streets; footways, paths, steps and tracks are left out. */
export const STREET_HIGHWAYS = new Set([
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'unclassified',
  'residential',
  'living_street',
  'service',
  'pedestrian',
  'motorway_link',
  'trunk_link',
  'primary_link',
  'secondary_link',
  'tertiary_link',
]);

export function isOsmExtract(fileName: string): boolean {
  return /\.osm(\.pbf)?$/i.test(fileName);
}

/** The extract's streets and buildings as two FeatureCollections. */
export function splitOsmFeatures(features: readonly Feature[]): { street: FeatureCollection; building: FeatureCollection } {
  const street: Feature[] = [];
  const building: Feature[] = [];
  for (const f of features) {
    const tags = f.properties ?? {};
    const type = f.geometry?.type;
    if ((type === 'LineString' || type === 'MultiLineString') && STREET_HIGHWAYS.has(String(tags.highway))) street.push(f);
    else if ((type === 'Polygon' || type === 'MultiPolygon') && tags.building && tags.building !== 'no') building.push(f);
  }
  return { street: { type: 'FeatureCollection', features: street }, building: { type: 'FeatureCollection', features: building } };
}

/** Runs osmium on the extract, cut to `bbox` ([west, south, east, north]); fails clearly when osmium is missing. */
export async function exportOsmExtract(
  path: string,
  bbox: readonly [number, number, number, number],
): Promise<{ street: FeatureCollection; building: FeatureCollection }> {
  const dir = await mkdtemp(join(tmpdir(), 'onemap-osm-'));
  try {
    const cut = join(dir, 'cut.osm.pbf');
    const out = join(dir, 'out.geojson');
    try {
      await run('osmium', ['extract', '--bbox', bbox.join(','), '--strategy', 'complete_ways', '-o', cut, path], {
        timeout: OSMIUM_TIMEOUT_MS,
      });
      await run('osmium', ['export', '-f', 'geojson', '--add-unique-id=type_id', '-o', out, cut], { timeout: OSMIUM_TIMEOUT_MS });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new Error('osmium is not installed: apt-get install osmium-tool (Debian)', { cause: error });
      throw new Error(`osmium could not read ${path}: ${(error as { stderr?: string }).stderr ?? String(error)}`, { cause: error });
    }
    const collection = JSON.parse(await readFile(out, 'utf8')) as FeatureCollection;
    return splitOsmFeatures(collection.features);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
