/**
 * Who may do what in 清费云, shared by its services: the permission check, the audit entry every fee action
 * leaves, and the confinement of a payer or a collection company to its own rows (another's reads as not found).
 */
import type { Kysely } from 'kysely';
import type { AuditAction } from '@/domain/audit/audit-actions';
import type { Database } from '@/db/schema';
import type { FeeCompanyRow, FeePayerRow } from '@/db/schema-fees';
import { can, type Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import { appendAudit } from '@/server/audit/audit.repository';
import type { Actor } from '@/server/orders/order-change';

export function requireFees(actor: Actor, ...permissions: Permission[]): void {
  if (actor.role === 'system') return;
  if (!permissions.some((p) => can(actor.role as Exclude<Actor['role'], 'system'>, p)))
    throw new AppError('FORBIDDEN', 'fees.error.forbidden', `Missing permission ${permissions[0]}`);
}

export async function auditFees(
  db: Kysely<Database>,
  actor: Actor,
  action: AuditAction,
  target: string,
  detail: Record<string, unknown> = {},
) {
  await appendAudit(db, {
    actor_user_id: actor.userId,
    actor_username: actor.name,
    actor_role: actor.role,
    action,
    outcome: 'ok',
    target,
    ip: null,
    detail,
  });
}

/** The payer the actor acts for, when the actor is a payer; payers are confined to it. */
export async function ownPayer(db: Kysely<Database>, actor: Actor): Promise<FeePayerRow | null> {
  if (actor.role !== 'fee_payer') return null;
  const payer =
    actor.userId === null
      ? undefined
      : await db.selectFrom('fee_payers').selectAll().where('user_id', '=', actor.userId).executeTakeFirst();
  if (!payer) throw new AppError('FORBIDDEN', 'fees.error.noPayer', 'This account is not linked to a payer');
  return payer;
}

/** The collection company the actor works for, when the actor is one; companies are confined to it. */
export async function ownCompany(db: Kysely<Database>, actor: Actor): Promise<FeeCompanyRow | null> {
  if (actor.role !== 'collection_company') return null;
  const company =
    actor.userId === null
      ? undefined
      : await db.selectFrom('fee_companies').selectAll().where('user_id', '=', actor.userId).executeTakeFirst();
  if (!company) throw new AppError('FORBIDDEN', 'fees.error.noCompany', 'This account is not linked to a collection company');
  return company;
}

export function staleFees(what: string): AppError {
  return new AppError('CONFLICT', 'fees.error.stale', `${what} was changed by someone else meanwhile`);
}

export function feeNotFound(what: string, id: number | string): AppError {
  return new AppError('NOT_FOUND', 'error.notFound', `No ${what} ${id}`, { what: `${what} ${id}` });
}
