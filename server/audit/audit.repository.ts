/** All SQL of the append-only audit log. */
import { type Kysely, sql } from 'kysely';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope } from '@/server/tenancy/district-sql';
import type { AuditLogRow, Database, NewAuditLog } from '@/db/schema';
import type { AuditAction } from '@/domain/audit/audit-actions';

export function appendAudit(
  db: Kysely<Database>,
  entry: Omit<NewAuditLog, 'detail' | 'action'> & { action: AuditAction; detail?: Record<string, unknown> },
) {
  return db
    .insertInto('audit_log')
    .values({ ...entry, detail: JSON.stringify(entry.detail ?? {}) })
    .execute();
}

export interface AuditQuery {
  limit: number;
  beforeId?: number;
  action?: string;
  actor?: string;
}

/**
 * The newest entries first. A district's audit administrator reads the entries of their district's people (the
 * actor's district); an entry with no known actor (a failed sign-in as nobody) is the city's, or a one-district
 * install's only district's.
 */
export function listAudit(db: Kysely<Database>, query: AuditQuery, scope: DistrictScope = CITY_SCOPE): Promise<AuditLogRow[]> {
  const actorDistrict = sql<string | null>`(SELECT u.district_code FROM users u WHERE u.id = audit_log.actor_user_id)`;
  let q = db.selectFrom('audit_log').selectAll().where(districtInScope(actorDistrict, scope)).orderBy('id', 'desc').limit(query.limit);
  if (query.beforeId) q = q.where('id', '<', query.beforeId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.actor) q = q.where('actor_username', '=', query.actor);
  return q.execute();
}
