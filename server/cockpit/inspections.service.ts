/**
 * Equipment inspections (设备巡检): routine tasks generated from the archive by type and cycle
 * (inspection-plan.ts), emergency tasks added by hand, and the inspector's check-in on site — scanning the
 * equipment's QR code (or picking the task) with a photo uploaded through POST /api/uploads. A person sees and
 * acts on their own district's center only: another district's task or equipment is not found.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { AppError } from '@/domain/errors';
import { shanghaiDay } from '@/domain/shanghai-time';
import {
  allEquipment,
  equipmentExists,
  equipmentForPlan,
  insertInspectionTasks,
  inspectionTaskRows,
  markEquipmentInspected,
  markTaskDone,
  nextDueByEquipment,
  taskForCheckIn,
} from './equipment.repository';
import { planInspections } from './inspection-plan';

export const PLAN_HORIZON_DAYS = 14;

/** Plans the next `horizonDays` of routine tasks; tasks already planned stay as they are. */
export async function writeInspectionPlan(db: Kysely<Database>, today: string, horizonDays = PLAN_HORIZON_DAYS): Promise<number> {
  const equipment = await equipmentForPlan(db);
  const tasks = planInspections(
    equipment.map((e) => ({
      id: e.id,
      cycleDays: e.inspection_cycle_days,
      lastInspectedOn: e.last_inspected_at ? shanghaiDay(e.last_inspected_at) : e.installed_on,
    })),
    today,
    horizonDays,
  );
  return insertInspectionTasks(
    db,
    tasks.map((t) => ({ ...t, emergency: false })),
  );
}

export interface InspectionTaskView {
  id: number;
  equipmentId: number;
  equipmentCode: string;
  equipmentName: string;
  qrPayload: string;
  area: string;
  dueOn: string;
  emergency: boolean;
  status: 'pending' | 'done';
  checkedInAt: Date | null;
  checkedBy: string | null;
  photoHash: string | null;
}

export async function listInspectionTasks(
  db: Kysely<Database>,
  from: string,
  to: string,
  scope: DistrictScope = CITY_SCOPE,
): Promise<InspectionTaskView[]> {
  const rows = await inspectionTaskRows(db, from, to, scope);
  return rows.map((r) => ({
    id: r.id,
    equipmentId: r.equipment_id,
    equipmentCode: r.code,
    equipmentName: r.name,
    qrPayload: r.qr_payload,
    area: r.area,
    dueOn: r.due_on,
    emergency: r.emergency,
    status: r.status,
    checkedInAt: r.checked_in_at,
    checkedBy: r.checked_by,
    photoHash: r.photo_hash,
  }));
}

/** Today's tasks and any still pending from earlier days: the inspector's list. */
export async function todaysInspections(
  db: Kysely<Database>,
  today: string,
  scope: DistrictScope = CITY_SCOPE,
): Promise<InspectionTaskView[]> {
  const tasks = await listInspectionTasks(db, '2000-01-01', today, scope);
  return tasks.filter((t) => t.dueOn === today || t.status === 'pending');
}

/** An emergency inspection of one piece today (e.g. after a fault alarm). */
export async function addEmergencyInspection(
  db: Kysely<Database>,
  equipmentId: number,
  today: string,
  scope: DistrictScope = CITY_SCOPE,
): Promise<void> {
  if (!(await equipmentExists(db, equipmentId, scope)))
    throw new AppError('NOT_FOUND', 'error.notFound', `No equipment ${equipmentId}`, { what: `equipment ${equipmentId}` });
  await insertInspectionTasks(db, [{ equipmentId, dueOn: today, emergency: true }]);
}

/**
 * Check-in on site: the QR code read on the spot must be the task's equipment's, and a photo is required.
 * Done once: a second check-in of the same task is refused.
 */
export async function checkIn(
  db: Kysely<Database>,
  input: { taskId: number; qrPayload: string; photoHash: string; note?: string | null },
  by: string,
  now: Date,
  scope: DistrictScope = CITY_SCOPE,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const task = await taskForCheckIn(trx, input.taskId, scope);
    if (!task) throw new AppError('NOT_FOUND', 'error.notFound', `No inspection task ${input.taskId}`, { what: `task ${input.taskId}` });
    if (task.status === 'done')
      throw new AppError('CONFLICT', 'cockpit.error.alreadyCheckedIn', `Task ${input.taskId} is already checked in`, { code: task.code });
    if (input.qrPayload.trim() !== task.qr_payload) {
      throw new AppError('BAD_REQUEST', 'cockpit.error.wrongEquipment', `The QR code is not ${task.code}'s`, { code: task.code });
    }
    await markTaskDone(trx, task.id, { at: now, by, photoHash: input.photoHash, note: input.note ?? null });
    await markEquipmentInspected(trx, task.equipment_id, now);
  });
}

export interface EquipmentView {
  id: number;
  code: string;
  qrPayload: string;
  name: string;
  type: string;
  area: string;
  status: string;
  tags: string[];
  installedOn: string;
  cycleDays: number;
  lastInspectedAt: Date | null;
  /** The next pending inspection's day, null when none is planned. */
  nextDueOn: string | null;
  synthetic: boolean;
}

/** The equipment archive (设备电子档案), optionally narrowed by a text found in code, name, area, type or tags. */
export async function listEquipment(db: Kysely<Database>, search?: string, scope: DistrictScope = CITY_SCOPE): Promise<EquipmentView[]> {
  const [rows, nextOf] = await Promise.all([allEquipment(db, scope), nextDueByEquipment(db)]);
  const needle = search?.trim().toLowerCase();
  return rows
    .map((e) => ({
      id: e.id,
      code: e.code,
      qrPayload: e.qr_payload,
      name: e.name,
      type: e.type,
      area: e.area,
      status: e.status,
      tags: e.tags,
      installedOn: e.installed_on,
      cycleDays: e.inspection_cycle_days,
      lastInspectedAt: e.last_inspected_at,
      nextDueOn: nextOf.get(e.id) ?? null,
      synthetic: e.synthetic,
    }))
    .filter((e) => !needle || [e.code, e.name, e.area, e.type, ...e.tags].some((v) => v.toLowerCase().includes(needle)));
}
