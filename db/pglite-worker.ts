/**
 * The embedded database's owner thread: opens PGlite with PostGIS on a data folder and answers queries posted by
 * `pglite-owner.ts`. PGlite runs its WASM PostgreSQL on the calling thread, so here it blocks only this thread and
 * the main thread's event loop stays free for Socket.IO's frames. It imports no project module (the thread is
 * started through tsx's loader and should stay small).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

export type OwnerRequest =
  { id: number; kind: 'query'; sql: string; params: unknown[] } | { id: number; kind: 'close' } | { id: number; kind: 'dump' };
export type OwnerReply =
  { id: number; ok: true; rows: unknown[]; affectedRows?: number; dump?: Uint8Array } | { id: number; ok: false; error: SerializedError };
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
    if (request.kind === 'dump') {
      // A backup while running: PGlite's own dump is a consistent gzipped tarball of the data folder, taken between
      // queries in this thread (so no transaction is half in it); the bytes are moved, not copied, to the main thread.
      pg.dumpDataDir('gzip')
        .then((file) => file.arrayBuffer())
        .then(
          (buffer) => port.postMessage({ id: request.id, ok: true, rows: [], dump: new Uint8Array(buffer) } satisfies OwnerReply, [buffer]),
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
