/** The lighting plans as stored, read for the lighting page and for whatever follows the plans (the simulator). */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { lightingRuleSchema } from './schedule';

/** Every plan, newest first, its rules checked as they are read. */
export async function listLightingPlans(db: Kysely<Database>) {
  const rows = await db.selectFrom('lighting_plans').selectAll().orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
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
