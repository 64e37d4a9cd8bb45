/**
 * All SQL of facility imports and the data steward's edits: what cleansing reads (district, sub-districts, the
 * gazetteer, roads, the facilities already stored), the batch record, set-based writes (one statement per 2,000
 * rows, each writing the facilities and their history together) and the undo of a batch. Every write is guarded by
 * the facility's version, so a concurrent edit is never overwritten: the statement touches fewer rows than asked and
 * the caller refuses the whole transaction.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { FacilityHistoryAction, ImportChannel, ImportCrs } from '@/db/schema-facility-imports';
import { stAsGeoJSON, stPointOnSurface, stX, stY } from '@/db/st';
import type { FacilityValues } from './plan';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope, subDistrictInScope } from '@/server/tenancy/district-sql';

const CHUNK = 2_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The facility as history keeps it (before / after). */
const SNAPSHOT = (alias: string) =>
  sql.raw(`jsonb_build_object('kind', ${alias}.kind, 'name', ${alias}.name, 'status', ${alias}.status, 'address', ${alias}.address,
    'subDistrictCode', ${alias}.sub_district_code, 'attrs', ${alias}.attrs, 'geometry', ST_AsGeoJSON(${alias}.geom, 7)::jsonb,
    'geocodeQuality', ${alias}.geocode_quality, 'source', ${alias}.source, 'sourceId', ${alias}.source_id,
    'retired', ${alias}.retired_at IS NOT NULL)`);

// ——— What cleansing reads ———

export async function districtShapes(db: Kysely<Database>) {
  const district = await db
    .selectFrom('districts')
    .select((eb) => [stAsGeoJSON(eb.ref('geom')).as('geometry')])
    .execute();
  const subDistricts = await db
    .selectFrom('sub_districts')
    .select((eb) => ['code', 'name', 'name_en', stAsGeoJSON(eb.ref('geom')).as('geometry')])
    .orderBy('code')
    .execute();
  return { district, subDistricts };
}

export function gazetteer(db: Kysely<Database>) {
  return db
    .selectFrom('addresses')
    .select((eb) => ['address', 'road', 'house_number', stX(eb.ref('geom')).as('lng'), stY(eb.ref('geom')).as('lat')])
    .orderBy('id')
    .execute();
}

export function roadLines(db: Kysely<Database>) {
  return db
    .selectFrom('base_features')
    .select((eb) => ['name', stAsGeoJSON(eb.ref('geom')).as('geometry')])
    .where('layer', '=', 'road')
    .where('name', '<>', '')
    .execute();
}

/** Every facility on the map (for duplicates), as a point on it. */
/** The live facilities an import of this scope matches its rows against (its district's: another's is never written). */
export function existingFacilities(db: Kysely<Database>, scope: DistrictScope) {
  return db
    .selectFrom('facilities')
    .select((eb) => [
      'id',
      'kind',
      'name',
      'version',
      'source',
      'source_id',
      stX(stPointOnSurface(eb.ref('geom'))).as('lng'),
      stY(stPointOnSurface(eb.ref('geom'))).as('lat'),
    ])
    .where('retired_at', 'is', null)
    .where(subDistrictInScope('sub_district_code', scope))
    .execute();
}

/** The source's own facilities (retired too), with what an update compares against. */
export function facilitiesOfSource(db: Kysely<Database>, source: string) {
  return db
    .selectFrom('facilities')
    .select((eb) => [
      'id',
      'kind',
      'name',
      'version',
      'status',
      'address',
      'sub_district_code',
      'attrs',
      'source_id',
      'retired_at',
      stAsGeoJSON(eb.ref('geom')).as('geometry'),
      stX(stPointOnSurface(eb.ref('geom'))).as('lng'),
      stY(stPointOnSurface(eb.ref('geom'))).as('lat'),
    ])
    .where('source', '=', source)
    .where('source_id', 'is not', null)
    .execute();
}

export function knownSources(db: Kysely<Database>, scope: DistrictScope) {
  return db
    .selectFrom('facilities')
    .select((eb) => ['source', eb.fn.countAll<number>().as('count')])
    .where('source', 'is not', null)
    .where('retired_at', 'is', null)
    .where(subDistrictInScope('sub_district_code', scope))
    .groupBy('source')
    .orderBy('source')
    .execute();
}

// ——— Batches ———

export async function insertBatch(
  db: Kysely<Database>,
  batch: {
    channel: ImportChannel;
    source: string;
    fileName: string | null;
    format: string | null;
    crs: ImportCrs;
    mode: 'all' | 'valid';
    rows: number;
    actorUserId: number | null;
    actorName: string;
    clientId: number | null;
    at: Date;
    /** The importing person's or client's district; null: the city level. */
    district: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('facility_import_batches')
    .values({
      channel: batch.channel,
      source: batch.source,
      file_name: batch.fileName,
      format: batch.format,
      crs: batch.crs,
      mode: batch.mode,
      rows: batch.rows,
      report: '{}',
      actor_user_id: batch.actorUserId,
      actor_name: batch.actorName,
      client_id: batch.clientId,
      created_at: batch.at,
      district_code: batch.district,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishBatch(
  db: Kysely<Database>,
  id: number,
  counts: { inserted: number; updated: number; retired: number; merged: number; skipped: number },
  report: Record<string, unknown>,
) {
  await db
    .updateTable('facility_import_batches')
    .set({ ...counts, report: JSON.stringify(report) })
    .where('id', '=', id)
    .execute();
}

/** A district's batches are its own (the city level's, NULL, are a one-district install's district's). */
export function listBatches(db: Kysely<Database>, limit: number, scope: DistrictScope) {
  return db
    .selectFrom('facility_import_batches')
    .selectAll()
    .where(districtInScope('district_code', scope))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function findBatch(db: Kysely<Database>, id: number, scope: DistrictScope) {
  return db
    .selectFrom('facility_import_batches')
    .selectAll()
    .where('id', '=', id)
    .where(districtInScope('district_code', scope))
    .executeTakeFirst();
}

// ——— Writes ———

export interface WriteActor {
  userId: number | null;
  name: string;
  at: Date;
  source: string;
  batchId: number | null;
}

/** New facilities with their 'insert' history, one statement per chunk. Codes are D<batch>-<n>. */
export async function insertFacilities(db: Kysely<Database>, values: readonly FacilityValues[], actor: WriteActor, codePrefix: string) {
  let n = 0;
  for (const part of chunks(values)) {
    const codes = part.map(() => `${codePrefix}-${String(++n).padStart(5, '0')}`);
    const { rows } = await sql<{ n: number }>`
      WITH input AS (
        SELECT * FROM unnest(${codes}::text[], ${part.map((v) => v.kind)}::text[], ${part.map((v) => v.name)}::text[],
          ${part.map((v) => v.address)}::text[], ${part.map((v) => v.subDistrictCode)}::text[], ${part.map((v) => v.status)}::text[],
          ${part.map((v) => JSON.stringify(v.attrs))}::text[], ${part.map((v) => v.geocodeQuality)}::text[],
          ${part.map((v) => JSON.stringify(v.geometry))}::text[], ${part.map((v) => v.sourceId)}::text[])
          AS u(code, kind, name, address, sub, status, attrs, quality, geometry, source_id)
      ), ins AS (
        INSERT INTO facilities (kind, code, name, address, sub_district_code, status, attrs, synthetic, geocode_quality, geom,
          source, source_id, import_batch_id, updated_at)
        SELECT kind, code, name, address, sub, status, attrs::jsonb, false, quality,
          ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(geometry)), 4326), ${actor.source}, source_id, ${actor.batchId}, ${actor.at}
        FROM input
        RETURNING *
      )
      INSERT INTO facility_history (facility_id, batch_id, action, source, actor_user_id, actor_name, at, before, after, version_after)
      SELECT ins.id, ${actor.batchId}, 'insert', ${actor.source}, ${actor.userId}, ${actor.name}, ${actor.at}, NULL, ${SNAPSHOT('ins')}, ins.version
      FROM ins
      RETURNING 1 AS n`.execute(db);
    if (rows.length !== part.length) throw new Error(`inserted ${rows.length} of ${part.length} facilities`);
  }
}

/**
 * Updates (and merges) with their history; only where the facility still has the version cleansing read. Returns
 * the ids that had moved on (someone edited them meanwhile), for the caller to refuse the whole import.
 */
export async function updateFacilities(
  db: Kysely<Database>,
  updates: ReadonlyArray<{ id: number; version: number; values: FacilityValues; merge: boolean }>,
  actor: WriteActor,
): Promise<number[]> {
  const stale: number[] = [];
  for (const part of chunks(updates)) {
    const { rows } = await sql<{ id: number }>`
      WITH input AS (
        SELECT * FROM unnest(${part.map((u) => u.id)}::int[], ${part.map((u) => u.version)}::int[], ${part.map((u) => u.merge)}::bool[],
          ${part.map((u) => u.values.kind)}::text[], ${part.map((u) => u.values.name)}::text[], ${part.map((u) => u.values.address)}::text[],
          ${part.map((u) => u.values.subDistrictCode)}::text[], ${part.map((u) => u.values.status)}::text[],
          ${part.map((u) => JSON.stringify(u.values.attrs))}::text[], ${part.map((u) => u.values.geocodeQuality)}::text[],
          ${part.map((u) => JSON.stringify(u.values.geometry))}::text[], ${part.map((u) => u.values.sourceId)}::text[])
          AS u(id, version, merge, kind, name, address, sub, status, attrs, quality, geometry, source_id)
      ), old AS (
        SELECT f.id, ${SNAPSHOT('f')} AS snapshot FROM facilities f JOIN input u ON u.id = f.id AND u.version = f.version
      ), upd AS (
        UPDATE facilities f SET
          kind = u.kind, name = u.name, status = u.status, sub_district_code = u.sub,
          address = CASE WHEN u.merge THEN COALESCE(u.address, f.address) ELSE u.address END,
          -- A merge adds the row's attributes to the facility's; an update takes the row's. Either way the aliases of
          -- rows merged before and now are kept together, so a later import still recognises every one of them.
          attrs = (CASE WHEN u.merge THEN f.attrs || u.attrs::jsonb ELSE u.attrs::jsonb END) - 'merged_source_ids'
            || jsonb_strip_nulls(jsonb_build_object('merged_source_ids', (
              SELECT jsonb_agg(DISTINCT e.v) FROM jsonb_array_elements(
                COALESCE(f.attrs->'merged_source_ids', '[]'::jsonb) || COALESCE(u.attrs::jsonb->'merged_source_ids', '[]'::jsonb)) AS e(v)))),
          geocode_quality = u.quality,
          geom = ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(u.geometry)), 4326),
          source = CASE WHEN f.source_id IS NULL AND u.source_id IS NOT NULL THEN ${actor.source} ELSE f.source END,
          source_id = COALESCE(f.source_id, u.source_id),
          retired_at = NULL,
          import_batch_id = COALESCE(${actor.batchId}, f.import_batch_id),
          version = f.version + 1,
          updated_at = ${actor.at}
        FROM input u WHERE f.id = u.id AND f.version = u.version
        RETURNING f.*, u.merge
      ), hist AS (
        INSERT INTO facility_history (facility_id, batch_id, action, source, actor_user_id, actor_name, at, before, after, version_after)
        SELECT upd.id, ${actor.batchId}, CASE WHEN upd.merge THEN 'merge' ELSE 'update' END, ${actor.source}, ${actor.userId},
          ${actor.name}, ${actor.at}, old.snapshot, ${SNAPSHOT('upd')}, upd.version
        FROM upd JOIN old ON old.id = upd.id
      )
      SELECT id FROM upd`.execute(db);
    const done = new Set(rows.map((r) => r.id));
    for (const u of part) if (!done.has(u.id)) stale.push(u.id);
  }
  return stale;
}

/** Retires (or, with `restore`, brings back) facilities with their history; returns the ids whose version had moved on. */
export async function setRetired(
  db: Kysely<Database>,
  targets: ReadonlyArray<{ id: number; version: number }>,
  actor: WriteActor,
  action: Extract<FacilityHistoryAction, 'retire' | 'restore'>,
  note: string | null = null,
): Promise<number[]> {
  const stale: number[] = [];
  for (const part of chunks(targets)) {
    const { rows } = await sql<{ id: number }>`
      WITH input AS (SELECT * FROM unnest(${part.map((t) => t.id)}::int[], ${part.map((t) => t.version)}::int[]) AS u(id, version)),
      old AS (SELECT f.id, ${SNAPSHOT('f')} AS snapshot FROM facilities f JOIN input u ON u.id = f.id AND u.version = f.version),
      upd AS (
        UPDATE facilities f SET retired_at = ${action === 'retire' ? actor.at : null}, version = f.version + 1, updated_at = ${actor.at},
          import_batch_id = COALESCE(${actor.batchId}, f.import_batch_id)
        FROM input u WHERE f.id = u.id AND f.version = u.version
        RETURNING f.*
      ), hist AS (
        INSERT INTO facility_history (facility_id, batch_id, action, source, actor_user_id, actor_name, at, before, after, version_after, note)
        SELECT upd.id, ${actor.batchId}, ${action}, ${actor.source}, ${actor.userId}, ${actor.name}, ${actor.at}, old.snapshot,
          ${SNAPSHOT('upd')}, upd.version, ${note}
        FROM upd JOIN old ON old.id = upd.id
      )
      SELECT id FROM upd`.execute(db);
    const done = new Set(rows.map((r) => r.id));
    for (const t of part) if (!done.has(t.id)) stale.push(t.id);
  }
  return stale;
}

// ——— Undo ———

/** The batch's changes, newest first, with whether the facility is still as the batch left it. */
export function batchChanges(db: Kysely<Database>, batchId: number) {
  return db
    .selectFrom('facility_history as h')
    .innerJoin('facilities as f', 'f.id', 'h.facility_id')
    .select(['h.id', 'h.facility_id', 'h.action', 'h.version_after', 'f.version', 'f.name'])
    .where('h.batch_id', '=', batchId)
    .where('h.action', '<>', 'undo')
    .orderBy('h.id', 'desc')
    .execute();
}

/**
 * Puts every facility the batch touched back as it was before: inserted ones are retired (their record stays, with
 * the history of the undo), updated, merged and retired ones get their earlier values back. One statement.
 */
export async function revertBatch(
  db: Kysely<Database>,
  batchId: number,
  actor: { userId: number; name: string; at: Date },
  reason: string,
) {
  const { rows } = await sql<{ id: number }>`
    WITH changes AS (
      SELECT DISTINCT ON (h.facility_id) h.facility_id, h.action, h.before
      FROM facility_history h WHERE h.batch_id = ${batchId} AND h.action <> 'undo'
      ORDER BY h.facility_id, h.id ASC
    ), old AS (
      SELECT f.id, ${SNAPSHOT('f')} AS snapshot FROM facilities f JOIN changes c ON c.facility_id = f.id
    ), upd AS (
      UPDATE facilities f SET
        kind = CASE WHEN c.action = 'insert' THEN f.kind ELSE c.before->>'kind' END,
        name = CASE WHEN c.action = 'insert' THEN f.name ELSE c.before->>'name' END,
        status = CASE WHEN c.action = 'insert' THEN f.status ELSE c.before->>'status' END,
        address = CASE WHEN c.action = 'insert' THEN f.address ELSE c.before->>'address' END,
        sub_district_code = CASE WHEN c.action = 'insert' THEN f.sub_district_code ELSE c.before->>'subDistrictCode' END,
        attrs = CASE WHEN c.action = 'insert' THEN f.attrs ELSE c.before->'attrs' END,
        geocode_quality = CASE WHEN c.action = 'insert' THEN f.geocode_quality ELSE c.before->>'geocodeQuality' END,
        geom = CASE WHEN c.action = 'insert' THEN f.geom ELSE ST_SetSRID(ST_GeomFromGeoJSON(c.before->'geometry'), 4326) END,
        source = CASE WHEN c.action = 'insert' THEN f.source ELSE c.before->>'source' END,
        source_id = CASE WHEN c.action = 'insert' THEN NULL ELSE c.before->>'sourceId' END,
        retired_at = CASE WHEN c.action = 'insert' THEN ${actor.at}::timestamptz
          WHEN (c.before->>'retired')::boolean THEN COALESCE(f.retired_at, ${actor.at}::timestamptz) ELSE NULL END,
        version = f.version + 1,
        updated_at = ${actor.at}
      FROM changes c WHERE f.id = c.facility_id
      RETURNING f.*
    ), hist AS (
      INSERT INTO facility_history (facility_id, batch_id, action, source, actor_user_id, actor_name, at, before, after, version_after, note)
      SELECT upd.id, ${batchId}, 'undo', upd.source, ${actor.userId}, ${actor.name}, ${actor.at}, old.snapshot, ${SNAPSHOT('upd')},
        upd.version, ${reason}
      FROM upd JOIN old ON old.id = upd.id
    )
    SELECT id FROM upd`.execute(db);
  await db
    .updateTable('facility_import_batches')
    .set({ undone_at: actor.at, undone_by: actor.name, undo_reason: reason })
    .where('id', '=', batchId)
    .execute();
  return rows.length;
}

// ——— The steward's screen ———

export interface FacilitySearch {
  kind?: string;
  subDistrictCode?: string;
  source?: string;
  text?: string;
  includeRetired: boolean;
  limit: number;
  offset: number;
  /** Whose facilities: a district's own (by sub-district); absent, every one. */
  scope?: DistrictScope;
}

export async function searchFacilities(db: Kysely<Database>, q: FacilitySearch) {
  let query = db.selectFrom('facilities as f').leftJoin('sub_districts as s', 's.code', 'f.sub_district_code');
  if (q.scope) query = query.where(subDistrictInScope('f.sub_district_code', q.scope));
  if (q.kind) query = query.where('f.kind', '=', q.kind as never);
  if (q.subDistrictCode) query = query.where('f.sub_district_code', '=', q.subDistrictCode);
  if (q.source) query = query.where('f.source', '=', q.source);
  if (!q.includeRetired) query = query.where('f.retired_at', 'is', null);
  if (q.text) {
    const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('f.name', 'ilike', like), eb('f.code', 'ilike', like), eb('f.address', 'ilike', like), eb('f.source_id', 'ilike', like)]),
    );
  }
  const [{ total }] = await query.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await query
    .select((eb) => [
      'f.id',
      'f.kind',
      'f.code',
      'f.name',
      'f.status',
      'f.address',
      'f.sub_district_code',
      's.name as sub_district_name',
      's.name_en as sub_district_name_en',
      'f.source',
      'f.source_id',
      'f.synthetic',
      'f.retired_at',
      'f.version',
      'f.updated_at',
      stX(stPointOnSurface(eb.ref('f.geom'))).as('lng'),
      stY(stPointOnSurface(eb.ref('f.geom'))).as('lat'),
    ])
    .orderBy('f.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: Number(total), rows };
}

export function facilityHistory(db: Kysely<Database>, facilityId: number) {
  return db.selectFrom('facility_history').selectAll().where('facility_id', '=', facilityId).orderBy('id', 'desc').limit(200).execute();
}

export function lockFacility(db: Kysely<Database>, id: number) {
  return db.selectFrom('facilities').select(['id', 'version', 'retired_at', 'source']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The steward's edit of one facility, with its history; 0 rows when the version had moved on. */
export async function editFacility(
  db: Kysely<Database>,
  id: number,
  version: number,
  edit: { name: string; status: string; address: string | null; subDistrictCode: string; lngLat: [number, number] | null },
  actor: WriteActor,
  note: string | null,
): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    WITH old AS (SELECT f.id, ${SNAPSHOT('f')} AS snapshot FROM facilities f WHERE f.id = ${id} AND f.version = ${version}),
    upd AS (
      UPDATE facilities f SET name = ${edit.name}, status = ${edit.status}, address = ${edit.address},
        sub_district_code = ${edit.subDistrictCode},
        geom = CASE WHEN ${edit.lngLat !== null} THEN ST_SetSRID(ST_MakePoint(${edit.lngLat?.[0] ?? 0}, ${edit.lngLat?.[1] ?? 0}), 4326) ELSE f.geom END,
        version = f.version + 1, updated_at = ${actor.at}
      WHERE f.id = ${id} AND f.version = ${version}
      RETURNING f.*
    ), hist AS (
      INSERT INTO facility_history (facility_id, batch_id, action, source, actor_user_id, actor_name, at, before, after, version_after, note)
      SELECT upd.id, NULL, 'edit', ${actor.source}, ${actor.userId}, ${actor.name}, ${actor.at}, old.snapshot, ${SNAPSHOT('upd')}, upd.version, ${note}
      FROM upd JOIN old ON old.id = upd.id
    )
    SELECT id FROM upd`.execute(db);
  return rows.length;
}
