/**
 * Facility imports (数据采集) with cleansing (数据处理), for the data steward and for source systems that push:
 *   check  — read, cleanse and report; nothing written;
 *   run    — the same, then write per the mode and the steward's duplicate choices, in one transaction with the
 *            batch record, every facility's history and the audit entry; refused whole if a facility it updates was
 *            changed meanwhile (versions), so no concurrent edit is lost;
 *   push   — a source system's changes (upserts and retirements by its stable ids) through the same cleansing;
 *   undo   — a batch as a whole, with a reason, on record; refused when a facility it wrote was changed since.
 * The district's shapes, gazetteer, roads and water are read once and kept: they do not change while running.
 * Districts as tenants (issue 22): an import belongs to the importing person's (or pushing client's) district; a
 * district's import writes only its own facilities — a row placed in, or changing a facility of, another district
 * is a bad row ('otherDistrict') — and its people list and undo only its batches.
 */
import type { LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { ImportCrs } from '@/db/schema-facility-imports';
import { loadWater } from '@/db/seed/data-files';
import { AppError } from '@/domain/errors';
import { KIND_SYNONYMS, STATUS_SYNONYMS, subDistrictKeys, wordLookup } from '@/domain/facility-data/facility-words';
import { DEFAULT_DUPLICATE_METERS, DEFAULT_NAME_SIMILARITY } from '@/domain/facility-data/name-similarity';
import { messages } from '@/domain/i18n/messages';
import type { Crs } from '@/geo/crs';
import { createGazetteerGeocoder, type Geocode } from '@/geo/gazetteer-geocoder';
import { appendAudit } from '@/server/audit/audit.repository';
import type { Clock } from '@/server/clock';
import { FACILITY_KINDS } from '@/server/facilities/facilities.service';
import type { Actor } from '@/server/orders/order-change';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { actorScope, districtOfScope } from '@/server/tenancy/actor-scope';
import { subDistrictsWithin } from '@/server/tenancy/scoped-sub-districts';
import { type CleansingContext, cleanse, type SourceFacility } from './cleanse';
import * as repo from './facility-import.repository';
import type { SourceRecord } from './facility-record';
import { AreaIndex, DoorplateIndex, WaterIndex } from './places';
import { type DuplicateDecision, MERGED_IDS_ATTR, planWrites, summarise, type WriteMode } from './plan';
import { readSource, type SourceFormat } from './read-source';

export interface ImportSettings {
  /** The named data source; its stable ids are matched to stored facilities. */
  source: string;
  crs: Crs;
  duplicateMeters: number;
  nameSimilarity: number;
  retireMissing: boolean;
  defaultDecision: DuplicateDecision;
  decisions: ReadonlyArray<{ row: number; decision: DuplicateDecision }>;
}

export const DEFAULT_SETTINGS: Omit<ImportSettings, 'source'> = {
  crs: 'wgs84',
  duplicateMeters: DEFAULT_DUPLICATE_METERS,
  nameSimilarity: DEFAULT_NAME_SIMILARITY,
  retireMissing: false,
  defaultDecision: 'merge',
  decisions: [],
};

interface StaticGeography {
  district: AreaIndex<true>;
  subDistricts: AreaIndex<string>;
  subDistrictWords: Map<string, string>;
  subDistrictNames: Map<string, string>;
  water: WaterIndex;
  doorplates: DoorplateIndex;
  geocode: Geocode;
}

/** The catalogue's names of kinds and statuses (both languages) count as synonyms too. */
function catalogueWords(prefix: string): Record<string, string[]> {
  const words: Record<string, string[]> = {};
  for (const catalogue of Object.values(messages))
    for (const [key, text] of Object.entries(catalogue)) if (key.startsWith(prefix)) (words[key.slice(prefix.length)] ??= []).push(text);
  return words;
}

function mergeLists(...lists: Array<Readonly<Record<string, readonly string[]>>>): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const list of lists) for (const [code, words] of Object.entries(list)) (merged[code] ??= []).push(...words);
  return merged;
}

export type ImportReport = ReturnType<typeof summarise> & {
  format: SourceFormat | 'push';
  source: string;
  crs: Crs;
  crsWarning: { declared: Crs; likely: Crs; points: number } | null;
  retireMissing: number;
  written: null | {
    batchId: number | null;
    blocked: boolean;
    inserted: number;
    updated: number;
    merged: number;
    retired: number;
    unchanged: number;
    skipped: number;
  };
};

export class FacilityImportService {
  private geography: Promise<StaticGeography> | null = null;

  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; onChange?: () => void }) {}

  private staticGeography(): Promise<StaticGeography> {
    this.geography ??= this.loadGeography().catch((error: unknown) => {
      this.geography = null;
      throw error;
    });
    return this.geography;
  }

  private async loadGeography(): Promise<StaticGeography> {
    const { db } = this.deps;
    const [{ district, subDistricts }, addresses, roads] = await Promise.all([
      repo.districtShapes(db),
      repo.gazetteer(db),
      repo.roadLines(db),
    ]);
    if (!district.length || !subDistricts.length)
      throw new AppError('CONFLICT', 'dataImport.error.noGeography', 'The district is not loaded (seed the database first)');
    const areas = subDistricts.map((s) => ({ ...s, geometry: JSON.parse(s.geometry) as Polygon | MultiPolygon }));
    const subDistrictWords = new Map<string, string>();
    for (const s of areas)
      for (const key of subDistrictKeys({ code: s.code, name: s.name, nameEn: s.name_en })) subDistrictWords.set(key, s.code);
    return {
      district: new AreaIndex(district.map((d) => ({ value: true as const, geometry: JSON.parse(d.geometry) as Polygon | MultiPolygon }))),
      subDistricts: new AreaIndex(areas.map((s) => ({ value: s.code, geometry: s.geometry }))),
      subDistrictWords,
      subDistrictNames: new Map(areas.map((s) => [s.code, s.name])),
      water: new WaterIndex(loadWater()),
      doorplates: new DoorplateIndex(addresses.map((a) => ({ address: a.address, lngLat: [a.lng, a.lat] }))),
      geocode: createGazetteerGeocoder({
        entries: addresses.map((a) => ({ address: a.address, lngLat: [a.lng, a.lat], road: a.road, houseNumber: a.house_number })),
        subDistricts: areas.map((s) => ({ name: s.name, geometry: s.geometry })),
        roads: roads.map((r) => ({ name: r.name, geometry: JSON.parse(r.geometry) as LineString | MultiLineString })),
      }),
    };
  }

  private async context(source: string, geography: StaticGeography, db: Kysely<Database>, scope: DistrictScope): Promise<CleansingContext> {
    const kinds = FACILITY_KINDS as readonly string[];
    const [existing, own, ownSubDistricts] = await Promise.all([
      repo.existingFacilities(db, scope),
      repo.facilitiesOfSource(db, source),
      subDistrictsWithin(db, scope),
    ]);
    const bySourceId = new Map<string, SourceFacility>(
      own.map((f) => [
        f.source_id!,
        {
          id: f.id,
          kind: f.kind,
          name: f.name,
          version: f.version,
          point: [f.lng, f.lat],
          source,
          sourceId: f.source_id,
          retired: f.retired_at !== null,
          status: f.status,
          address: f.address,
          subDistrictCode: f.sub_district_code,
          attrs: f.attrs ?? {},
          geometryText: f.geometry,
        },
      ]),
    );
    const mergedSourceIds = new Set<string>();
    for (const f of own) {
      const aliases = (f.attrs ?? {})[MERGED_IDS_ATTR];
      if (Array.isArray(aliases)) for (const alias of aliases) mergedSourceIds.add(String(alias));
    }
    return {
      ...geography,
      mergedSourceIds,
      kinds,
      kindWords: wordLookup(mergeLists(KIND_SYNONYMS, catalogueWords('kind.')), kinds),
      statusWords: wordLookup(mergeLists(STATUS_SYNONYMS, catalogueWords('status.'))),
      existing: existing.map((f) => ({
        id: f.id,
        kind: f.kind,
        name: f.name,
        version: f.version,
        point: [f.lng, f.lat],
        source: f.source,
        sourceId: f.source_id,
        retired: false,
      })),
      bySourceId,
      ownSubDistricts: ownSubDistricts ? new Set(ownSubDistricts) : null,
    };
  }

  // The static geography is read before any transaction opens: the embedded database has one connection, so a read
  // outside the transaction while it is open would wait for it forever.
  private async cleanseAndPlan(
    records: SourceRecord[],
    settings: ImportSettings,
    mode: WriteMode,
    geography: StaticGeography,
    scope: DistrictScope,
    db: Kysely<Database> = this.deps.db,
  ) {
    const context = await this.context(settings.source, geography, db, scope);
    const { rows, crsWarning } = cleanse(records, context, settings);
    const planOptions = {
      mode,
      decisions: new Map(settings.decisions.map((d) => [d.row, d.decision])),
      defaultDecision: settings.defaultDecision,
      retireMissing: settings.retireMissing,
    };
    // A district's whole layer is its own part of the source's: another district's facilities are never retired.
    const own = context.ownSubDistricts;
    const bySourceId = own ? new Map([...context.bySourceId].filter(([, f]) => own.has(f.subDistrictCode))) : context.bySourceId;
    const plan = planWrites(rows, { ...context, bySourceId }, planOptions);
    return { rows, crsWarning, plan, summary: summarise(rows, planOptions) };
  }

  /** Reads and cleanses a file; writes nothing. `scope`: the district importing (its rules apply to the report). */
  async check(
    file: { fileName: string; bytes: Buffer },
    settings: ImportSettings,
    scope: DistrictScope = CITY_SCOPE,
  ): Promise<ImportReport> {
    const { format, records } = await readSource(file.fileName, file.bytes);
    const { crsWarning, plan, summary } = await this.cleanseAndPlan(
      records,
      validSettings(settings),
      'valid',
      await this.staticGeography(),
      scope,
    );
    return { ...summary, format, source: settings.source, crs: settings.crs, crsWarning, retireMissing: retireCount(plan), written: null };
  }

  /** Reads, cleanses and writes a file per the mode and the choices. */
  async run(file: { fileName: string; bytes: Buffer }, settings: ImportSettings, mode: WriteMode, actor: Actor): Promise<ImportReport> {
    const { format, records } = await readSource(file.fileName, file.bytes);
    const scope = await actorScope(this.deps.db, actor);
    return this.write(records, validSettings(settings), mode, {
      actor,
      scope,
      channel: 'file',
      format,
      fileName: file.fileName,
      clientId: null,
    });
  }

  /** A source system's pushed changes (its key's client is the source). */
  async push(
    records: SourceRecord[],
    settings: Omit<ImportSettings, 'decisions' | 'retireMissing'>,
    mode: WriteMode,
    client: { id: number; name: string; districtCode?: string | null },
  ): Promise<ImportReport> {
    const district = client.districtCode ?? null;
    const actor: Actor = { userId: null, name: `${client.name}（接口推送）`, role: 'system', unitId: null };
    return this.write(records, validSettings({ ...settings, decisions: [], retireMissing: false }), mode, {
      actor,
      scope: district === null ? CITY_SCOPE : { kind: 'district', code: district },
      channel: 'push',
      format: 'push',
      fileName: null,
      clientId: client.id,
    });
  }

  private async write(
    records: SourceRecord[],
    settings: ImportSettings,
    mode: WriteMode,
    how: {
      actor: Actor;
      scope: DistrictScope;
      channel: 'file' | 'push';
      format: SourceFormat | 'push';
      fileName: string | null;
      clientId: number | null;
    },
  ): Promise<ImportReport> {
    const at = this.deps.clock.now();
    const geography = await this.staticGeography();
    const report = await this.deps.db.transaction().execute(async (trx) => {
      // Read and decide inside the transaction: what it matched against is what it writes over (versions guard the rest).
      const { crsWarning, plan, summary } = await this.cleanseAndPlan(records, settings, mode, geography, how.scope, trx);
      const base = {
        ...summary,
        format: how.format,
        source: settings.source,
        crs: settings.crs,
        crsWarning,
        retireMissing: retireCount(plan),
      };
      const nothing = plan.blocked || plan.operations.length === 0;
      if (nothing) return { ...base, written: { batchId: null, blocked: plan.blocked, ...plan.counts } };
      const batchId = await repo.insertBatch(trx, {
        channel: how.channel,
        source: settings.source,
        fileName: how.fileName,
        format: how.format,
        crs: settings.crs as ImportCrs,
        mode,
        rows: records.length,
        actorUserId: how.actor.userId,
        actorName: how.actor.name,
        clientId: how.clientId,
        at,
        district: districtOfScope(how.scope),
      });
      const writer = { userId: how.actor.userId, name: how.actor.name, at, source: settings.source, batchId };
      const inserts = plan.operations.flatMap((op) => (op.type === 'insert' ? [op.values] : []));
      const updates = plan.operations.flatMap((op) => (op.type === 'update' ? [op] : []));
      const retires = plan.operations.flatMap((op) => (op.type === 'retire' ? [op] : []));
      await repo.insertFacilities(trx, inserts, writer, `D${batchId}`);
      const stale = [...(await repo.updateFacilities(trx, updates, writer)), ...(await repo.setRetired(trx, retires, writer, 'retire'))];
      if (stale.length)
        throw new AppError('CONFLICT', 'dataImport.error.changedMeanwhile', `Facilities ${stale.join(', ')} changed during the import`, {
          count: stale.length,
        });
      const { inserted, updated, merged, retired, skipped } = plan.counts;
      const written = { batchId, blocked: false, ...plan.counts };
      await repo.finishBatch(
        trx,
        batchId,
        { inserted, updated, merged, retired, skipped },
        {
          problemsByCode: summary.problemsByCode,
          fixesByCode: summary.fixesByCode,
          duplicates: summary.duplicates,
          crsWarning,
        },
      );
      await appendAudit(trx, {
        actor_user_id: how.actor.userId,
        actor_username: how.actor.name,
        actor_role: how.actor.role,
        action: how.channel === 'push' ? 'facilities.push' : 'facilities.import',
        target: `facility_import_batch:${batchId}`,
        outcome: 'ok',
        detail: { source: settings.source, fileName: how.fileName, mode, ...plan.counts },
        ip: null,
      });
      return { ...base, written };
    });
    if (report.written?.batchId) this.deps.onChange?.();
    return report;
  }

  /** Undoes a batch as a whole: every facility it wrote goes back to how it was before. */
  async undo(batchId: number, reason: string, actor: Actor): Promise<{ facilities: number }> {
    const why = reason.trim();
    if (why.length < 2) throw new AppError('BAD_REQUEST', 'dataImport.error.reasonRequired', 'A reason is required');
    const at = this.deps.clock.now();
    const scope = await actorScope(this.deps.db, actor);
    const facilities = await this.deps.db.transaction().execute(async (trx) => {
      // Another district's batch is not found, as one that does not exist.
      const batch = await repo.findBatch(trx, batchId, scope);
      if (!batch) throw new AppError('NOT_FOUND', 'error.notFound', `No import batch ${batchId}`, { what: `#${batchId}` });
      if (batch.undone_at) throw new AppError('CONFLICT', 'dataImport.error.alreadyUndone', `Batch ${batchId} was undone already`);
      const changes = await repo.batchChanges(trx, batchId);
      const latest = new Map<number, (typeof changes)[number]>();
      for (const c of changes) if (!latest.has(c.facility_id)) latest.set(c.facility_id, c);
      const moved = [...latest.values()].filter((c) => c.version !== c.version_after);
      if (moved.length)
        throw new AppError('CONFLICT', 'dataImport.error.undoAfterEdits', 'Facilities of the batch were changed after it', {
          count: moved.length,
          names: moved
            .slice(0, 5)
            .map((c) => c.name)
            .join('、'),
        });
      const n = await repo.revertBatch(trx, batchId, { userId: actor.userId ?? 0, name: actor.name, at }, why);
      await appendAudit(trx, {
        actor_user_id: actor.userId,
        actor_username: actor.name,
        actor_role: actor.role,
        action: 'facilities.undoImport',
        target: `facility_import_batch:${batchId}`,
        outcome: 'ok',
        detail: { reason: why, facilities: n },
        ip: null,
      });
      return n;
    });
    this.deps.onChange?.();
    return { facilities };
  }

  async batches(limit = 50, scope: DistrictScope = CITY_SCOPE) {
    const rows = await repo.listBatches(this.deps.db, limit, scope);
    return rows.map((b) => ({
      id: b.id,
      channel: b.channel,
      source: b.source,
      fileName: b.file_name,
      format: b.format,
      crs: b.crs,
      mode: b.mode,
      rows: b.rows,
      inserted: b.inserted,
      updated: b.updated,
      merged: b.merged,
      retired: b.retired,
      skipped: b.skipped,
      actorName: b.actor_name,
      createdAt: b.created_at,
      undoneAt: b.undone_at,
      undoneBy: b.undone_by,
      undoReason: b.undo_reason,
    }));
  }

  async sources(scope: DistrictScope = CITY_SCOPE) {
    const rows = await repo.knownSources(this.deps.db, scope);
    return rows.map((r) => ({ source: r.source!, count: Number(r.count) }));
  }
}

function validSettings(settings: ImportSettings): ImportSettings {
  const source = settings.source.trim();
  if (!source) throw new AppError('BAD_REQUEST', 'dataImport.error.sourceRequired', 'Name the data source');
  return { ...settings, source };
}

function retireCount(plan: ReturnType<typeof planWrites>): number {
  return plan.operations.filter((op) => op.type === 'retire' && op.rows.length === 0).length;
}
