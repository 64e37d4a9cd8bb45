/**
 * The one registry of outside callers (knowledge terminals, Open311 clients, feature-API users, partners, devices):
 * a key is shown once when issued and only its sha256 is stored; a withdrawn key stops working at once. Issuing
 * and withdrawing are audited.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, OutsideClientKind } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { appendAudit } from '@/server/audit/audit.repository';
import type { Clock } from '@/server/clock';
import type { Actor } from '@/server/orders/order-change';
import { shanghaiDay } from '@/domain/shanghai-time';
import { callSummary, countCall, disableClient, insertClient, listClients, stampClientByHash } from './outside-clients.repository';
import { outsideClientCalls } from '@/server/ops/metrics';
import { actorScope, districtOfScope } from '@/server/tenancy/actor-scope';

export const OUTSIDE_CLIENT_KINDS = ['terminal', 'open311', 'feature-api', 'partner', 'device', 'data-source'] as const;

export const outsideClientView = z.object({
  id: z.number(),
  kind: z.enum(OUTSIDE_CLIENT_KINDS),
  name: z.string(),
  keyPrefix: z.string(),
  scopes: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});
export type OutsideClientView = z.infer<typeof outsideClientView>;

export const clientCallsView = z.object({
  clientId: z.number(),
  name: z.string(),
  kind: z.enum(OUTSIDE_CLIENT_KINDS),
  keyPrefix: z.string(),
  /** The interface called: the kind of client it serves (open311, terminal, feature-api, …). */
  interface: z.string(),
  today: z.number(),
  total: z.number(),
  lastAt: z.date().nullable(),
});
export type ClientCallsView = z.infer<typeof clientCallsView>;

/** How far back the administrator's call counts reach. */
export const CALL_SUMMARY_DAYS = 30;

export interface VerifiedClient {
  id: number;
  kind: OutsideClientKind;
  name: string;
  scopes: string[];
  /** The district the client serves; null: the city level (migration 0074). */
  districtCode: string | null;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export class OutsideClientsService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  /** Issues a key; the returned key is never shown again. The client serves the issuing administrator's district. */
  async issue(
    input: { kind: OutsideClientKind; name: string; scopes: string[] },
    actor: Actor,
  ): Promise<{ id: number; key: string; keyPrefix: string }> {
    const name = input.name.trim();
    if (!name) throw new AppError('BAD_REQUEST', 'clients.error.nameRequired', 'A client needs a name');
    const district = districtOfScope(await actorScope(this.deps.db, actor));
    const keyPrefix = `om_${randomBytes(4).toString('hex')}`;
    const key = `${keyPrefix}_${randomBytes(24).toString('base64url')}`;
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const created = await insertClient(trx, {
        kind: input.kind,
        name,
        keyPrefix,
        keyHash: hashKey(key),
        scopes: input.scopes,
        createdBy: actor.userId,
        at: this.deps.clock.now(),
        district,
      });
      await appendAudit(trx, {
        actor_user_id: actor.userId,
        actor_username: actor.name,
        actor_role: actor.role,
        action: 'clients.issue',
        target: `outside_client:${created}`,
        outcome: 'ok',
        detail: { kind: input.kind, name, scopes: input.scopes },
        ip: null,
      });
      return created;
    });
    return { id, key, keyPrefix };
  }

  /**
   * The client a key belongs to when it is enabled, of the expected kind and holds the scope; null otherwise.
   * Every call it lets through is counted, per client, interface (the kind) and Shanghai day: the one count of
   * calls to outside interfaces the system administrator reads.
   */
  async verify(key: string | undefined, kind: OutsideClientKind, scope: string): Promise<VerifiedClient | null> {
    if (!key) {
      outsideClientCalls.inc({ kind, outcome: 'refused' });
      return null;
    }
    const at = this.deps.clock.now();
    const row = await stampClientByHash(this.deps.db, hashKey(key), at);
    if (!row || row.kind !== kind || !row.scopes.includes(scope)) {
      outsideClientCalls.inc({ kind, outcome: 'refused' });
      return null;
    }
    outsideClientCalls.inc({ kind, outcome: 'accepted' });
    await countCall(this.deps.db, { clientId: row.id, interfaceName: kind, day: shanghaiDay(at), at });
    return { id: row.id, kind: row.kind, name: row.name, scopes: row.scopes, districtCode: row.district_code };
  }

  /** Calls per client and interface over the last CALL_SUMMARY_DAYS Shanghai days, today's among them. */
  async calls(): Promise<ClientCallsView[]> {
    const now = this.deps.clock.now();
    const since = shanghaiDay(new Date(now.getTime() - (CALL_SUMMARY_DAYS - 1) * 86_400_000));
    const rows = await callSummary(this.deps.db, since, shanghaiDay(now));
    return rows.map((r) => ({
      clientId: r.client_id,
      name: r.name,
      kind: r.kind,
      keyPrefix: r.key_prefix,
      interface: r.interface,
      today: Number(r.today),
      total: Number(r.total),
      lastAt: r.last_at ? new Date(r.last_at) : null,
    }));
  }

  async list(kind?: OutsideClientKind): Promise<OutsideClientView[]> {
    const rows = await listClients(this.deps.db, kind);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      keyPrefix: r.key_prefix,
      scopes: r.scopes,
      enabled: r.enabled,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
    }));
  }

  async withdraw(id: number, actor: Actor): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await disableClient(trx, id, this.deps.clock.now())))
        throw new AppError('NOT_FOUND', 'error.notFound', `No enabled outside client ${id}`, { what: `outside client ${id}` });
      await appendAudit(trx, {
        actor_user_id: actor.userId,
        actor_username: actor.name,
        actor_role: actor.role,
        action: 'clients.withdraw',
        target: `outside_client:${id}`,
        outcome: 'ok',
        detail: {},
        ip: null,
      });
    });
  }
}
