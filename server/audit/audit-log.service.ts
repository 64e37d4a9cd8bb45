/**
 * The audit administrator's job: reading the log, verifying its hash chain and setting its retention. Each check
 * and each change is itself audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { AuthService, SessionUser } from '@/server/auth/auth.service';
import { type ChainVerdict, MIN_RETENTION_DAYS, retentionDays, setRetentionDays, verifyAuditChain } from './audit-chain.repository';
import { type AuditQuery, listAudit } from './audit.repository';
import { scopeOf } from '@/domain/tenancy/district-scope';

export class AuditLogService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly auth: Pick<AuthService, 'audit'>,
  ) {}

  /** The reader's district's people's entries (every entry for a city-level audit administrator). */
  list(query: AuditQuery, reader: Pick<SessionUser, 'role' | 'districtCode'>) {
    return listAudit(this.db, query, scopeOf(reader));
  }

  /** Recomputes the chain; names the first entry that does not match. */
  async verify(actor: SessionUser, ip: string | null): Promise<ChainVerdict> {
    const verdict = await verifyAuditChain(this.db);
    await this.auth.audit(actor.id, actor.username, actor.role, 'audit.verified', verdict.firstBrokenId ? 'failed' : 'ok', ip, {
      ...verdict,
    });
    return verdict;
  }

  async retention(): Promise<{ days: number; minimum: number }> {
    return { days: await retentionDays(this.db), minimum: MIN_RETENTION_DAYS };
  }

  async setRetention(actor: SessionUser, ip: string | null, days: number): Promise<void> {
    await setRetentionDays(this.db, days);
    await this.auth.audit(actor.id, actor.username, actor.role, 'audit.retention_set', 'ok', ip, { days });
  }
}
