/** All SQL of loading a district's street or building layer: the previous import of the layer out, the new one in. */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { stFromGeoJSON } from '@/db/st';
import { insertInBatches } from '@/db/seed/batch-insert';
import type { BaseMapFeature, ImportLayer } from './base-map-feature';

/** Replaces the imported features of `layer` with `features`, in one transaction; the seeded rows stay. */
export function replaceImportedLayer(db: Kysely<Database>, layer: ImportLayer, features: readonly BaseMapFeature[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('base_features').where('layer', '=', layer).where('source', '=', 'import').execute();
    return insertInBatches(
      trx,
      'base_features',
      features.map((f) => ({
        layer,
        name: f.name,
        ref: null,
        props: JSON.stringify({ kind: f.kind, ...(f.sourceId ? { source_id: f.sourceId } : {}) }),
        source: 'import' as const,
        geom: stFromGeoJSON(f.geometry),
      })),
    );
  });
}
