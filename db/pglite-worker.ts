/**
 * The embedded database's owner thread: opens PGlite with PostGIS on a data folder and answers queries posted by
 * `pglite-owner.ts`. PGlite runs its WASM PostgreSQL on the calling thread, so here it blocks only this thread and
 * the main thread's event loop stays free for Socket.IO's frames. It imports no project module (the thread is
 * started through tsx's loader and should stay small).
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

export type OwnerRequest =
  | { id: number; kind: 'query'; sql: string; params: unknown[] }
  | { id: number; kind: 'close' }
  | { id: number; kind: 'copy'; target: string; excluded: string[] };
export type OwnerReply =
  { id: number; ok: true; rows: unknown[]; affectedRows?: number } | { id: number; ok: false; error: SerializedError };
export type OwnerEvent = { kind: 'ready' } | { kind: 'failed'; error: SerializedError };
/** A database error as plain data: PostgreSQL's fields (code, detail, constraint…) survive the thread boundary. */
export type SerializedError = { message: string } & Record<string, unknown>;

const INT8 = 20;
const NUMERIC = 1700;

function serialize(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error))
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  return { ...fields, name: error.name, message: error.message };
}

/**
 * A consistent copy of the data folder while running: a checkpoint writes every change to the files, then the files
 * are copied synchronously, so no query runs in this thread until the copy is whole. The copy is what a crash at
 * that instant would leave, just after a checkpoint: PostgreSQL opens it with nothing to replay. File copies run at
 * disk speed, where PGlite's dumpDataDir reads the folder through its WASM file system and gzips it in JavaScript.
 * `excluded`: top-level names that are not the database (the photos, the folder's lock).
 */
async function copyDataDir(pg: PGlite, dataDir: string, target: string, excluded: readonly string[]): Promise<void> {
  await pg.exec('CHECKPOINT');
  const skip = new Set(excluded.map((name) => join(dataDir, name)));
  cpSync(dataDir, target, {
    recursive: true,
    errorOnExist: true,
    filter: (source) => !skip.has(source),
  });
}

async function main() {
  const port = parentPort!;
  const { dataDir } = workerData as { dataDir: string };
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir, {
      extensions: { postgis },
      parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
    });
  } catch (error) {
    port.postMessage({ kind: 'failed', error: serialize(error) } satisfies OwnerEvent);
    return;
  }
  port.on('message', (request: OwnerRequest) => {
    if (request.kind === 'close') {
      pg.close().then(
        () => port.postMessage({ id: request.id, ok: true, rows: [] } satisfies OwnerReply),
        (error: unknown) => port.postMessage({ id: request.id, ok: false, error: serialize(error) } satisfies OwnerReply),
      );
      return;
    }
    if (request.kind === 'copy') {
      copyDataDir(pg, dataDir, request.target, request.excluded).then(
        () => port.postMessage({ id: request.id, ok: true, rows: [] } satisfies OwnerReply),
        (error: unknown) => port.postMessage({ id: request.id, ok: false, error: serialize(error) } satisfies OwnerReply),
      );
      return;
    }
    // PGlite queues queries itself; the main thread's pool already hands the connection to one borrower at a time.
    pg.query(request.sql, request.params).then(
      (result) => port.postMessage({ id: request.id, ok: true, rows: result.rows, affectedRows: result.affectedRows } satisfies OwnerReply),
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: serialize(error) } satisfies OwnerReply),
    );
  });
  port.postMessage({ kind: 'ready' } satisfies OwnerEvent);
}

void main();
