/**
 * Energy anomalies and their rectification as stored (cockpit_energy_anomalies): all their SQL. An anomaly is its
 * meter's district's (cockpit_equipment.district_code).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, HistoryEntry, RectificationStatus } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope } from '@/server/tenancy/district-sql';

export interface NewAnomaly {
  equipmentId: number;
  metric: string;
  at: Date;
  observedPerHour: number;
  baselinePerHour: number;
}

/** Raises an anomaly unless one is open (raised or assigned) for the same meter and metric; true when raised. */
export async function raiseAnomalyUnlessOpen(db: Kysely<Database>, a: NewAnomaly): Promise<boolean> {
  const history: HistoryEntry[] = [{ at: a.at.toISOString(), by: '系统', action: 'raise', note: null }];
  const inserted = await db
    .insertInto('cockpit_energy_anomalies')
    .values({
      equipment_id: a.equipmentId,
      metric: a.metric,
      raised_at: a.at,
      observed_per_hour: a.observedPerHour,
      baseline_per_hour: a.baselinePerHour,
      status: 'raised',
      history: JSON.stringify(history),
      updated_at: a.at,
    })
    .onConflict((oc) => oc.columns(['equipment_id', 'metric']).where('status', 'in', ['raised', 'assigned']).doNothing())
    .returning('id')
    .execute();
  return inserted.length > 0;
}

/** The scope's 50 newest anomalies with their meter's code and name; `openOnly` leaves out the verified. */
export function anomalyRows(db: Kysely<Database>, openOnly: boolean, scope: DistrictScope) {
  let query = db
    .selectFrom('cockpit_energy_anomalies as a')
    .innerJoin('cockpit_equipment as e', 'e.id', 'a.equipment_id')
    .selectAll('a')
    .select(['e.code', 'e.name'])
    .where(districtInScope('e.district_code', scope))
    .orderBy('a.raised_at', 'desc')
    .limit(50);
  if (openOnly) query = query.where('a.status', '!=', 'verified');
  return query.execute();
}

/** One anomaly of the scope's, locked for the rectification's transaction. */
export function anomalyForUpdate(trx: Transaction<Database>, id: number, scope: DistrictScope) {
  return trx
    .selectFrom('cockpit_energy_anomalies')
    .selectAll()
    .where('id', '=', id)
    .where('equipment_id', 'in', trx.selectFrom('cockpit_equipment').select('id').where(districtInScope('district_code', scope)))
    .forUpdate()
    .executeTakeFirst();
}

/** One rectification move, applied only at `version` (then at version + 1). */
export async function moveAnomalyIf(
  db: Kysely<Database>,
  id: number,
  version: number,
  move: { status: RectificationStatus; assignee: string | null; measures: string | null; history: HistoryEntry[]; at: Date },
): Promise<void> {
  await db
    .updateTable('cockpit_energy_anomalies')
    .set({
      status: move.status,
      assignee: move.assignee,
      measures: move.measures,
      history: JSON.stringify(move.history),
      version: version + 1,
      updated_at: move.at,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .execute();
}
