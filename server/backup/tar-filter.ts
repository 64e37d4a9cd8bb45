/**
 * PGlite's dump tars the whole data folder, and OneMap keeps more there than the database: the uploads (backed up
 * content-addressed beside the set, so not twice) and the folder's lock (which must not come back with a restore).
 * This drops those entries from the (ustar) tarball: 512-byte header blocks, each followed by its data blocks.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** The entry's path without leading slashes or "./" ("uploads/ab/…"). */
function entryName(header: Buffer): string {
  const name = field(header, 0, 100);
  const prefix = field(header, 345, 155);
  return (prefix ? `${prefix}/${name}` : name).replace(/^(\.?\/)+/, '');
}

export function dropTarEntries(gzipped: Uint8Array, excluded: (path: string) => boolean): Buffer {
  const tar = gunzipSync(gzipped);
  const kept: Buffer[] = [];
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break; // end-of-archive marker
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const span = BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (!excluded(entryName(header))) kept.push(tar.subarray(offset, offset + span));
    offset += span;
  }
  kept.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(kept));
}
