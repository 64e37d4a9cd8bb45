/** All SQL of the event feed (table event_feed): append an entry, read the latest. */
import { type Kysely, sql } from 'kysely';
import type { Database, EventFeedRow, EventSeverity } from '@/db/schema';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { districtOfFacility, districtOfUnit } from '@/server/tenancy/district-sql';

export interface NewFeedEntry {
  kind: string;
  severity: EventSeverity;
  messageKey: string;
  params: Record<string, string | number>;
  facilityId: number | null;
  unitId: number | null;
}

/** Stores an entry; returns it with the district it concerns (its facility's or unit's), whose walls hear it. */
export async function insertFeedEntry(db: Kysely<Database>, entry: NewFeedEntry): Promise<EventFeedRow & { district_code: string | null }> {
  return db
    .insertInto('event_feed')
    .values({
      kind: entry.kind,
      severity: entry.severity,
      message_key: entry.messageKey,
      params: JSON.stringify(entry.params),
      facility_id: entry.facilityId,
      unit_id: entry.unitId,
    })
    .returningAll()
    .returning(
      sql<string | null>`COALESCE(${districtOfFacility(sql.ref('facility_id'))}, ${districtOfUnit(sql.ref('unit_id'))})`.as(
        'district_code',
      ),
    )
    .executeTakeFirstOrThrow();
}

/** The district a feed entry concerns, as a condition on event_feed's columns. */
function feedInScope(scope: DistrictScope) {
  if (scope.kind === 'city') return sql<boolean>`true`;
  return sql<boolean>`COALESCE(${districtOfFacility(sql.ref('facility_id'))}, ${districtOfUnit(sql.ref('unit_id'))}) = ${scope.code}`;
}

/** The newest entries first. */
export async function recentFeedEntries(db: Kysely<Database>, limit: number, scope: DistrictScope = CITY_SCOPE): Promise<EventFeedRow[]> {
  return db
    .selectFrom('event_feed')
    .selectAll()
    .where(feedInScope(scope))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
