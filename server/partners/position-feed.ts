/**
 * 区城运 sees where the bureau's units are: every minute, the positions that changed since the last batch go into
 * the partner outbox as one message (signed and retried like every report). Nothing is queued while 区城运 has no
 * active endpoint, so an unconfigured link does not pile up stale positions.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { Clock } from '@/server/clock';
import type { SnapshotUnit } from '@/server/units/live-types';
import type { PartnerPositionsMessage } from './partner-messages';
import { findPartner, queueOutboxMessage } from './partners.repository';
import { logFor } from '@/server/ops/log';

const log = logFor('position-feed');

/** At most this many positions in one message; a larger fleet makes several. */
const MAX_BATCH = 1000;

export class PositionFeed {
  /** Fix time last sent per unit. */
  private readonly sent = new Map<number, number>();

  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; units: () => readonly SnapshotUnit[] }) {}

  /** Queues the changed positions; returns how many. */
  async queueChanged(): Promise<number> {
    const { db, clock } = this.deps;
    const partner = await findPartner(db, 'city_ops');
    if (!partner?.active || !partner.outbound_url) return 0;
    const changed = this.deps.units().filter((u) => u.position && u.position.at !== this.sent.get(u.id));
    const now = clock.now();
    for (let i = 0; i < changed.length; i += MAX_BATCH) {
      const slice = changed.slice(i, i + MAX_BATCH);
      const message: PartnerPositionsMessage = {
        batchId: `${now.getTime()}-${i / MAX_BATCH}`,
        at: now.toISOString(),
        positions: slice.map((u) => ({
          code: u.code,
          kind: u.kind,
          lng: u.position!.lng,
          lat: u.position!.lat,
          at: new Date(u.position!.at).toISOString(),
          speedMps: u.position!.speedMps,
          headingDeg: u.position!.headingDeg,
        })),
      };
      await queueOutboxMessage(db, { partner: 'city_ops', kind: 'positions', body: { ...message }, at: now });
    }
    for (const u of changed) this.sent.set(u.id, u.position!.at);
    return changed.length;
  }

  /** Queues a batch every `intervalMs` (a round never overlaps the previous); returns `stop`. */
  start(intervalMs = 60_000): () => Promise<void> {
    let running: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      running ??= this.queueChanged()
        .catch((error: unknown) => log.error('batch failed', error))
        .finally(() => (running = null));
    }, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}
