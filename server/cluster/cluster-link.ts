/**
 * The Redis that joins several app processes on one PostgreSQL (REDIS_URL; see deploy/ and the README):
 *  - Socket.IO's maintained Redis Streams adapter carries every broadcast (alarm and order notices, the event feed,
 *    facility states) to the sockets of every process;
 *  - one pub/sub channel carries each process's accepted positions to the others (shared-fixes.ts), so each
 *    process's live store, frames and offline sweeps cover every unit;
 *  - another tells the others that the unit table changed (a device key issued or withdrawn), so a withdrawn key
 *    stops working on every process at once, not at their next periodic re-read.
 * While Redis cannot be reached each process goes on alone: it broadcasts to its own sockets only (the adapter
 * would otherwise wait on Redis before its local send), /readyz says "degraded", and the link comes back by itself.
 * A screen that missed notices meanwhile reads them from the notice journal in PostgreSQL when the next one arrives.
 */
import { randomInt } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { logFor } from '@/server/ops/log';
import { decodeSharedFixes, encodeSharedFixes, type SharedFix } from './shared-fixes';

const log = logFor('cluster');
const FIXES_CHANNEL = 'onemap:positions';
const UNITS_CHANNEL = 'onemap:units-changed';
/** Socket.IO's stream; kept short (≈) because a screen catches up on notices from the journal, not from Redis. */
const STREAM_MAX_LEN = 10_000;

/** What the live store needs from its peers: send its accepted fixes, hear theirs; say the units changed, hear it. */
export interface PositionPeers {
  share(fixes: readonly SharedFix[]): void;
  onShared(handler: (fixes: SharedFix[]) => void): void;
  unitsChanged(): void;
  onUnitsChanged(handler: () => void): void;
}

export interface ClusterLink extends PositionPeers {
  /** The Socket.IO adapter (createRealtimeServer's `adapter`). */
  readonly adapter: ReturnType<typeof createAdapter>;
  /** Whether Redis answers now: broadcasts go to every process, else to this one's sockets only. */
  isUp(): boolean;
  /** For /readyz: a PING's round trip, or why there is none (within a second). */
  check(): Promise<{ ok: true; ms: number } | { ok: false; error: string }>;
  close(): Promise<void>;
}

export function connectClusterLink(url: string): ClusterLink {
  const publisher = createClient({
    url,
    // Retry quickly at first, then every 2 s, for ever: Redis coming back is the normal end of an outage.
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 2000 },
    // Commands issued while Redis is away wait (at most this many) and go when it returns.
    commandsQueueMaxLength: 10_000,
  });
  const subscriber = publisher.duplicate();
  const senderId = randomInt(0, 0xffff_ffff);
  const handlers: Array<(fixes: SharedFix[]) => void> = [];
  const unitsHandlers: Array<() => void> = [];
  const sender = Buffer.alloc(4);
  sender.writeUInt32BE(senderId);
  let wasUp = false;

  publisher.on('ready', () => {
    wasUp = true;
    log.info('redis: connected; broadcasts reach every process');
  });
  publisher.on('error', (error: Error) => {
    if (wasUp) log.warn(`redis: unreachable (${error.message}); this process serves its own screens alone until it returns`);
    wasUp = false;
  });
  subscriber.on('error', () => undefined); // the publisher reports the outage once
  // Not awaited: a process starts and serves its own screens even while Redis is still away.
  publisher.connect().catch((error: unknown) => log.error('redis: cannot connect', error));
  subscriber
    .connect()
    .then(async () => {
      await subscriber.subscribe(
        FIXES_CHANNEL,
        (message: Buffer) => {
          const batch = decodeSharedFixes(message);
          if (!batch) return log.warn('redis: a positions message that is not a whole batch was ignored');
          if (batch.senderId === senderId) return;
          for (const handler of handlers) handler(batch.fixes);
        },
        true,
      );
      await subscriber.subscribe(
        UNITS_CHANNEL,
        (message: Buffer) => {
          if (!message.equals(sender)) for (const handler of unitsHandlers) handler();
        },
        true,
      );
    })
    .catch((error: unknown) => log.error('redis: cannot subscribe to positions', error));

  const adapter = createAdapter(publisher, { maxLen: STREAM_MAX_LEN });

  return {
    adapter,
    isUp: () => publisher.isReady,
    share(fixes) {
      if (fixes.length === 0 || !publisher.isReady) return;
      // Positions are live, not history: a batch lost in an outage is replaced by the next second's.
      publisher.publish(FIXES_CHANNEL, encodeSharedFixes(senderId, fixes)).catch(() => undefined);
    },
    onShared(handler) {
      handlers.push(handler);
    },
    unitsChanged() {
      // Queued while Redis is away: a withdrawn key must reach every process.
      publisher.publish(UNITS_CHANNEL, sender).catch((error: unknown) => log.error('redis: could not tell the units changed', error));
    },
    onUnitsChanged(handler) {
      unitsHandlers.push(handler);
    },
    async check() {
      if (!publisher.isReady) return { ok: false, error: 'Redis is not connected' };
      const started = performance.now();
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 1 s')), 1000).unref());
      try {
        await Promise.race([publisher.ping(), timeout]);
        return { ok: true, ms: Math.round(performance.now() - started) };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
