/**
 * Versioned rules with four-eyes approval, shared by the dispatch rules and the alarm thresholds: the active
 * version (latest approved), the history, proposing a new version (validated by the feature's schema and its own
 * checks) and deciding a proposal — by someone other than its proposer, never for a version older than the
 * active one, and only once.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, RulesStatus } from '@/db/schema';
import { fourEyesRefusal } from '@/domain/approval/four-eyes';
import { AppError } from '@/domain/errors';
import { appendAudit } from '@/server/audit/audit.repository';
import type { Clock } from '@/server/clock';
import type { Actor } from '@/server/orders/order-change';
import {
  decideProposal,
  findActiveRules,
  findRulesVersion,
  insertProposal,
  listRulesVersions,
  type RulesTable,
} from './versioned-rules.repository';

/** The view of one version, for a feature's rules schema. */
export function rulesVersionView<S extends z.ZodType>(rules: S) {
  return z.object({
    version: z.number(),
    status: z.enum(['proposed', 'approved', 'rejected']),
    active: z.boolean(),
    rules,
    note: z.string(),
    proposedBy: z.string().nullable(),
    proposedAt: z.date(),
    decidedBy: z.string().nullable(),
    decidedAt: z.date().nullable(),
    decisionNote: z.string().nullable(),
  });
}

export interface VersionedRulesOptions<T> {
  table: RulesTable;
  /** For messages: "dispatch rules", "alarm thresholds". */
  label: string;
  schema: z.ZodType<T>;
  /** Checks beyond the schema (codes that must exist); throw `invalid(detail)` to refuse. */
  check?: (rules: T) => Promise<void>;
}

export function invalidRules(label: string, detail: string): AppError {
  return new AppError('BAD_REQUEST', 'rules.error.invalid', `Invalid ${label}: ${detail}`, { detail });
}

/** How stale the rules in force may be in a process that did not approve the newer version (several processes). */
const RULES_RECHECK_MS = 10_000;

export class VersionedRulesService<T> {
  /**
   * The active version, cached: approved versions are frozen (a trigger refuses changes) and only decide() makes
   * a newer one active, so the cache is dropped there. The generation keeps a read that started before an
   * approval from caching the version it replaced. Another app process's approval is seen within
   * RULES_RECHECK_MS: the cache is read again that often.
   */
  private cached: Promise<{ version: number; rules: T }> | undefined;
  private cachedAt = 0;
  private generation = 0;

  constructor(
    private readonly deps: { db: Kysely<Database>; clock: Clock },
    private readonly options: VersionedRulesOptions<T>,
  ) {}

  /** The rules in force: the latest approved version. */
  active(): Promise<{ version: number; rules: T }> {
    const now = this.deps.clock.now().getTime();
    if (this.cached && now - this.cachedAt < RULES_RECHECK_MS) return this.cached;
    const generation = this.generation;
    const loading = this.load();
    this.cached = loading;
    this.cachedAt = now;
    loading.then(
      () => {
        if (this.generation !== generation && this.cached === loading) this.cached = undefined;
      },
      () => {
        if (this.cached === loading) this.cached = undefined;
      },
    );
    return loading;
  }

  private invalidate(): void {
    this.generation++;
    this.cached = undefined;
  }

  private async load(): Promise<{ version: number; rules: T }> {
    const row = await findActiveRules(this.deps.db, this.options.table);
    if (!row) throw new Error(`No approved ${this.options.label}: their migration installs version 1`);
    return { version: row.version, rules: this.options.schema.parse(row.rules) };
  }

  async list(limit = 50) {
    const rows = await listRulesVersions(this.deps.db, this.options.table, limit);
    const activeVersion = rows.find((r) => r.status === 'approved')?.version;
    return rows.map((r) => ({
      version: r.version,
      status: r.status as RulesStatus,
      active: r.version === activeVersion,
      rules: this.options.schema.parse(r.rules),
      note: r.note,
      proposedBy: r.proposed_by_name,
      proposedAt: r.proposed_at,
      decidedBy: r.decided_by_name,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    }));
  }

  private audit(
    db: Kysely<Database>,
    actor: Actor,
    step: 'propose' | 'approve' | 'reject',
    version: number,
    detail: Record<string, unknown>,
  ) {
    return appendAudit(db, {
      actor_user_id: actor.userId,
      actor_username: actor.name,
      actor_role: actor.role,
      action: `${this.options.table}.${step}`,
      outcome: 'ok',
      target: `${this.options.table}:v${version}`,
      ip: null,
      detail,
    });
  }

  async propose(rules: T, note: string, actor: Actor): Promise<{ version: number }> {
    const parsed = this.options.schema.safeParse(rules);
    if (!parsed.success)
      throw invalidRules(this.options.label, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    await this.options.check?.(parsed.data);
    // The proposal and its audit entry are one write: every change of rules is on record (the tariff's too).
    const version = await this.deps.db.transaction().execute(async (trx) => {
      const v = await insertProposal(trx, this.options.table, {
        rules: parsed.data as Record<string, unknown>,
        note,
        proposedBy: actor.userId,
        at: this.deps.clock.now(),
      });
      await this.audit(trx, actor, 'propose', v, { note });
      return v;
    });
    return { version };
  }

  async decide(
    version: number,
    approve: boolean,
    note: string | null,
    actor: Actor,
  ): Promise<{ version: number; status: 'approved' | 'rejected' }> {
    const { db, clock } = this.deps;
    const { table, label } = this.options;
    const row = await findRulesVersion(db, table, version);
    if (!row) throw new AppError('NOT_FOUND', 'error.notFound', `No ${label} version ${version}`, { what: `${label} v${version}` });
    const active = await this.active();
    const refusal = fourEyesRefusal(
      { status: row.status, proposedBy: row.proposed_by, version },
      { deciderId: actor.userId, approve, activeVersion: active.version },
    );
    if (refusal === 'notProposed')
      throw new AppError('CONFLICT', 'rules.error.notProposed', `Version ${version} is ${row.status}`, { version });
    if (refusal === 'selfApproval')
      throw new AppError('FORBIDDEN', 'rules.error.selfApproval', `The proposer of version ${version} cannot decide it`, { version });
    if (refusal === 'superseded') {
      throw new AppError('CONFLICT', 'rules.error.notProposed', `Version ${version} is older than the active version ${active.version}`, {
        version,
      });
    }
    const status = approve ? 'approved' : 'rejected';
    const decided = await db.transaction().execute(async (trx) => {
      const done = await decideProposal(trx, table, version, { status, decidedBy: actor.userId, at: clock.now(), note });
      if (done) await this.audit(trx, actor, approve ? 'approve' : 'reject', version, { note });
      return done;
    });
    if (approve) this.invalidate();
    if (!decided) {
      throw new AppError('CONFLICT', 'rules.error.notProposed', `Version ${version} was decided meanwhile`, { version });
    }
    return { version, status };
  }
}
