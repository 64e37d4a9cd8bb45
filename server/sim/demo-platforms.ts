/**
 * The demonstration's 12345 hotline and 区城运 platform (with SIMULATOR=on, unless PARTNER_SIMULATOR=off): each is
 * a platform simulator on its own local port, linked to OneMap with fresh keys at every start, that sends tickets
 * through the real signed partner interface at the daily rhythm of demo-tickets.ts (PARTNER_SIMULATOR=on-demand:
 * only when asked) and receives OneMap's reports (acceptance, progress, result, evidence) and, for 区城运, the
 * unit positions. A partner an administrator configured for real is left alone and not simulated.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, PartnerCode } from '@/db/schema';
import { createRandom, type Random } from '@/geo/random';
import type { Clock } from '@/server/clock';
import { demoTicket, nextTicketDelayMinutes, type TicketPlace, ticketRef } from './demo-tickets';
import type { PartnerDeliveryService } from '@/server/partners/partner-delivery.service';
import type { PartnerOrderInput } from '@/server/partners/partner-messages';
import { countPartnerRequests, findPartner, listTicketPlaces } from '@/server/partners/partners.repository';
import { type PlatformSimulator, sendOrderToOneMap, startPlatformSimulator } from './platform-simulator';
import { logFor } from '@/server/ops/log';

const log = logFor('demo-platforms');

export type PartnerSimulatorMode = 'daily' | 'on-demand' | 'off';

/** Marks a partner configured by the demonstration, so a real configuration is never overwritten. */
export const DEMO_PARTNER_MARK = '（演示模拟）';
const NAMES: Record<PartnerCode, string> = { hotline_12345: '12345市民服务热线', city_ops: '区城运平台' };
const MINUTE_MS = 60_000;

interface SimulatedPlatform {
  simulator: PlatformSimulator;
  inboundSecret: string;
  sequence: number;
  random: Random;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface DemoPlatformsStatus {
  partner: PartnerCode;
  simulated: boolean;
  sent: Array<{ ref: string; code: string | null; status: number }>;
  reports: Array<{ ref: string; code: string; action: string; to: string; at: string; evidence: number }>;
  positionBatches: number;
  positionsReceived: number;
}

export class DemoPlatforms {
  private readonly platforms = new Map<PartnerCode, SimulatedPlatform>();
  private readonly sent = new Map<PartnerCode, DemoPlatformsStatus['sent']>();
  private places: TicketPlace[] = [];
  private stopped = false;

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      deliveries: PartnerDeliveryService;
      /** Where OneMap's partner interface listens (this process). */
      baseUrl: string;
      seed: number;
      mode: Exclude<PartnerSimulatorMode, 'off'>;
    },
  ) {}

  async start(): Promise<PartnerCode[]> {
    const { db, deliveries, seed } = this.deps;
    this.places = await listTicketPlaces(db);
    const random = createRandom(seed).fork('partner-platforms');
    for (const partner of ['hotline_12345', 'city_ops'] as const) {
      const existing = await findPartner(db, partner);
      if (existing && !existing.name.endsWith(DEMO_PARTNER_MARK)) continue;
      const inboundSecret = randomBytes(24).toString('hex');
      const outboundSecret = randomBytes(24).toString('hex');
      const simulator = await startPlatformSimulator({ secret: outboundSecret, now: () => this.deps.clock.now().getTime(), keep: 500 });
      await deliveries.configurePartner({
        code: partner,
        name: `${NAMES[partner]}${DEMO_PARTNER_MARK}`,
        inboundSecret,
        outboundUrl: simulator.reportUrl,
        outboundSecret,
        active: true,
      });
      this.platforms.set(partner, {
        simulator,
        inboundSecret,
        sequence: await countPartnerRequests(db, partner),
        random: random.fork(partner),
        timer: null,
      });
      this.sent.set(partner, []);
      if (this.deps.mode === 'daily') this.scheduleNext(partner);
    }
    return [...this.platforms.keys()];
  }

  private scheduleNext(partner: PartnerCode): void {
    const platform = this.platforms.get(partner);
    if (!platform || this.stopped || !this.places.length) return;
    const delay = nextTicketDelayMinutes(partner, this.deps.clock.now(), platform.random) * MINUTE_MS;
    platform.timer = setTimeout(() => {
      this.sendTicket(partner)
        .catch((error: unknown) =>
          log.warn(`${partner} ticket not sent`, { reason: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => this.scheduleNext(partner));
    }, delay);
    platform.timer.unref();
  }

  /** Sends one ticket now, through the signed interface; `over` pins what a demonstration or test needs. */
  async sendTicket(
    partner: PartnerCode,
    over: Partial<Pick<PartnerOrderInput, 'category' | 'description' | 'location' | 'address' | 'urgency'>> = {},
  ) {
    const platform = this.platforms.get(partner);
    if (!platform) throw new Error(`${partner} is not simulated here`);
    const now = this.deps.clock.now();
    const ref = ticketRef(partner, now, ++platform.sequence);
    const place = platform.random.pick(this.places);
    const ticket: PartnerOrderInput = { ...demoTicket(partner, ref, place, platform.random), ...over };
    const answer = await sendOrderToOneMap(this.deps.baseUrl, partner, platform.inboundSecret, ticket, {
      idempotencyKey: ref,
      timestampMs: now.getTime(),
    });
    const code = typeof answer.body.code === 'string' ? answer.body.code : null;
    const sent = this.sent.get(partner)!;
    sent.unshift({ ref, code, status: answer.status });
    sent.length = Math.min(sent.length, 50);
    return { ref, code, status: answer.status };
  }

  /** What each simulated platform sent and has heard back (newest first), for the demonstration and the tests. */
  status(): DemoPlatformsStatus[] {
    return [...this.platforms.entries()].map(([partner, { simulator }]) => ({
      partner,
      simulated: true,
      sent: this.sent.get(partner) ?? [],
      reports: simulator.reports
        .slice(-200)
        .reverse()
        .map(({ message }) => ({
          ref: message.ref,
          code: message.code,
          action: message.event.action,
          to: message.event.to,
          at: message.event.at,
          evidence: message.event.evidence.length,
        })),
      positionBatches: simulator.positionBatches.length,
      positionsReceived: simulator.positionsReceived,
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const platform of this.platforms.values()) {
      if (platform.timer) clearTimeout(platform.timer);
      await platform.simulator.close();
    }
  }
}
