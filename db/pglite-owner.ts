/**
 * Runs the embedded database in its own thread (`pglite-worker.ts`) and talks to it with a small query protocol:
 * every query is a message, every answer a message. A PGlite query blocks the thread it runs on (measured: 50
 * readers of the wall's KPIs cut the wall's position frames from ~9.5/s to ~0.9/s when that was the main thread);
 * in the owner thread it costs the main thread only the copy of the rows.
 * Why a worker thread and not PGlite behind a PostgreSQL socket: the same serialisation of transactions is needed
 * either way (one backend session), and a thread needs no port, no wire-protocol encoding and no extra package.
 */
import { Worker } from 'node:worker_threads';
import type { OwnerEvent, OwnerReply, OwnerRequest, SerializedError } from './pglite-worker';

/** What the pool needs of a PGlite: one query at a time and a close. */
export interface QueryTarget {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  close(): Promise<void>;
  /** A consistent copy of the data folder into `target` (which must not exist), without the top-level `excluded` names. */
  copyDataDir?(target: string, excluded: readonly string[]): Promise<void>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A database error rebuilt with PostgreSQL's fields (code '23505' and so on), as callers test them. */
function revive(error: SerializedError): Error {
  return Object.assign(new Error(error.message), error);
}

// tsx's loader does not follow into worker threads on Node 20: the thread imports the TypeScript module through tsx's API.
const BOOT = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./pglite-worker.ts', import.meta.url).href)}, 'file:///'))`;

export async function startPgliteOwner(dataDir: string): Promise<QueryTarget> {
  const worker = new Worker(BOOT, { eval: true, workerData: { dataDir } });
  const pending = new Map<number, { resolve(reply: OwnerReply): void; reject(error: Error): void }>();
  let nextId = 1;
  let gone: Error | null = null;

  await new Promise<void>((resolve, reject) => {
    const onMessage = (event: OwnerEvent) => {
      worker.off('message', onMessage);
      if (event.kind === 'ready') resolve();
      else reject(revive(event.error));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the embedded database thread exited (${code}) while opening ${dataDir}`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  worker.on('message', (reply: OwnerReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    waiter?.resolve(reply);
  });
  const fail = (error: Error) => {
    gone = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('error', (error: Error) => fail(new Error(`the embedded database thread failed: ${error.message}`)));
  worker.on('exit', (code) => fail(new Error(`the embedded database thread has stopped (${code})`)));

  function send(request: DistributiveOmit<OwnerRequest, 'id'>): Promise<OwnerReply> {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies OwnerRequest);
    });
  }

  return {
    async query(sql, params) {
      const reply = await send({ kind: 'query', sql, params });
      if (!reply.ok) throw revive(reply.error);
      return { rows: reply.rows, affectedRows: reply.affectedRows };
    },
    async copyDataDir(target, excluded) {
      const reply = await send({ kind: 'copy', target, excluded: [...excluded] });
      if (!reply.ok) throw revive(reply.error);
    },
    async close() {
      if (gone) return;
      const reply = await send({ kind: 'close' });
      await worker.terminate();
      if (!reply.ok) throw revive(reply.error);
    },
  };
}
