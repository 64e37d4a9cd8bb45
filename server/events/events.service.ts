/**
 * The live event feed: things the duty officer should notice (a unit went offline, a light faulted, a route was
 * finished). An entry is stored with a message key and parameters, so it renders in either language, and is
 * broadcast as 'feed:event' the moment it is stored.
 */
import type { Kysely } from 'kysely';
import type { Database, EventFeedRow, EventSeverity } from '@/db/schema';
import type { FeedEventPayload } from '@/domain/realtime/events';
import type { LiveBroadcaster } from '@/server/realtime/live-hub';
import { insertFeedEntry, recentFeedEntries } from './events.repository';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { logFor } from '@/server/ops/log';

const log = logFor('events');

export interface RaiseEvent {
  kind: string;
  severity?: EventSeverity;
  messageKey: string;
  params?: Record<string, string | number>;
  facilityId?: number | null;
  unitId?: number | null;
}

export const MAX_RECENT_EVENTS = 200;

export class EventFeedService {
  private readonly storing = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly broadcaster: LiveBroadcaster,
  ) {}

  async raise(event: RaiseEvent): Promise<FeedEventPayload> {
    const row = await insertFeedEntry(this.db, {
      kind: event.kind,
      severity: event.severity ?? 'info',
      messageKey: event.messageKey,
      params: event.params ?? {},
      facilityId: event.facilityId ?? null,
      unitId: event.unitId ?? null,
    });
    const payload = toPayload(row);
    this.broadcaster.feedEvent(payload, row.district_code);
    return payload;
  }

  /** Fire-and-forget for background jobs: a feed entry that fails to store is logged, never thrown into a timer. */
  raiseInBackground(event: RaiseEvent): void {
    const stored: Promise<void> = this.raise(event)
      .then(() => undefined)
      .catch((error: unknown) => log.error(`could not store ${event.kind}`, error))
      .finally(() => this.storing.delete(stored));
    this.storing.add(stored);
  }

  /** Resolves once every background entry raised so far is stored or logged: so a shutdown (or a test) need not guess. */
  async idle(): Promise<void> {
    while (this.storing.size > 0) await Promise.all([...this.storing]);
  }

  /** The newest entries of the scope's district (every district's city-wide). */
  async recent(limit: number, scope: DistrictScope = CITY_SCOPE): Promise<FeedEventPayload[]> {
    const rows = await recentFeedEntries(this.db, Math.min(Math.max(1, limit), MAX_RECENT_EVENTS), scope);
    return rows.map(toPayload);
  }
}

function toPayload(row: EventFeedRow): FeedEventPayload {
  return {
    id: row.id,
    at: new Date(row.at).getTime(),
    kind: row.kind,
    severity: row.severity,
    messageKey: row.message_key,
    params: typeof row.params === 'string' ? (JSON.parse(row.params) as Record<string, string | number>) : row.params,
    facilityId: row.facility_id,
    unitId: row.unit_id,
  };
}
