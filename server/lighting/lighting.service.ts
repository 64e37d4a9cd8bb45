/**
 * Landscape lighting (景观灯光): plans (normal nights, holiday plans with date ranges) proposed by one person and
 * approved by another, each light's actual state against the plan at this moment (schedule.ts), and repair
 * orders raised in batches from faulty lights.
 *
 * Repair orders: one order per light, not per road. Each order keeps the light's own point, so nearest-unit
 * dispatch, the field unit's navigation and the photo evidence are about one fixture, and "never twice for
 * the same light while an order is open" is exact (a partial unique index over lighting_repairs). A batch id
 * and the road in the description let the dispatcher give one crew a whole road's orders at once.
 *
 * Districts as tenants: a plan is its proposer's district's and switches that district's lights only; a district's
 * people see and decide their own district's plans (another district's is not found), the city-wide every plan.
 */
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { type Clock } from '@/server/clock';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { Actor } from '@/server/orders/order-change';
import type { OrdersService } from '@/server/orders/orders.service';
import { homeDistrict } from '@/server/tenancy/home-district';
import { decidePlan, insertProposedPlan, listLightingPlans, planForDecision } from './plans.repository';
import {
  claimRepair,
  dropRepairClaim,
  lightsByIds,
  lightsWithOpenRepair,
  linkRepairOrder,
  openRepairOrderCode,
  releaseFinishedRepairs,
} from './repairs.repository';
import { againstPlan, lightingRuleSchema, type Mismatch, plannedLight, plannedStateAt } from './schedule';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式 YYYY-MM-DD / date as YYYY-MM-DD');

export const proposePlanSchema = z
  .object({
    name: z.string().trim().min(2, '请填写方案名称 / name the plan').max(60),
    kind: z.enum(['normal', 'holiday']),
    startsOn: day.nullish(),
    endsOn: day.nullish(),
    rules: z.array(lightingRuleSchema).min(1, '至少一条启闭规则 / at least one rule').max(100),
    note: z.string().trim().max(500).nullish(),
  })
  .refine((p) => p.kind === 'normal' || (p.startsOn && p.endsOn && p.startsOn <= p.endsOn), {
    message: '节假日方案须有起止日期且结束不早于开始 / a holiday plan needs a start and an end date, the end not before the start',
    path: ['endsOn'],
  });
export type ProposePlanInput = z.infer<typeof proposePlanSchema>;

export const repairCategorySchema = z.enum(['lighting.not_lit', 'lighting.damaged']);

const mismatchSchema = z.enum(['should_be_on', 'should_be_off', 'fault_while_planned_on']) satisfies z.ZodType<Mismatch>;

export const planViewSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['normal', 'holiday']),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: z.enum(['proposed', 'approved', 'rejected']),
  rules: z.array(lightingRuleSchema),
  proposedBy: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
  note: z.string().nullable(),
  createdAt: z.date(),
  /** The district whose lights it switches (a code for the screens to match, never to show). */
  districtCode: z.string().nullable(),
});
export type PlanView = z.infer<typeof planViewSchema>;

const lightStateSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  road: z.string().nullable(),
  circuit: z.string().nullable(),
  subDistrictCode: z.string(),
  actual: z.string(),
  planned: z.enum(['on', 'off']),
  planName: z.string().nullable(),
  mismatch: mismatchSchema.nullable(),
  openOrderCode: z.string().nullable(),
});
export type LightState = z.infer<typeof lightStateSchema>;

export const lightingStatusSchema = z.object({
  at: z.date(),
  total: z.number(),
  plannedOn: z.number(),
  actual: z.object({ on: z.number(), off: z.number(), fault: z.number() }),
  mismatchCounts: z.record(mismatchSchema, z.number()),
  /** The first `limit` mismatching lights (faults first). */
  mismatches: z.array(lightStateSchema),
  faulty: z.array(lightStateSchema),
  activePlans: z.array(z.object({ id: z.number(), name: z.string(), kind: z.enum(['normal', 'holiday']) })),
});
export type LightingStatus = z.infer<typeof lightingStatusSchema>;

export const planDecisionSchema = z.object({ id: z.number(), status: z.enum(['approved', 'rejected']) });

export const batchRepairResultSchema = z.object({
  batch: z.string(),
  created: z.array(z.object({ facilityCode: z.string(), orderCode: z.string() })),
  /** Lights left out because an order for them is still open. */
  skipped: z.array(z.object({ facilityCode: z.string(), orderCode: z.string().nullable() })),
});
export type BatchRepairResult = z.infer<typeof batchRepairResultSchema>;

export class LightingService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; orders: OrdersService }) {}

  /** The scope's plans: a district's own, every district's city-wide. */
  plans(scope: DistrictScope = CITY_SCOPE): Promise<PlanView[]> {
    return listLightingPlans(this.deps.db, scope);
  }

  /** A plan for the proposer's district (server/tenancy/home-district.ts). */
  async propose(input: ProposePlanInput, actor: Actor, scope: DistrictScope = CITY_SCOPE): Promise<{ id: number }> {
    const districtCode = await homeDistrict(this.deps.db, scope);
    if (districtCode === undefined)
      throw new AppError('BAD_REQUEST', 'lighting.error.noDistrict', 'A lighting plan is proposed by someone of the district it lights');
    return insertProposedPlan(this.deps.db, {
      districtCode,
      name: input.name,
      kind: input.kind,
      startsOn: input.kind === 'holiday' ? input.startsOn! : null,
      endsOn: input.kind === 'holiday' ? input.endsOn! : null,
      rules: input.rules,
      proposedBy: actor.userId,
      proposedByName: actor.name,
      note: input.note ?? null,
      createdAt: this.deps.clock.now(),
    });
  }

  /** Approve or reject a proposed plan: never by the person who proposed it (四眼原则). */
  async decide(
    id: number,
    approve: boolean,
    note: string | null,
    actor: Actor,
    scope: DistrictScope = CITY_SCOPE,
  ): Promise<z.infer<typeof planDecisionSchema>> {
    const { db, clock } = this.deps;
    const plan = await planForDecision(db, id, scope);
    if (!plan) throw new AppError('NOT_FOUND', 'error.notFound', `No lighting plan ${id}`, { what: `plan ${id}` });
    if (plan.status !== 'proposed')
      throw new AppError('CONFLICT', 'lighting.error.alreadyDecided', `Plan ${plan.name} is already ${plan.status}`, { name: plan.name });
    if (plan.proposed_by !== null && plan.proposed_by === actor.userId)
      throw new AppError('FORBIDDEN', 'lighting.error.ownProposal', 'A plan is approved by someone other than its proposer');
    const status = approve ? ('approved' as const) : ('rejected' as const);
    const decided = await decidePlan(db, id, { status, decidedBy: actor.userId, decidedByName: actor.name, decidedAt: clock.now(), note });
    if (!decided)
      throw new AppError('CONFLICT', 'lighting.error.alreadyDecided', `Plan ${plan.name} was decided meanwhile`, { name: plan.name });
    return { id, status };
  }

  /**
   * The lights of the scope's district (every district's city-wide), each against its own district's plans now;
   * `limit` bounds the lists, never the counts.
   */
  async status(limit = 200, scope: DistrictScope = CITY_SCOPE): Promise<LightingStatus> {
    const now = this.deps.clock.now();
    const [plans, lights] = await Promise.all([this.plans(scope), lightsWithOpenRepair(this.deps.db, scope)]);
    const states: LightState[] = lights.map((l) => {
      const light = plannedLight(l);
      const planned = plannedStateAt(plans, light, now);
      const open = l.order_status && l.order_status !== 'closed' && l.order_status !== 'voided';
      return {
        id: l.id,
        code: l.code,
        name: l.name,
        road: l.address,
        circuit: light.circuit,
        subDistrictCode: l.sub_district_code,
        actual: l.status,
        planned: planned.state,
        planName: planned.planName,
        mismatch: againstPlan(planned.state, l.status),
        openOrderCode: open ? l.order_code : null,
      };
    });
    const mismatching = states.filter((s) => s.mismatch);
    const counts: Record<Mismatch, number> = { should_be_on: 0, should_be_off: 0, fault_while_planned_on: 0 };
    for (const s of mismatching) counts[s.mismatch!]++;
    const rank: Record<Mismatch, number> = { fault_while_planned_on: 0, should_be_on: 1, should_be_off: 2 };
    const today = shanghaiDay(now);
    return {
      at: now,
      total: states.length,
      plannedOn: states.filter((s) => s.planned === 'on').length,
      actual: {
        on: states.filter((s) => s.actual === 'on').length,
        off: states.filter((s) => s.actual === 'off').length,
        fault: states.filter((s) => s.actual === 'fault').length,
      },
      mismatchCounts: counts,
      mismatches: mismatching.sort((a, b) => rank[a.mismatch!] - rank[b.mismatch!]).slice(0, limit),
      faulty: states.filter((s) => s.actual === 'fault').slice(0, limit),
      activePlans: plans
        .filter((p) => p.status === 'approved' && (p.kind === 'normal' || (p.startsOn! <= today && today <= p.endsOn!)))
        .map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
    };
  }

  /**
   * One click: a repair order for each selected faulty light that has none open. The claim row is written
   * before the order (the partial unique index refuses a second open claim for a light, even from a batch
   * running at the same moment); if the order cannot be created, the claim goes too.
   */
  async batchRepair(
    facilityIds: readonly number[],
    categoryCode: z.infer<typeof repairCategorySchema>,
    actor: Actor,
    /** Another district's lights are refused as not lights (domain/tenancy/district-scope.ts). */
    scope: DistrictScope = CITY_SCOPE,
  ): Promise<BatchRepairResult> {
    const { db, clock, orders } = this.deps;
    const now = clock.now();
    await releaseFinishedRepairs(db);
    const lights = await lightsByIds(db, facilityIds, scope);
    if (lights.length !== new Set(facilityIds).size)
      throw new AppError('BAD_REQUEST', 'lighting.error.notLights', 'Some of the selected ids are not lights');
    const notFaulty = lights.filter((l) => l.status !== 'fault');
    if (notFaulty.length)
      throw new AppError('BAD_REQUEST', 'lighting.error.notFaulty', `Not at fault: ${notFaulty.map((l) => l.code).join(', ')}`, {
        codes: notFaulty.map((l) => l.code).join('、'),
      });

    const batch = `LR-${now.getTime().toString(36).toUpperCase()}`;
    const result: BatchRepairResult = { batch, created: [], skipped: [] };
    for (const light of lights) {
      const claim = await claimRepair(db, light.id, batch, now);
      if (claim === undefined) {
        result.skipped.push({ facilityCode: light.code, orderCode: await openRepairOrderCode(db, light.id) });
        continue;
      }
      try {
        const { order } = await orders.create(
          {
            source: 'patrol',
            categoryCode,
            priority: categoryCode === 'lighting.damaged' ? 2 : 3,
            description: `景观灯光报修（批次 ${batch}）：${light.address ?? ''} ${light.name}（${light.code}${typeof light.attrs.circuit === 'string' ? `，回路 ${light.attrs.circuit}` : ''}）故障不亮`,
            address: light.address,
            location: [Number(light.lng), Number(light.lat)],
            decisions: { lightingBatch: batch, facilityCode: light.code },
          },
          actor,
        );
        await linkRepairOrder(db, claim, order.id);
        result.created.push({ facilityCode: light.code, orderCode: order.code });
      } catch (error) {
        await dropRepairClaim(db, claim);
        throw error;
      }
    }
    return result;
  }
}
