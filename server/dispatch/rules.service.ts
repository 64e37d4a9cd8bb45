/**
 * Versions of the dispatch rules: the active one (latest approved), proposing a new version (validated, codes
 * checked against the taxonomy and the sub-districts) and deciding a proposal — by someone other than its
 * proposer (four eyes), never for a version older than the active one. The versioning itself is shared with the
 * alarm thresholds (server/rules).
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '@/db/schema';
import type { Clock } from '@/server/clock';
import { invalidRules, rulesVersionView, VersionedRulesService } from '@/server/rules/versioned-rules.service';
import { type ActiveRules, type DispatchRules, dispatchRulesSchema } from './rules';
import { knownCategoryCodes, knownSubDistrictCodes } from './rules.repository';

export const rulesVersionViewSchema = rulesVersionView(dispatchRulesSchema);
export type RulesVersionView = z.infer<typeof rulesVersionViewSchema>;

export class DispatchRulesService extends VersionedRulesService<DispatchRules> {
  constructor(deps: { db: Kysely<Database>; clock: Clock }) {
    super(deps, {
      table: 'dispatch_rules',
      label: 'dispatch rules',
      schema: dispatchRulesSchema,
      check: (rules) => checkCodes(deps.db, rules),
    });
  }

  override active(): Promise<ActiveRules> {
    return super.active();
  }
}

/** Every category and sub-district the rules name must exist, or the rule would silently never apply. */
async function checkCodes(db: Kysely<Database>, rules: DispatchRules): Promise<void> {
  const categories = await knownCategoryCodes(db);
  const subDistricts = await knownSubDistrictCodes(db);
  const unknownCategories = [
    ...Object.keys(rules.categoryUnitKinds),
    ...rules.manualCategories,
    ...Object.keys(rules.categoryMaxPriority),
  ].filter((c) => !categories.has(c));
  if (unknownCategories.length) throw invalidRules('dispatch rules', `unknown categories ${[...new Set(unknownCategories)].join(', ')}`);
  const unknownSubDistricts = Object.entries(rules.teamOverrides)
    .flat()
    .filter((c) => !subDistricts.has(c));
  if (unknownSubDistricts.length)
    throw invalidRules('dispatch rules', `unknown sub-districts ${[...new Set(unknownSubDistricts)].join(', ')}`);
}
