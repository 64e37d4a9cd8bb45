/**
 * One call for the places that refuse something without a signed-in user behind it (a partner's bad signature,
 * a device's bad key) or inside a service (a refused order transition): the actor is named as the caller knows
 * it, and an audit failure never turns the refusal into a 500.
 */
import type { IncomingMessage } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { AuditAction } from '@/domain/audit/audit-actions';
import { appendAudit } from './audit.repository';
import { logFor } from '@/server/ops/log';

const log = logFor('audit');

export interface RefusalEntry {
  /** Who tried: a user name, `partner:<code>`, `device:<unit>` or `anonymous`. */
  actor: string;
  actorUserId?: number | null;
  actorRole?: string | null;
  action: AuditAction;
  target?: string | null;
  reason: string;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export async function auditRefusal(db: Kysely<Database>, entry: RefusalEntry): Promise<void> {
  try {
    await appendAudit(db, {
      actor_user_id: entry.actorUserId ?? null,
      actor_username: entry.actor,
      actor_role: entry.actorRole ?? null,
      action: entry.action,
      outcome: 'denied',
      target: entry.target ?? null,
      ip: entry.ip ?? null,
      detail: { reason: entry.reason, ...entry.detail },
    });
  } catch (error) {
    log.error('could not record a refusal', error);
  }
}

/** Records a refusal of a raw HTTP caller with the caller's address; built once in app.ts and given to the routes. */
export type AuditCallerRefusal = (req: IncomingMessage, entry: Omit<RefusalEntry, 'ip'>) => Promise<void>;

export function callerRefusalAuditor(db: Kysely<Database>, addressOf: (req: IncomingMessage) => string | null): AuditCallerRefusal {
  return (req, entry) => auditRefusal(db, { ...entry, ip: addressOf(req) });
}
