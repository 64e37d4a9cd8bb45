/** All SQL of the outside-client registry. */
import type { Kysely } from 'kysely';
import type { Database, OutsideClientKind, OutsideClientRow } from '@/db/schema';

export async function insertClient(
  db: Kysely<Database>,
  row: { kind: OutsideClientKind; name: string; keyPrefix: string; keyHash: string; scopes: string[]; createdBy: number | null; at: Date },
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
