/**
 * The data steward's facility register: search every facility (retired ones on request), read one's history (who
 * imported or edited what, when, from which source), edit it and retire or restore it. Every change is guarded by
 * the version the steward saw (a concurrent change is refused, never overwritten) and written with its history and
 * an audit entry in one transaction. A district's steward reads and changes only their district's facilities
 * (another's is not found) and cannot move one into another district.
 */
import type { Kysely } from 'kysely';
import type { AuditAction } from '@/domain/audit/audit-actions';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { GENERIC_STATUSES, KIND_STATUSES } from '@/domain/facility-data/facility-words';
import { appendAudit } from '@/server/audit/audit.repository';
import type { Clock } from '@/server/clock';
import type { Actor } from '@/server/orders/order-change';
import * as repo from './facility-import.repository';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { actorScope } from '@/server/tenancy/actor-scope';
import { subDistrictsWithin } from '@/server/tenancy/scoped-sub-districts';
import { assertFacilityInScope } from '@/server/tenancy/scope-guard';

function facilityNotFound(id: number): AppError {
  return new AppError('NOT_FOUND', 'error.notFound', `No facility ${id}`, { what: `#${id}` });
}

/** The source recorded for changes made on screen. */
export const STEWARD_SOURCE = '人工编辑';

export interface FacilityEdit {
  name: string;
  status: string;
  address: string | null;
  subDistrictCode: string;
  lngLat: [number, number] | null;
}

export class FacilityRecordsService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; onChange?: () => void }) {}

  async search(q: repo.FacilitySearch) {
    const { total, rows } = await repo.searchFacilities(this.deps.db, q);
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        code: r.code,
        name: r.name,
        status: r.status,
        address: r.address,
        subDistrictCode: r.sub_district_code,
        subDistrictName: r.sub_district_name,
        subDistrictNameEn: r.sub_district_name_en,
        source: r.source,
        sourceId: r.source_id,
        synthetic: r.synthetic,
        retired: r.retired_at !== null,
        version: r.version,
        updatedAt: r.updated_at,
        lngLat: [Math.round(r.lng * 1e6) / 1e6, Math.round(r.lat * 1e6) / 1e6] as [number, number],
      })),
    };
  }

  async history(facilityId: number, scope: DistrictScope = CITY_SCOPE) {
    await assertFacilityInScope(this.deps.db, facilityId, scope);
    const rows = await repo.facilityHistory(this.deps.db, facilityId);
    return rows.map((h) => ({
      id: Number(h.id),
      action: h.action,
      batchId: h.batch_id,
      source: h.source,
      actorName: h.actor_name,
      at: h.at,
      before: h.before,
      after: h.after,
      note: h.note,
    }));
  }

  async edit(id: number, version: number, edit: FacilityEdit, actor: Actor): Promise<void> {
    const name = edit.name.trim();
    if (!name) throw new AppError('BAD_REQUEST', 'dataImport.error.nameRequired', 'A facility needs a name');
    await this.change(id, version, actor, 'facilities.edit', async (trx, facility, scope) => {
      const own = await subDistrictsWithin(trx, scope);
      if (own && !own.includes(edit.subDistrictCode))
        throw new AppError(
          'BAD_REQUEST',
          'dataImport.error.subDistrictElsewhere',
          `Sub-district ${edit.subDistrictCode} is not the district's`,
        );
      const kind = await trx.selectFrom('facilities').select('kind').where('id', '=', id).executeTakeFirstOrThrow();
      if (!(KIND_STATUSES[kind.kind] ?? GENERIC_STATUSES).includes(edit.status))
        throw new AppError('BAD_REQUEST', 'dataImport.error.badStatus', `Status ${edit.status} not allowed for ${kind.kind}`);
      return repo.editFacility(
        trx,
        facility.id,
        version,
        { ...edit, name, address: edit.address?.trim() || null },
        this.writer(actor),
        null,
      );
    });
  }

  async retire(id: number, version: number, reason: string, actor: Actor): Promise<void> {
    await this.setRetired(id, version, reason, actor, 'retire');
  }

  async restore(id: number, version: number, reason: string, actor: Actor): Promise<void> {
    await this.setRetired(id, version, reason, actor, 'restore');
  }

  private async setRetired(id: number, version: number, reason: string, actor: Actor, action: 'retire' | 'restore') {
    const why = reason.trim();
    if (why.length < 2) throw new AppError('BAD_REQUEST', 'dataImport.error.reasonRequired', 'A reason is required');
    await this.change(id, version, actor, `facilities.${action}`, async (trx, facility) => {
      if ((facility.retired_at !== null) === (action === 'retire')) return 1;
      const stale = await repo.setRetired(trx, [{ id, version }], this.writer(actor), action, why);
      return stale.length ? 0 : 1;
    });
  }

  private writer(actor: Actor) {
    return { userId: actor.userId, name: actor.name, at: this.deps.clock.now(), source: STEWARD_SOURCE, batchId: null };
  }

  private async change(
    id: number,
    version: number,
    actor: Actor,
    action: AuditAction,
    write: (
      trx: Kysely<Database>,
      facility: { id: number; version: number; retired_at: Date | null },
      scope: DistrictScope,
    ) => Promise<number>,
  ) {
    const scope = await actorScope(this.deps.db, actor);
    await this.deps.db.transaction().execute(async (trx) => {
      const facility = await repo.lockFacility(trx, id);
      if (!facility) throw facilityNotFound(id);
      await assertFacilityInScope(trx, id, scope);
      if (facility.version !== version || (await write(trx, facility, scope)) !== 1)
        throw new AppError('CONFLICT', 'dataImport.error.staleVersion', `Facility ${id} was changed by someone else`);
      await appendAudit(trx, {
        actor_user_id: actor.userId,
        actor_username: actor.name,
        actor_role: actor.role,
        action,
        target: `facility:${id}`,
        outcome: 'ok',
        detail: {},
        ip: null,
      });
    });
    this.deps.onChange?.();
  }
}
