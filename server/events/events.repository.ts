/** All SQL of the event feed (table event_feed): append an entry, read the latest. */
import type { Kysely } from 'kysely';
import type { Database, EventFeedRow, EventSeverity } from '@/db/schema';

export interface NewFeedEntry {
  kind: string;
  severity: EventSeverity;
  messageKey: string;
  params: Record<string, string | number>;
  facilityId: number | null;
  unitId: number | null;
}

export async function insertFeedEntry(db: Kysely<Database>, entry: NewFeedEntry): Promise<EventFeedRow> {
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
    .executeTakeFirstOrThrow();
}

/** The newest entries first. */
export async function recentFeedEntries(db: Kysely<Database>, limit: number): Promise<EventFeedRow[]> {
  return db.selectFrom('event_feed').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
