/** All SQL of the kept base-map pictures (base_map_snapshots, migration 0076). */
import type { Kysely, Selectable } from 'kysely';
import type { BaseMapSnapshotTable, Database } from '@/db/schema';

type Db = Kysely<Database>;
export type SnapshotRow = Selectable<BaseMapSnapshotTable>;

export async function findSnapshot(db: Db, scope: string, viewKey: string): Promise<SnapshotRow | undefined> {
  return db.selectFrom('base_map_snapshots').selectAll().where('scope', '=', scope).where('view_key', '=', viewKey).executeTakeFirst();
}

export async function capturedAt(db: Db, scope: string, viewKey: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('base_map_snapshots')
    .select('captured_at')
    .where('scope', '=', scope)
    .where('view_key', '=', viewKey)
    .executeTakeFirst();
  return row?.captured_at;
}

/** Keeps the picture as the view's latest, replacing the one before. */
export async function upsertSnapshot(db: Db, row: SnapshotRow): Promise<void> {
  await db
    .insertInto('base_map_snapshots')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['scope', 'view_key']).doUpdateSet((eb) => ({
        image: eb.ref('excluded.image'),
        camera_lng: eb.ref('excluded.camera_lng'),
        camera_lat: eb.ref('excluded.camera_lat'),
        camera_zoom: eb.ref('excluded.camera_zoom'),
        captured_at: eb.ref('excluded.captured_at'),
        captured_by: eb.ref('excluded.captured_by'),
      })),
    )
    .execute();
}

/** Drops all but the `keep` most recently taken pictures of a scope. */
export async function keepLatest(db: Db, scope: string, keep: number): Promise<void> {
  const kept = db.selectFrom('base_map_snapshots').select('view_key').where('scope', '=', scope).orderBy('captured_at', 'desc').limit(keep);
  await db.deleteFrom('base_map_snapshots').where('scope', '=', scope).where('view_key', 'not in', kept).execute();
}
