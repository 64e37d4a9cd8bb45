/**
 * Makes one embedded PGlite (in this thread, or in its owner thread) look like a node-postgres pool, so Kysely's
 * own PostgresDialect (and so one set of queries) serves both dialects. PGlite is a single connection:
 * `connect()` hands it out to one borrower at a time, which serialises transactions exactly as a pool of size
 * one would.
 */
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { QueryTarget } from './pglite-owner';

type Command = PostgresQueryResult<unknown>['command'];

function commandOf(sql: string): Command {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toUpperCase();
  return (['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(word ?? '') ? word : 'SELECT') as Command;
}

export function pglitePool(pg: Pick<QueryTarget, 'query'>): PostgresPool {
  let queue: Promise<void> = Promise.resolve();

  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const turn = queue;
      queue = queue.then(() => released);
      await turn;
      let done = false;
      const client = {
        async query(sql: string, parameters: readonly unknown[]) {
          const result = await pg.query(sql, parameters as unknown[]);
          return { command: commandOf(sql), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release() {
          if (!done) {
            done = true;
            release();
          }
        },
      };
      return client as unknown as PostgresPoolClient;
    },
    async end() {
      await queue;
    },
  };
}
