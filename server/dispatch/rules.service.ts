/**
 * Versions of the dispatch rules: the active one (latest approved), proposing a new version (validated, codes
 * checked against the taxonomy and the sub-districts) and deciding a proposal — by someone other than its
 * proposer (four eyes), never for a version older than the active one.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, RulesStatus } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Clock } from '@/server/orders/clock';
import type { Actor } from '@/server/orders/order-change';
import { type ActiveRules, type DispatchRules, dispatchRulesSchema } from './rules';
import { decideProposal, findActiveRules, findRulesVersion, insertProposal, knownCategoryCodes, knownSubDistrictCodes, listRulesVersions } from './rules.repository';

export const rulesVersionViewSchema = z.object({
  version: z.number(),
  status: z.enum(['proposed', 'approved', 'rejected']),
  active: z.boolean(),
  rules: dispatchRulesSchema,
  note: z.string(),
  proposedBy: z.string().nullable(),
  proposedAt: z.date(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string().nullable(),
});
export type RulesVersionView = z.infer<typeof rulesVersionViewSchema>;

function invalid(detail: string): AppError {
  return new AppError('BAD_REQUEST', 'rules.error.invalid', `Invalid dispatch rules: ${detail}`, { detail });
}

export class DispatchRulesService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  /** The rules in force: the latest approved version. */
  async active(): Promise<ActiveRules> {
    const row = await findActiveRules(this.deps.db);
    if (!row) throw new Error('No approved dispatch rules: migration 0002 installs version 1');
    return { version: row.version, rules: dispatchRulesSchema.parse(row.rules) };
  }

  async list(limit = 50): Promise<RulesVersionView[]> {
    const rows = await listRulesVersions(this.deps.db, limit);
    const activeVersion = rows.find((r) => r.status === 'approved')?.version;
    return rows.map((r) => ({
      version: r.version,
      status: r.status as RulesStatus,
      active: r.version === activeVersion,
      rules: dispatchRulesSchema.parse(r.rules),
      note: r.note,
      proposedBy: r.proposed_by_name,
      proposedAt: r.proposed_at,
      decidedBy: r.decided_by_name,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    }));
  }

  async propose(rules: DispatchRules, note: string, actor: Actor): Promise<{ version: number }> {
    const parsed = dispatchRulesSchema.safeParse(rules);
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    await this.checkCodes(parsed.data);
    const version = await insertProposal(this.deps.db, { rules: parsed.data, note, proposedBy: actor.userId, at: this.deps.clock.now() });
    return { version };
  }

  async decide(version: number, approve: boolean, note: string | null, actor: Actor): Promise<{ version: number; status: 'approved' | 'rejected' }> {
    const { db, clock } = this.deps;
    const row = await findRulesVersion(db, version);
    if (!row) throw new AppError('NOT_FOUND', 'error.notFound', `No dispatch rules version ${version}`, { what: `rules v${version}` });
    if (row.status !== 'proposed') throw new AppError('CONFLICT', 'rules.error.notProposed', `Version ${version} is ${row.status}`, { version });
    if (row.proposed_by !== null && row.proposed_by === actor.userId) {
      throw new AppError('FORBIDDEN', 'rules.error.selfApproval', `The proposer of version ${version} cannot decide it`, { version });
    }
    const active = await this.active();
    if (approve && version < active.version) {
      throw new AppError('CONFLICT', 'rules.error.notProposed', `Version ${version} is older than the active version ${active.version}`, { version });
    }
    const status = approve ? 'approved' : 'rejected';
    if (!(await decideProposal(db, version, { status, decidedBy: actor.userId, at: clock.now(), note }))) {
      throw new AppError('CONFLICT', 'rules.error.notProposed', `Version ${version} was decided meanwhile`, { version });
    }
    return { version, status };
  }

  /** Every category and sub-district the rules name must exist, or the rule would silently never apply. */
  private async checkCodes(rules: DispatchRules): Promise<void> {
    const categories = await knownCategoryCodes(this.deps.db);
    const subDistricts = await knownSubDistrictCodes(this.deps.db);
    const unknownCategories = [...Object.keys(rules.categoryUnitKinds), ...rules.manualCategories, ...Object.keys(rules.categoryMaxPriority)].filter(
      (c) => !categories.has(c),
    );
    if (unknownCategories.length) throw invalid(`unknown categories ${[...new Set(unknownCategories)].join(', ')}`);
    const unknownSubDistricts = Object.entries(rules.teamOverrides)
      .flat()
      .filter((c) => !subDistricts.has(c));
    if (unknownSubDistricts.length) throw invalid(`unknown sub-districts ${[...new Set(unknownSubDistricts)].join(', ')}`);
  }
}
