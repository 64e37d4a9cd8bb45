/**
 * AI voice calls (外呼): plans the reminder and follow-up calls from the orders (after each deadline sweep), queues
 * calls a person asks for (门责三包告知, 签约收费提醒), places due calls through the pluggable provider, and writes
 * each finished call on its order's timeline. A follow-up's satisfaction (1–5) is stored on the order, from the
 * provider's answer or entered by the person who heard it.
 */
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, VoiceCallKind } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import { evaluateDeadline } from '@/domain/orders/deadline-state';
import { appendOrderEvent } from '@/server/orders/ledger.repository';
import type { Actor } from '@/server/orders/order-change';
import type { VoiceProvider } from './voice-provider';
import {
  callByDedupeKey,
  finishCall,
  listCalls,
  listDueCalls,
  listFollowUpOrders,
  listFrontageOrders,
  listPlacedCalls,
  listReminderOrders,
  orderStateOf,
  queueVoiceCall,
  setSatisfaction,
  type VoiceCallRow,
} from './voice.repository';
import { voiceScript } from './voice-scripts';

export const VOICE_CALL_KINDS = [
  'collection_overdue',
  'urgent_reminder',
  'follow_up',
  'frontage_notice',
  'fee_reminder',
] as const satisfies readonly VoiceCallKind[];
/** A call the provider could not make is tried this often in all, a minute apart, then marked failed. */
const MAX_CALL_ATTEMPTS = 3;
const RETRY_MS = 60_000;
/** Follow-up calls are made a little after closing, for orders closed within the last day. */
const FOLLOW_UP_DELAY_MS = 5 * 60_000;
const FOLLOW_UP_WINDOW_MS = 24 * 3_600_000;
const VOICE_ACTOR = 'AI语音外呼';

export const voiceCallViewSchema = z.object({
  id: z.number(),
  kind: z.enum(VOICE_CALL_KINDS),
  orderId: z.number().nullable(),
  targetName: z.string(),
  targetPhone: z.string().nullable(),
  script: z.string(),
  status: z.enum(['queued', 'recorded', 'failed']),
  provider: z.string().nullable(),
  outcome: z.string().nullable(),
  dueAt: z.date(),
  doneAt: z.date().nullable(),
});
export type VoiceCallView = z.infer<typeof voiceCallViewSchema>;

function toView(c: VoiceCallRow): VoiceCallView {
  return {
    id: c.id,
    kind: c.kind,
    orderId: c.order_id,
    targetName: c.target_name,
    targetPhone: c.target_phone,
    script: c.script,
    status: c.status,
    provider: c.provider,
    outcome: c.outcome,
    dueAt: c.due_at,
    doneAt: c.done_at,
  };
}

export class VoiceService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      provider: VoiceProvider;
      categoryName?: (code: string | null) => Promise<string>;
    },
  ) {}

  get providerName(): string {
    return this.deps.provider.name;
  }

  /** Whether the provider really dials (the default one only records). */
  get placesCalls(): boolean {
    return this.deps.provider.placesCalls;
  }

  /** Queues the calls the orders now call for; each purpose and occasion once. Returns how many are new. */
  async plan(): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    let queued = 0;
    const queue = async (call: Omit<Parameters<typeof queueVoiceCall>[1], 'at'>) => {
      if (await queueVoiceCall(db, { ...call, at: now })) queued++;
    };
    for (const o of await listReminderOrders(db)) {
      const kind: VoiceCallKind = o.category_code === 'sanitation.collection_overdue' ? 'collection_overdue' : 'urgent_reminder';
      const standing = evaluateDeadline(
        {
          status: o.status,
          clockStartedAt: o.clock_started_at,
          respondBy: o.respond_by,
          resolveBy: o.resolve_by,
          respondedAt: o.responded_at,
        },
        now,
      );
      const category = (await this.deps.categoryName?.(o.category_code)) ?? o.category_code ?? '';
      await queue({
        kind,
        orderId: o.id,
        // One reminder per order, state and clock start (a reopened order is reminded again).
        dedupeKey: `${kind}:${o.id}:${o.deadline_state}:${o.clock_started_at.getTime()}`,
        targetName: o.unit_name ?? '值班调度员',
        targetPhone: null,
        script: voiceScript(kind, { code: o.code, category, address: o.address, minutesLeft: Math.round(standing.minutesLeft ?? 0) }),
        dueAt: now,
      });
    }
    for (const o of await listFollowUpOrders(db, new Date(now.getTime() - FOLLOW_UP_WINDOW_MS))) {
      await queue({
        kind: 'follow_up',
        orderId: o.id,
        dedupeKey: `follow_up:${o.id}`,
        targetName: o.reporter_name ?? '来电市民',
        targetPhone: o.reporter_phone,
        script: voiceScript('follow_up', { code: o.code, address: o.address }),
        dueAt: new Date(o.closed_at!.getTime() + FOLLOW_UP_DELAY_MS),
      });
    }
    for (const o of await listFrontageOrders(db)) {
      await queue({
        kind: 'frontage_notice',
        orderId: o.id,
        dedupeKey: `frontage_notice:${o.id}`,
        targetName: o.address ? `${o.address}商户` : '责任商户',
        targetPhone: null,
        script: voiceScript('frontage_notice', { address: o.address }),
        dueAt: now,
      });
    }
    return queued;
  }

  /** A call a person asks for (门责三包告知, 签约收费提醒 to a shop or unit, or any other purpose). */
  async schedule(input: {
    kind: VoiceCallKind;
    targetName: string;
    targetPhone: string | null;
    orderId?: number | null;
    address?: string | null;
  }): Promise<VoiceCallView> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const dedupeKey = `manual:${input.kind}:${now.getTime()}:${Math.random().toString(36).slice(2, 10)}`;
    await queueVoiceCall(db, {
      kind: input.kind,
      orderId: input.orderId ?? null,
      dedupeKey,
      targetName: input.targetName,
      targetPhone: input.targetPhone,
      script: voiceScript(input.kind, { target: input.targetName, address: input.address }),
      dueAt: now,
      at: now,
    });
    const call = await callByDedupeKey(db, dedupeKey);
    return toView(call);
  }

  /** Places the calls that are due; each finished call goes on its order's timeline. Returns how many finished. */
  async runDue(limit = 20): Promise<number> {
    const { db, clock, provider } = this.deps;
    let finished = 0;
    for (const call of await listDueCalls(db, clock.now(), limit)) {
      const attempts = call.attempts + 1;
      let result: { outcome: string; answer?: Record<string, unknown> };
      try {
        result = await provider.place({
          id: call.id,
          kind: call.kind,
          targetName: call.target_name,
          targetPhone: call.target_phone,
          script: call.script,
        });
      } catch (error) {
        const failed = attempts >= MAX_CALL_ATTEMPTS;
        const reason = error instanceof Error ? error.message : String(error);
        const now = clock.now();
        await finishCall(db, call.id, {
          status: failed ? 'failed' : 'queued',
          provider: provider.name,
          outcome: reason.slice(0, 200),
          answer: null,
          attempts,
          at: now,
          retryAt: new Date(now.getTime() + RETRY_MS),
        });
        if (failed) await this.onTimeline(call, 'failed', reason);
        if (failed) finished++;
        continue;
      }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await finishCall(trx, call.id, {
          status: 'recorded',
          provider: provider.name,
          outcome: result.outcome,
          answer: result.answer ?? null,
          attempts,
          at: now,
        });
        const score = result.answer?.satisfaction;
        if (
          call.kind === 'follow_up' &&
          call.order_id !== null &&
          typeof score === 'number' &&
          Number.isInteger(score) &&
          score >= 1 &&
          score <= 5
        ) {
          await setSatisfaction(trx, call.order_id, score);
        }
        await this.onTimeline(call, result.outcome, null, trx, result.answer);
      });
      finished++;
    }
    return finished;
  }

  private async onTimeline(
    call: VoiceCallRow,
    outcome: string,
    error: string | null,
    db: Kysely<Database> = this.deps.db,
    answer?: Record<string, unknown>,
  ): Promise<void> {
    if (call.order_id === null) return;
    const order = await orderStateOf(db, call.order_id);
    await appendOrderEvent(db, {
      order_id: call.order_id,
      at: this.deps.clock.now(),
      actor_user_id: null,
      actor_name: VOICE_ACTOR,
      actor_role: 'system',
      action: 'voice_call',
      from_status: order.status,
      to_status: order.status,
      note: call.script,
      detail: JSON.stringify({
        callId: call.id,
        kind: call.kind,
        target: call.target_name,
        phone: call.target_phone,
        provider: this.deps.provider.name,
        outcome,
        error,
        answer: answer ?? null,
      }),
      order_version: order.version,
    });
  }

  /** Calls placed in [from, to), for the service settlement (issue 17). */
  async placedIn(from: Date, to: Date, scope: DistrictScope): Promise<Array<{ id: number; kind: VoiceCallKind; doneAt: Date }>> {
    return (await listPlacedCalls(this.deps.db, from, to, scope)).map((c) => ({ id: c.id, kind: c.kind, doneAt: c.done_at! }));
  }

  async calls(filter: { orderId?: number; limit?: number }): Promise<VoiceCallView[]> {
    return (await listCalls(this.deps.db, { orderId: filter.orderId, limit: filter.limit ?? 100 })).map(toView);
  }

  /** The satisfaction a person heard on the follow-up call, stored on the closed order and on its timeline. */
  async recordSatisfaction(orderId: number, score: number, actor: Actor): Promise<void> {
    const { db, clock } = this.deps;
    await db.transaction().execute(async (trx) => {
      if (!(await setSatisfaction(trx, orderId, score))) {
        throw new AppError('CONFLICT', 'voice.error.notClosed', `Order ${orderId} is not closed`, { orderId });
      }
      const order = await orderStateOf(trx, orderId);
      await appendOrderEvent(trx, {
        order_id: orderId,
        at: clock.now(),
        actor_user_id: actor.userId,
        actor_name: actor.name,
        actor_role: actor.role,
        action: 'satisfaction',
        from_status: order.status,
        to_status: order.status,
        note: null,
        detail: JSON.stringify({ satisfaction: score }),
        order_version: order.version,
      });
    });
  }
}
