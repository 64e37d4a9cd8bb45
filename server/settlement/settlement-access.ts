/**
 * Who may do what in the service settlement, shared by its services: the permission check, the audit entry every
 * step leaves, and the confinement of a district's people to their district's contracts and of a supplier to its
 * own (another's reads as not found). Every line, month, report, objection and statement is its contract's.
 */
import type { Kysely } from 'kysely';
import type { AuditAction } from '@/domain/audit/audit-actions';
import type { Database } from '@/db/schema';
import type { SettlementContractRow } from '@/db/schema-settlement';
import { can, type Permission } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import { appendAudit } from '@/server/audit/audit.repository';
import { actorScope } from '@/server/tenancy/actor-scope';
import type { Actor } from '@/server/orders/order-change';
import { findContract } from './settlement.repository';

export function requireSettlement(actor: Actor, ...permissions: Permission[]): void {
  if (actor.role === 'system') return;
  if (!permissions.some((p) => can(actor.role as Exclude<Actor['role'], 'system'>, p)))
    throw new AppError('FORBIDDEN', 'settlement.error.forbidden', `Missing permission ${permissions[0]}`);
}

/** A settlement audit step: the part of a `settlement.*` action after its prefix. */
type StepOf<A> = A extends `settlement.${infer S}` ? S : never;
export type SettlementAuditStep = StepOf<AuditAction>;

export async function auditSettlement(
  db: Kysely<Database>,
  actor: Actor,
  action: SettlementAuditStep,
  target: string,
  detail: Record<string, unknown> = {},
) {
  await appendAudit(db, {
    actor_user_id: actor.userId,
    actor_username: actor.name,
    actor_role: actor.role,
    action: `settlement.${action}`,
    outcome: 'ok',
    target,
    ip: null,
    detail,
  });
}

export function settlementNotFound(what: string, id: number | string): AppError {
  return new AppError('NOT_FOUND', 'error.notFound', `No ${what} ${id}`, { what: `${what} ${id}` });
}

export function staleSettlement(what: string): AppError {
  return new AppError('CONFLICT', 'settlement.error.stale', `${what} was changed by someone else meanwhile`);
}

/**
 * The contract, when the actor may see it: one of their district's (the city role's: any), and of those a supplier
 * only its own. Anything else reads as not found — `missing`, for a thing of the contract asked for by its own id.
 */
export async function visibleContract(
  db: Kysely<Database>,
  contractId: number,
  actor: Actor,
  missing: AppError = settlementNotFound('contract', contractId),
): Promise<SettlementContractRow> {
  requireSettlement(actor, 'settlement:approve', 'settlement:review', 'settlement:supply');
  const contract = await findContract(db, contractId, await actorScope(db, actor));
  if (!contract || (actor.role === 'settlement_supplier' && contract.supplier_user_id !== actor.userId)) throw missing;
  return contract;
}
