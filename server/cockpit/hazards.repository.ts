/**
 * Hidden dangers as stored (cockpit_hazards, with the linked order's code and status): all their SQL. The
 * lifecycle and the work order are in hazards.service.ts. A hazard is the district's whose center it was found at.
 */
import { prefixPattern } from '@/db/like';
import type { Kysely } from 'kysely';
import type { Database, HazardGrade, HazardPhoto, HazardStatus, HistoryEntry } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope } from '@/server/tenancy/district-sql';

/** The scope's hazards newest first, optionally one, one status, or the first `limit`. */
export function hazardRows(db: Kysely<Database>, filter: { id?: number; status?: HazardStatus; limit?: number }, scope: DistrictScope) {
  let query = db
    .selectFrom('cockpit_hazards as h')
    .leftJoin('orders as o', 'o.id', 'h.order_id')
    .selectAll('h')
    .select(['o.code as order_code', 'o.status as order_status'])
    .where(districtInScope('h.district_code', scope))
    .orderBy('h.reported_at', 'desc')
    .orderBy('h.id', 'desc');
  if (filter.id !== undefined) query = query.where('h.id', '=', filter.id);
  if (filter.status) query = query.where('h.status', '=', filter.status);
  if (filter.limit) query = query.limit(filter.limit);
  return query.execute();
}
export type HazardRow = Awaited<ReturnType<typeof hazardRows>>[number];

/** How many hazards have a code starting with `prefix` (the day's numbering). */
export async function countHazardCodes(db: Kysely<Database>, prefix: string): Promise<number> {
  const count = await db
    .selectFrom('cockpit_hazards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('code', 'like', prefixPattern(prefix))
    .executeTakeFirstOrThrow();
  return Number(count.n);
}

export interface NewHazard {
  code: string;
  title: string;
  description: string;
  place: string;
  grade: HazardGrade;
  deadline: Date;
  photos: HazardPhoto[];
  reportedBy: string;
  at: Date;
  districtCode: string | null;
}

/** A reported hazard; the unique code refuses a number taken meanwhile (error 23505). */
export async function insertHazard(db: Kysely<Database>, h: NewHazard): Promise<number> {
  const inserted = await db
    .insertInto('cockpit_hazards')
    .values({
      code: h.code,
      title: h.title,
      description: h.description,
      place: h.place,
      grade: h.grade,
      deadline: h.deadline,
      status: 'reported',
      photos: JSON.stringify(h.photos),
      reported_by: h.reportedBy,
      reported_at: h.at,
      history: JSON.stringify([{ at: h.at.toISOString(), by: h.reportedBy, action: 'report', note: null }]),
      updated_at: h.at,
      district_code: h.districtCode,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export interface HazardMove {
  status: HazardStatus;
  history: HistoryEntry[];
  photos: HazardPhoto[];
  at: Date;
  accepted?: { by: string; at: Date };
}

/** Moves a hazard if it is still at `version` (then at version + 1); false when it changed meanwhile. */
export async function moveHazardIf(db: Kysely<Database>, id: number, version: number, move: HazardMove): Promise<boolean> {
  const claimed = await db
    .updateTable('cockpit_hazards')
    .set({
      status: move.status,
      history: JSON.stringify(move.history),
      photos: JSON.stringify(move.photos),
      version: version + 1,
      updated_at: move.at,
      ...(move.accepted ? { accepted_by: move.accepted.by, accepted_at: move.accepted.at } : {}),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .execute();
  return claimed.length > 0;
}

export async function linkHazardOrder(db: Kysely<Database>, id: number, orderId: number, version: number): Promise<void> {
  await db.updateTable('cockpit_hazards').set({ order_id: orderId, version }).where('id', '=', id).execute();
}

/** Puts a hazard's status and history back (a dispatch whose order could not be made). */
export async function restoreHazard(
  db: Kysely<Database>,
  id: number,
  back: { status: HazardStatus; history: HistoryEntry[]; version: number; at: Date },
): Promise<void> {
  await db
    .updateTable('cockpit_hazards')
    .set({ status: back.status, history: JSON.stringify(back.history), version: back.version, updated_at: back.at })
    .where('id', '=', id)
    .execute();
}
