/** All SQL of which units work on which order (order_assignments): several units per incident are possible. */
import type { Kysely } from 'kysely';
import type { AssignmentStatus, Database } from '@/db/schema';

export interface NewAssignment {
  unitId: number;
  role: 'lead' | 'support';
  distanceM: number | null;
  etaMinutes: number | null;
}

export async function insertAssignments(
  db: Kysely<Database>,
  orderId: number,
  assignedBy: number | null,
  at: Date,
  rows: readonly NewAssignment[],
): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('order_assignments')
    .values(
      rows.map((r) => ({
        order_id: orderId,
        unit_id: r.unitId,
        role: r.role,
        status: 'active' as const,
        assigned_by: assignedBy,
        assigned_at: at,
        distance_m: r.distanceM,
        eta_minutes: r.etaMinutes,
      })),
    )
    .execute();
}

/** Ends every active assignment of an order (returned, recalled, closed, voided). */
export async function endActiveAssignments(
  db: Kysely<Database>,
  orderId: number,
  status: Exclude<AssignmentStatus, 'active'>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('order_assignments')
    .set({ status, ended_at: at })
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .execute();
}

export function listAssignments(db: Kysely<Database>, orderId: number) {
  return db
    .selectFrom('order_assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'u.kind as unit_kind',
      'a.role',
      'a.status',
      'a.assigned_by',
      'a.assigned_at',
      'a.ended_at',
      'a.distance_m',
      'a.eta_minutes',
    ])
    .where('a.order_id', '=', orderId)
    .orderBy('a.id')
    .execute();
}

export async function hasActiveAssignment(db: Kysely<Database>, orderId: number, unitId: number): Promise<boolean> {
  const row = await db
    .selectFrom('order_assignments')
    .select('id')
    .where('order_id', '=', orderId)
    .where('unit_id', '=', unitId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

/** Units already working on an order (active assignments). */
export async function activeUnitIds(db: Kysely<Database>, orderId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('order_assignments')
    .select('unit_id')
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.unit_id);
}
