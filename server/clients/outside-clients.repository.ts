/** All SQL of the outside-client registry. */
import { type Kysely, sql } from 'kysely';
import type { Database, OutsideClientKind, OutsideClientRow } from '@/db/schema';

export async function insertClient(
  db: Kysely<Database>,
  row: {
    kind: OutsideClientKind;
    name: string;
    keyPrefix: string;
    keyHash: string;
    scopes: string[];
    createdBy: number | null;
    at: Date;
    district: string | null;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('outside_clients')
    .values({
      kind: row.kind,
      name: row.name,
      key_prefix: row.keyPrefix,
      key_hash: row.keyHash,
      scopes: JSON.stringify(row.scopes),
      created_by: row.createdBy,
      created_at: row.at,
      district_code: row.district,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** The enabled client holding this key hash; its last use is stamped in the same statement. */
export function stampClientByHash(db: Kysely<Database>, keyHash: string, at: Date): Promise<OutsideClientRow | undefined> {
  return db
    .updateTable('outside_clients')
    .set({ last_used_at: at })
    .where('key_hash', '=', keyHash)
    .where('enabled', '=', true)
    .returningAll()
    .executeTakeFirst();
}

export function listClients(db: Kysely<Database>, kind?: OutsideClientKind): Promise<OutsideClientRow[]> {
  let q = db.selectFrom('outside_clients').selectAll().orderBy('id');
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
}

export async function disableClient(db: Kysely<Database>, id: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('outside_clients')
    .set({ enabled: false, withdrawn_at: at })
    .where('id', '=', id)
    .where('enabled', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One more call of a client to an interface on a Shanghai day: counted up in place, one row per day. */
export async function countCall(
  db: Kysely<Database>,
  row: { clientId: number; interfaceName: string; day: string; at: Date },
): Promise<void> {
  await db
    .insertInto('outside_client_calls')
    .values({ client_id: row.clientId, interface: row.interfaceName, day: row.day, calls: 1, last_at: row.at })
    .onConflict((oc) =>
      oc.columns(['client_id', 'interface', 'day']).doUpdateSet({
        calls: sql<number>`outside_client_calls.calls + 1`,
        last_at: sql<Date>`GREATEST(outside_client_calls.last_at, excluded.last_at)`,
      }),
    )
    .execute();
}

/** Calls per client and interface since a day (inclusive), with today's and the last call's time. */
export function callSummary(db: Kysely<Database>, sinceDay: string, today: string) {
  return db
    .selectFrom('outside_client_calls as c')
    .innerJoin('outside_clients as o', 'o.id', 'c.client_id')
    .select((eb) => [
      'c.client_id',
      'o.name',
      'o.kind',
      'o.key_prefix',
      'c.interface',
      eb.fn.sum<number>('c.calls').as('total'),
      sql<number>`COALESCE(sum(c.calls) FILTER (WHERE c.day = ${today}::date), 0)`.as('today'),
      eb.fn.max('c.last_at').as('last_at'),
    ])
    .where('c.day', '>=', sinceDay)
    .groupBy(['c.client_id', 'o.name', 'o.kind', 'o.key_prefix', 'c.interface'])
    .orderBy('c.client_id')
    .orderBy('c.interface')
    .execute();
}
