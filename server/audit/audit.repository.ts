/** All SQL of the append-only audit log. */
import type { Kysely } from 'kysely';
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

export function listAudit(db: Kysely<Database>, query: AuditQuery): Promise<AuditLogRow[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.beforeId) q = q.where('id', '<', query.beforeId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.actor) q = q.where('actor_username', '=', query.actor);
  return q.execute();
}
