/**
 * Builds a new embedded data folder from a tarball made by PGlite's dumpDataDir (PGlite's maintained way back:
 * `loadDataDir`). The folder must not exist yet; the caller swaps it into place once it has been checked.
 */
import { existsSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

export async function createDataDirFromDump(folder: string, tarball: Uint8Array): Promise<void> {
  if (existsSync(folder)) throw new Error(`${folder} already exists`);
  const pg = await PGlite.create(folder, { extensions: { postgis }, loadDataDir: new Blob([tarball as Uint8Array<ArrayBuffer>]) }); // a file read, never shared memory
  await pg.close();
}
