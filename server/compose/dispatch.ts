/**
 * Part of the composition root (server/app.ts): the order services over one database — orders, rules, dispatch,
 * automatic check, intake, the deadline watch, partner deliveries, Open311 and voice calls — sharing one clock
 * and one `publish`, and their periodic job. Tests build their own with a manual clock.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { type Clock, systemClock } from '@/server/clock';
import { type StartRounds, startRounds } from '@/server/jobs/rounds';
import { DeadlineWatch } from '@/server/orders/deadline-watch';
import { type PublishOrderNotice, publishNowhere } from '@/domain/orders/order-notice';
import { OrdersService } from '@/server/orders/orders.service';
import { AutoDispatchService } from '@/server/dispatch/auto-dispatch.service';
import { DispatchService } from '@/server/dispatch/dispatch.service';
import { OrderIntake } from '@/server/dispatch/intake';
import { Open311Service } from '@/server/open311/open311.service';
import { OutsideClientsService } from '@/server/clients/outside-clients.service';
import { fetchTransport, PartnerDeliveryService, type PartnerTransport } from '@/server/partners/partner-delivery.service';
import { DispatchRulesService } from '@/server/dispatch/rules.service';
import { recordingProvider, type VoiceProvider } from '@/server/voice/voice-provider';
import { VoiceService } from '@/server/voice/voice.service';

export interface DispatchHub {
  /** The hub's time source; readers of 'now' (summaries, views) ask it too, so tests control time everywhere. */
  clock: Clock;
  orders: OrdersService;
  dispatch: DispatchService;
  dispatchRules: DispatchRulesService;
  autoDispatch: AutoDispatchService;
  intake: OrderIntake;
  deadlines: DeadlineWatch;
  /** Reports back to 区城运 and 12345 (outbox delivery, dead letters). */
  partnerDeliveries: PartnerDeliveryService;
  /** Open311 GeoReport v2 over the same intake. */
  open311: Open311Service;
  /** AI voice calls: reminders planned after each deadline sweep, follow-ups after closing. */
  voice: VoiceService;
}

export function createDispatchHub(options: {
  db: Kysely<Database>;
  clock?: Clock;
  publish?: PublishOrderNotice;
  transport?: PartnerTransport;
  voiceProvider?: VoiceProvider;
}): DispatchHub {
  const db = options.db;
  const clock = options.clock ?? systemClock;
  const publish = options.publish ?? publishNowhere;
  const orders = new OrdersService({ db, clock, publish });
  const dispatchRules = new DispatchRulesService({ db, clock });
  const dispatch = new DispatchService({ db, clock, orders, rules: dispatchRules, publish });
  const autoDispatch = new AutoDispatchService({ clock, orders, dispatch, rules: dispatchRules });
  const intake = new OrderIntake({ orders, rules: dispatchRules, auto: autoDispatch });
  const deadlines = new DeadlineWatch({ db, clock, orders, publish });
  const partnerDeliveries = new PartnerDeliveryService({ db, clock, transport: options.transport ?? fetchTransport });
  const open311 = new Open311Service({ db, orders, intake, clients: new OutsideClientsService({ db, clock }) });
  const voice = new VoiceService({
    db,
    clock,
    provider: options.voiceProvider ?? recordingProvider,
    categoryName: async (code) => (code ? ((await orders.category(code))?.name_zh ?? code) : ''),
  });
  return { clock, orders, dispatch, dispatchRules, autoDispatch, intake, deadlines, partnerDeliveries, open311, voice };
}

/**
 * Every `intervalMs`: the deadline sweep, the voice reminders it calls for, and orders the automatic check never
 * reached. A round never overlaps the previous one; errors are logged and the next one tries again. Returns `stop`,
 * which waits for a round in flight. (The partner outbox has its own quicker round, started beside this one.)
 */
export function startDispatchJobs(hub: DispatchHub, intervalMs = 15_000, rounds: StartRounds = startRounds): () => Promise<void> {
  return rounds('dispatch-jobs', intervalMs, async () => {
    await hub.deadlines.sweep();
    // The sweep has just marked what is nearing or late: the voice reminders follow from it.
    await hub.voice.plan();
    await hub.voice.runDue();
    await hub.autoDispatch.processUnchecked();
  });
}
