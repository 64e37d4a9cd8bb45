/**
 * Named prepared statements for the few hot queries whose plan is the same whatever their values (nearest units):
 * on PostgreSQL they are parsed and planned once per connection and then only executed, which on a sub-millisecond
 * query is most of the time. A query opts in by running through `executePrepared`, which marks its text; the
 * server pool turns marked texts into named statements (`preparingPool`). The embedded database reads the mark as
 * the comment it is. A prepared query must bind only values that cannot change its plan: a value that selects a
 * partial index (a unit kind) is written into the text instead, so each kind gets its own statement.
 */
import { createHash } from 'node:crypto';
import type { Compilable, Kysely, PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

const MARK = '/*prepared*/ ';
/** Distinct prepared texts are a handful of shapes; past this many something builds texts from data: stop naming. */
const MAX_NAMED_TEXTS = 256;

export async function executePrepared<DB, O>(db: Kysely<DB>, query: Compilable<O>): Promise<O[]> {
  const compiled = query.compile();
  const result = await db.executeQuery<O>({ ...compiled, sql: MARK + compiled.sql });
  return result.rows;
}

const names = new Map<string, string>();

/** A statement name for a marked text (the same text, the same name: node-postgres prepares it once per connection). */
function statementName(text: string): string | undefined {
  if (!text.startsWith(MARK)) return undefined;
  let name = names.get(text);
  if (!name && names.size < MAX_NAMED_TEXTS) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A node-postgres pool for Kysely whose clients run marked queries as named prepared statements. A client whose
 * connection is lost while checked out (no query running to receive the error) is reported to `onLost` and
 * destroyed on release instead of going back to the pool.
 */
export function preparingPool(pool: pg.Pool, onLost: (error: Error) => void = () => undefined): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let lost: Error | null = null;
      const onError = (error: Error) => {
        lost = error;
        onLost(error);
      };
      client.on('error', onError);
      const query = (textOrCursor: string | object, values?: readonly unknown[]) => {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor as pg.Submittable);
        const name = statementName(textOrCursor);
        return client.query(
          name ? { name, text: textOrCursor, values: values as unknown[] } : { text: textOrCursor, values: values as unknown[] },
        );
      };
      const release = () => {
        client.off('error', onError);
        client.release(lost ?? undefined);
      };
      return { query: query as unknown as PostgresPoolClient['query'], release };
    },
    end: () => pool.end(),
  };
}
