/**
 * The one door orders come in by — a person at the desk, a patrol report, and later the 12345, 区城运 and
 * Open311 interfaces: the priority is decided by the rules (urgency → level, category caps), the order is
 * registered (idempotent per source and external reference), then checked and dispatched automatically.
 */
import { isAppError } from '@/domain/errors';
import type { Actor } from '@/server/orders/order-change';
import type { NewOrderInput, OrdersService } from '@/server/orders/orders.service';
import type { Priority } from '@/server/orders/time-limits';
import type { OrderView } from '@/server/orders/views';
import type { AutoDispatchService, AutoOutcome } from './auto-dispatch.service';
import { priorityFor, type Urgency } from './rules';
import type { DispatchRulesService } from './rules.service';
import { logFor } from '@/server/ops/log';

const log = logFor('intake');

export interface IntakeInput extends Omit<NewOrderInput, 'priority'> {
  /** A level a person chose; otherwise the rules decide from the urgency or the category. */
  priority?: Priority;
  urgency?: Urgency;
}

export interface IntakeResult {
  order: OrderView;
  created: boolean;
  /** What the automatic check did; absent for a repeated delivery. */
  automatic?: AutoOutcome | { outcome: 'failed' };
}

export class OrderIntake {
  constructor(private readonly deps: { orders: OrdersService; rules: DispatchRulesService; auto: AutoDispatchService }) {}

  async receive(input: IntakeInput, actor: Actor): Promise<IntakeResult> {
    const { orders, rules, auto } = this.deps;
    const active = await rules.active();
    const category = input.categoryCode ? await orders.requireCategory(input.categoryCode) : undefined;
    const decision = priorityFor(active.rules, {
      given: input.priority,
      urgency: input.urgency,
      categoryCode: category?.code,
      categoryDefault: category?.default_priority,
    });
    const { urgency: _urgency, ...rest } = input;
    const created = await orders.create(
      {
        ...rest,
        priority: decision.priority,
        decisions: { ...input.decisions, priority: { ...decision, urgency: input.urgency ?? null, rulesVersion: active.version } },
      },
      actor,
    );
    if (!created.created) return created;

    try {
      const result = await auto.process(created.order.id, active, created.record);
      return { order: result.order ?? (await orders.view(created.order.id)), created: true, automatic: result.outcome };
    } catch (error) {
      // The order is safely registered; the periodic job retries the check, or a person takes it.
      if (!isAppError(error)) log.error(`automatic check of ${created.order.code} failed`, error);
      return { order: await orders.view(created.order.id), created: true, automatic: { outcome: 'failed' } };
    }
  }
}
