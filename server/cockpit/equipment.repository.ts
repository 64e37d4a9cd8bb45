/**
 * The disposal center's equipment archive and its inspection tasks (cockpit_equipment, cockpit_inspection_tasks):
 * all their SQL. Rows in, rows out; the rules (plans, check-in) are in inspections.service.ts. A piece is its
 * center's district's (district_code), and its tasks, readings and anomalies with it: reads for a person take
 * their scope; the jobs (plan, meters) work every district's.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@/db/schema';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope } from '@/server/tenancy/district-sql';

type Db = Kysely<Database> | Transaction<Database>;

export function energyMeters(db: Db, scope: DistrictScope = CITY_SCOPE) {
  return db
    .selectFrom('cockpit_equipment')
    .select(['id', 'code', 'name'])
    .where('type', '=', 'energy_meter')
    .where(districtInScope('district_code', scope))
    .orderBy('code')
    .execute();
}

/** Every piece with what the boards count it by. */
export function equipmentForBoards(db: Db, scope: DistrictScope) {
  return db
    .selectFrom('cockpit_equipment')
    .select(['id', 'code', 'name', 'type', 'area', 'status'])
    .where(districtInScope('district_code', scope))
    .orderBy('code')
    .execute();
}

export function allEquipment(db: Db, scope: DistrictScope) {
  return db.selectFrom('cockpit_equipment').selectAll().where(districtInScope('district_code', scope)).orderBy('code').execute();
}

/** Whether the piece exists within the scope (another district's is as absent as a missing one). */
export async function equipmentExists(db: Db, id: number, scope: DistrictScope): Promise<boolean> {
  const row = await db
    .selectFrom('cockpit_equipment')
    .select('id')
    .where('id', '=', id)
    .where(districtInScope('district_code', scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** Each piece's cycle and last inspection: what the routine plan is computed from. */
export function equipmentForPlan(db: Db) {
  return db.selectFrom('cockpit_equipment').select(['id', 'inspection_cycle_days', 'last_inspected_at', 'installed_on']).execute();
}

export async function markEquipmentInspected(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('cockpit_equipment').set({ last_inspected_at: at }).where('id', '=', id).execute();
}

/** Inserts tasks; one already planned for the same piece, day and kind stays as it is. Returns how many were new. */
export async function insertInspectionTasks(
  db: Db,
  tasks: ReadonlyArray<{ equipmentId: number; dueOn: string; emergency: boolean }>,
): Promise<number> {
  if (tasks.length === 0) return 0;
  const inserted = await db
    .insertInto('cockpit_inspection_tasks')
    .values(tasks.map((t) => ({ equipment_id: t.equipmentId, due_on: t.dueOn, emergency: t.emergency, status: 'pending' as const })))
    .onConflict((oc) => oc.columns(['equipment_id', 'due_on', 'emergency']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** Tasks due up to `today` that are still pending or due today: the boards' inspection figures. */
export function tasksForBoards(db: Db, today: string, scope: DistrictScope) {
  return db
    .selectFrom('cockpit_inspection_tasks as t')
    .innerJoin('cockpit_equipment as e', 'e.id', 't.equipment_id')
    .select(['t.due_on', 't.status'])
    .where('t.due_on', '<=', today)
    .where((eb) => eb.or([eb('t.status', '=', 'pending'), eb('t.due_on', '=', today)]))
    .where(districtInScope('e.district_code', scope))
    .execute();
}

/** Tasks due between two days (inclusive) with their equipment, by day, emergencies first, then code. */
export function inspectionTaskRows(db: Db, from: string, to: string, scope: DistrictScope) {
  return db
    .selectFrom('cockpit_inspection_tasks as t')
    .innerJoin('cockpit_equipment as e', 'e.id', 't.equipment_id')
    .select([
      't.id',
      't.equipment_id',
      'e.code',
      'e.name',
      'e.qr_payload',
      'e.area',
      't.due_on',
      't.emergency',
      't.status',
      't.checked_in_at',
      't.checked_by',
      't.photo_hash',
    ])
    .where('t.due_on', '>=', from)
    .where('t.due_on', '<=', to)
    .where(districtInScope('e.district_code', scope))
    .orderBy('t.due_on')
    .orderBy('t.emergency', 'desc')
    .orderBy('e.code')
    .execute();
}

/** One task of the scope's with its equipment's QR payload, locked for the check-in's transaction. */
export function taskForCheckIn(trx: Transaction<Database>, taskId: number, scope: DistrictScope) {
  return trx
    .selectFrom('cockpit_inspection_tasks as t')
    .innerJoin('cockpit_equipment as e', 'e.id', 't.equipment_id')
    .select(['t.id', 't.status', 't.equipment_id', 'e.qr_payload', 'e.code'])
    .where('t.id', '=', taskId)
    .where(districtInScope('e.district_code', scope))
    .forUpdate('t')
    .executeTakeFirst();
}

export async function markTaskDone(
  db: Db,
  id: number,
  done: { at: Date; by: string; photoHash: string; note: string | null },
): Promise<void> {
  await db
    .updateTable('cockpit_inspection_tasks')
    .set({ status: 'done', checked_in_at: done.at, checked_by: done.by, photo_hash: done.photoHash, note: done.note })
    .where('id', '=', id)
    .execute();
}

/** Each piece's next pending inspection day. */
export async function nextDueByEquipment(db: Db): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('cockpit_inspection_tasks')
    .select(['equipment_id', (eb) => eb.fn.min('due_on').as('due_on')])
    .where('status', '=', 'pending')
    .groupBy('equipment_id')
    .execute();
  return new Map(rows.map((n) => [n.equipment_id, n.due_on as string]));
}
