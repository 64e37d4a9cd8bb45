/**
 * The deadline watch: each sweep compares every clocked order with its limits, records on the order when it
 * starts nearing (≥ 80 %) or passes a limit, escalates overdue orders up the chain (督办: dispatchers → duty
 * officer → leaders) one recorded step per level, and tells the live screens. Version-checked like any change:
 * if a person changed the order meanwhile, the sweep leaves it for the next round.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { isAppError } from '@/domain/errors';
import type { Clock } from '@/server/clock';
import { ESCALATION_CHAIN, evaluateDeadline } from '@/domain/orders/deadline-state';
import { OPEN_STATUSES } from '@/domain/orders/order-values';
import type { OrderNotice, PublishOrderNotice } from '@/domain/orders/order-notice';
import { SYSTEM_ACTOR } from './order-change';
import { listClockedOrders, type OrderRecord } from './orders.repository';
import type { Move } from './moves';
import type { OrdersService } from './orders.service';

export interface SweepResult {
  checked: number;
  nearing: number;
  overdue: number;
  escalations: number;
  conflicts: number;
}

const CLOCKED_STATUSES = OPEN_STATUSES;

export class DeadlineWatch {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; orders: OrdersService; publish: PublishOrderNotice }) {}

  async sweep(): Promise<SweepResult> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const result: SweepResult = { checked: 0, nearing: 0, overdue: 0, escalations: 0, conflicts: 0 };
    for (const order of await listClockedOrders(db, CLOCKED_STATUSES)) {
      result.checked++;
      const { moves, notices } = this.movesFor(order, now);
      if (!moves.length) continue;
      try {
        await this.deps.orders.applyMoves(order.id, order.version, moves);
      } catch (error) {
        if (isAppError(error) && error.code === 'CONFLICT') {
          result.conflicts++;
          continue;
        }
        throw error;
      }
      for (const notice of notices) {
        if (notice.type === 'order:deadline') result[notice.state]++;
        if (notice.type === 'order:escalated') result.escalations++;
        this.deps.publish(notice);
      }
    }
    return result;
  }

  private movesFor(order: OrderRecord, now: Date): { moves: Move[]; notices: OrderNotice[] } {
    const standing = evaluateDeadline(
      {
        status: order.status,
        clockStartedAt: order.clock_started_at,
        respondBy: order.respond_by,
        resolveBy: order.resolve_by,
        respondedAt: order.responded_at,
      },
      now,
    );
    const moves: Move[] = [];
    const notices: OrderNotice[] = [];
    const at = now.getTime();
    const limitAt = standing.clock === 'respond' ? order.respond_by : order.resolve_by;
    const detail = { clock: standing.clock, limit: limitAt.toISOString(), minutesLeft: Math.round(standing.minutesLeft ?? 0) };

    if (standing.clock && standing.state !== order.deadline_state && standing.state !== 'ok') {
      // Only worsening is recorded here; a state that eases (a unit accepted, an extension) is set by that move.
      if (!(order.deadline_state === 'overdue' && standing.state === 'nearing')) {
        const state = standing.state;
        moves.push({
          action: state === 'overdue' ? 'deadline_overdue' : 'deadline_nearing',
          actor: SYSTEM_ACTOR,
          effects: () => ({ patch: { deadline_state: state }, detail }),
        });
        notices.push({ type: 'order:deadline', orderId: order.id, code: order.code, state, clock: standing.clock, at });
      }
    }
    for (const step of ESCALATION_CHAIN) {
      if (step.level <= order.escalation_level || step.level > standing.escalationLevel) continue;
      moves.push({
        action: 'escalate',
        actor: SYSTEM_ACTOR,
        effects: () => ({
          patch: { escalation_level: step.level },
          detail: { ...detail, level: step.level, toRole: step.role, afterOverdueMinutes: step.afterOverdueMinutes },
        }),
      });
      notices.push({ type: 'order:escalated', orderId: order.id, code: order.code, level: step.level, role: step.role, at });
    }
    return { moves, notices };
  }
}
