/**
 * `npm run map:import -- [--layer street|building] <file>` loads a district's own street or building layer into the
 * base map of the configured database (DATABASE_URL, else the embedded one in DATA_DIR). The file: a zipped
 * Shapefile (.zip), GeoJSON or GeoPackage with --layer; or an OpenStreetMap extract (.osm.pbf, needs Debian's
 * osmium-tool), which gives both layers unless --layer names one. A new import of a layer replaces the last one;
 * running servers show it within a minute (their tile cache).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase } from '@/db/connect';
import { migrateToLatest } from '@/db/migrate';
import { env } from '@/server/env';
import { isImportLayer } from '@/server/base-map-import/base-map-feature';
import { importBaseMapFile } from '@/server/base-map-import/base-map-import.service';

const USAGE = 'usage: npm run map:import -- [--layer street|building] <file.zip|file.geojson|file.gpkg|file.osm.pbf>';

async function main() {
  const { values, positionals } = parseArgs({ options: { layer: { type: 'string' } }, allowPositionals: true });
  const layer = values.layer ?? null;
  if (positionals.length !== 1 || (layer !== null && !isImportLayer(layer))) throw new Error(USAGE);
  const [path] = positionals;
  const config = env();
  const handle = await connectDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(handle.db);
    const results = await importBaseMapFile(handle.db, { path, fileName: basename(path), read: () => readFile(path) }, layer);
    for (const r of results) {
      console.log(
        `${r.layer}: ${r.imported} imported, ${r.skipped} of another geometry type skipped, ${r.outside} outside the district left out`,
      );
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
