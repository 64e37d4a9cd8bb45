/**
 * The lighting plans as stored, read for the lighting page and for whatever follows the plans (the simulator). A
 * plan is one district's (districts as tenants): it switches that district's lights only, and only that
 * district's people (and the city-wide) see and decide it.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope, soleDistrict } from '@/server/tenancy/district-sql';
import { lightingRuleSchema } from './schedule';

/** The scope's plans (every district's city-wide), newest first, its rules checked as they are read. */
export async function listLightingPlans(db: Kysely<Database>, scope: DistrictScope = CITY_SCOPE) {
  const [rows, sole] = await Promise.all([
    db.selectFrom('lighting_plans').selectAll().where(districtInScope('district_code', scope)).orderBy('id', 'desc').execute(),
    soleDistrict(db),
  ]);
  return rows.map((r) => ({
    id: r.id,
    // A plan without a district is a one-district install's (district-sql.ts): the lights it switches say the same.
    districtCode: r.district_code ?? sole,
    name: r.name,
    kind: r.kind,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    rules: z.array(lightingRuleSchema).parse(r.rules),
    proposedBy: r.proposed_by_name,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
    note: r.note,
    createdAt: r.created_at,
  }));
}

export interface NewLightingPlan {
  name: string;
  kind: 'normal' | 'holiday';
  startsOn: string | null;
  endsOn: string | null;
  rules: unknown;
  proposedBy: number | null;
  proposedByName: string;
  note: string | null;
  createdAt: Date;
  districtCode: string | null;
}

export function insertProposedPlan(db: Kysely<Database>, plan: NewLightingPlan): Promise<{ id: number }> {
  return db
    .insertInto('lighting_plans')
    .values({
      name: plan.name,
      kind: plan.kind,
      starts_on: plan.startsOn,
      ends_on: plan.endsOn,
      rules: JSON.stringify(plan.rules),
      status: 'proposed',
      proposed_by: plan.proposedBy,
      proposed_by_name: plan.proposedByName,
      note: plan.note,
      created_at: plan.createdAt,
      district_code: plan.districtCode,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The plan to decide, if it is the scope's (another district's plan is as absent as a missing one). */
export function planForDecision(db: Kysely<Database>, id: number, scope: DistrictScope) {
  return db
    .selectFrom('lighting_plans')
    .select(['id', 'status', 'proposed_by', 'name'])
    .where('id', '=', id)
    .where(districtInScope('district_code', scope))
    .executeTakeFirst();
}

/** Records the decision on a plan still proposed; false when it was decided meanwhile. */
export async function decidePlan(
  db: Kysely<Database>,
  id: number,
  decision: { status: 'approved' | 'rejected'; decidedBy: number | null; decidedByName: string; decidedAt: Date; note: string | null },
): Promise<boolean> {
  const updated = await db
    .updateTable('lighting_plans')
    .set({
      status: decision.status,
      decided_by: decision.decidedBy,
      decided_by_name: decision.decidedByName,
      decided_at: decision.decidedAt,
      note: decision.note ?? undefined,
    })
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .returning('id')
    .execute();
  return updated.length > 0;
}
