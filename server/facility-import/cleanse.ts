/**
 * Cleansing (数据处理): turns source records into rows the product can store, and says about each what was fixed and
 * what is wrong, before anything is written. Pure: everything it knows about the district comes in the context.
 *   unify   kinds, status words and sub-districts to the product's codes;
 *   derive  WGS84 from the declared system, the sub-district from the position, the address from the nearest
 *           doorplate (门牌), the position from the address (the gazetteer geocoder);
 *   check   required fields, a valid geometry, inside the district, not in the water;
 *   match   the source's stable id to a stored facility (update / retire), and duplicates: the same kind within
 *           `duplicateMeters` with names at least `nameSimilarity` alike, or the same source id twice in the file.
 * A point outside the district in the declared system but inside it in another names that system as likely.
 */
import { booleanValid } from '@turf/turf';
import type { Geometry } from 'geojson';
import { type Crs, CRS_LIST, geometryToWgs84, toWgs84 } from '@/geo/crs';
import { pointOnSurface } from '@/geo/area';
import type { Geocode } from '@/geo/gazetteer-geocoder';
import type { GeocodeQuality } from '@/db/schema';
import type { LngLat } from '@/geo/lnglat';
import { GENERIC_STATUSES, KIND_STATUSES, normaliseWord } from '@/domain/facility-data/facility-words';
import { nameSimilarity } from '@/domain/facility-data/name-similarity';
import type { SourceRecord } from './facility-record';
import { type AreaIndex, type DoorplateIndex, metersBetween, NearbyGrid } from './places';

/** A doorplate this close or closer gives a row without an address its address. */
export const DOORPLATE_METERS = 100;

export interface ExistingFacility {
  id: number;
  kind: string;
  name: string;
  version: number;
  point: LngLat;
  source: string | null;
  sourceId: string | null;
  retired: boolean;
}

/** A stored facility of the importing source, by source id, with what an update compares against. */
export interface SourceFacility extends ExistingFacility {
  status: string;
  address: string | null;
  subDistrictCode: string;
  attrs: Record<string, unknown>;
  /** GeoJSON text as PostGIS wrote it (7 decimals). */
  geometryText: string;
}

export interface CleansingContext {
  kinds: readonly string[];
  kindWords: ReadonlyMap<string, string>;
  statusWords: ReadonlyMap<string, string>;
  subDistrictWords: ReadonlyMap<string, string>;
  subDistrictNames: ReadonlyMap<string, string>;
  district: AreaIndex<true>;
  subDistricts: AreaIndex<string>;
  water: { find(point: LngLat): string | null };
  doorplates: DoorplateIndex;
  geocode: Geocode;
  /** Every facility on the map (not retired), for duplicates. */
  existing: readonly ExistingFacility[];
  /** The importing source's facilities (retired too), by source id. */
  bySourceId: ReadonlyMap<string, SourceFacility>;
  /** Source ids merged into another facility of the source before (aliases): such a row changes nothing. */
  mergedSourceIds: ReadonlySet<string>;
  /** The importing district's sub-districts (a row placed in any other is refused); null: the city level, all. */
  ownSubDistricts: ReadonlySet<string> | null;
}

export interface CleanseOptions {
  crs: Crs;
  duplicateMeters: number;
  nameSimilarity: number;
}

export type ProblemCode =
  | 'noPosition'
  | 'badGeometry'
  | 'outsideDistrict'
  | 'otherDistrict'
  | 'inWater'
  | 'missingName'
  | 'missingKind'
  | 'unknownKind'
  | 'unknownStatus'
  | 'unknownSubDistrict'
  | 'addressNotFound'
  | 'retireUnknown';

export type FixCode =
  | 'crsConverted'
  | 'kindUnified'
  | 'statusUnified'
  | 'statusDefault'
  | 'subDistrictUnified'
  | 'subDistrictDerived'
  | 'subDistrictCorrected'
  | 'addressDerived'
  | 'positionGeocoded';

export interface Problem {
  code: ProblemCode;
  field: string;
  value: string;
  /** outsideDistrict: the system in which the point would lie inside the district. */
  likelyCrs?: Crs;
  /** inWater: the water body's name; otherDistrict: the sub-district (of another district) the row lies in. */
  place?: string;
}

export interface Fix {
  code: FixCode;
  field: string;
  from: string;
  to: string;
}

export interface Duplicate {
  reason: 'nearbySimilar' | 'sameSourceId';
  existingId: number | null;
  row: number | null;
  name: string;
  distanceM: number | null;
  similarity: number | null;
}

export type RowAction = 'insert' | 'update' | 'retire' | 'unchanged';

export interface CleanRow {
  row: number;
  sourceId: string;
  name: string;
  kind: string;
  status: string;
  retire: boolean;
  address: string;
  subDistrictCode: string;
  /** WGS84; null when the row could not be placed. */
  geometry: Geometry | null;
  point: LngLat | null;
  geocodeQuality: GeocodeQuality | null;
  attrs: Record<string, unknown>;
  action: RowAction;
  /** The stored facility an update or retirement applies to. */
  target: { id: number; version: number } | null;
  fixes: Fix[];
  problems: Problem[];
  duplicate: Duplicate | null;
}

function representativePoint(geometry: Geometry): LngLat | null {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates[0], geometry.coordinates[1]];
    case 'MultiPoint':
    case 'LineString': {
      const c = geometry.coordinates[Math.floor(geometry.coordinates.length / 2)];
      return c ? [c[0], c[1]] : null;
    }
    case 'MultiLineString': {
      const line = geometry.coordinates[0] ?? [];
      const c = line[Math.floor(line.length / 2)];
      return c ? [c[0], c[1]] : null;
    }
    case 'Polygon':
    case 'MultiPolygon':
      return pointOnSurface(geometry);
    default:
      return null;
  }
}

const finitePair = (p: unknown): boolean =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/** A geometry we can store: a known type with finite coordinates in range, and valid by OGC rules (turf). */
export function isValidGeometry(geometry: Geometry): boolean {
  if (geometry.type === 'Point') return finitePair(geometry.coordinates);
  if (geometry.type === 'GeometryCollection') return false;
  const pairs: unknown[] = [];
  const walk = (v: unknown) => (Array.isArray(v) && typeof v[0] === 'number' ? pairs.push(v) : Array.isArray(v) && v.forEach(walk));
  walk((geometry as { coordinates?: unknown }).coordinates);
  if (!pairs.length || !pairs.every(finitePair)) return false;
  try {
    return booleanValid(geometry);
  } catch {
    return false;
  }
}

/** Rounded as PostGIS's GeoJSON output is (7 decimals), so an unchanged position compares equal. */
function geometryKey(geometry: Geometry | null): string {
  const round = (v: unknown): unknown => (typeof v === 'number' ? Math.round(v * 1e7) / 1e7 : Array.isArray(v) ? v.map(round) : v);
  if (!geometry) return '';
  return JSON.stringify({ type: geometry.type, coordinates: round((geometry as { coordinates?: unknown }).coordinates) });
}

/** Source ids of rows merged into a facility, kept in its attributes. */
export const MERGED_IDS_ATTR = 'merged_source_ids';

/**
 * The stored attributes equal the row's, the aliases of merged rows aside (the source never sends those). A facility
 * that absorbed merged rows also keeps what they filled in: a key only it has came from them and is no change —
 * otherwise every re-import of an unchanged file would "update" it and drop what the merge brought.
 */
function sameAttrs(stored: Record<string, unknown>, row: Record<string, unknown>): boolean {
  const absorbedRows = Array.isArray(stored[MERGED_IDS_ATTR]) && (stored[MERGED_IDS_ATTR] as unknown[]).length > 0;
  const keys = new Set([...Object.keys(stored), ...Object.keys(row)]);
  keys.delete(MERGED_IDS_ATTR);
  for (const k of keys) {
    if (absorbedRows && !(k in row)) continue;
    if (JSON.stringify(stored[k] ?? null) !== JSON.stringify(row[k] ?? null)) return false;
  }
  return true;
}

export function cleanse(records: readonly SourceRecord[], context: CleansingContext, options: CleanseOptions) {
  const rows: CleanRow[] = [];
  const grid = new NearbyGrid<{ kind: string; name: string; point: LngLat; existingId: number | null; row: number | null }>(
    Math.max(options.duplicateMeters, 1),
  );
  for (const f of context.existing)
    if (!f.retired) grid.add(f.point, { kind: f.kind, name: f.name, point: f.point, existingId: f.id, row: null });
  const firstRowOfSourceId = new Map<string, number>();
  const likelyCounts = new Map<Crs, number>();
  const others = CRS_LIST.filter((c) => c !== options.crs);

  for (const record of records) {
    const fixes: Fix[] = [];
    const problems: Problem[] = [];
    const sourceId = record.sourceId.trim();
    const stored = sourceId ? context.bySourceId.get(sourceId) : undefined;

    // Kind: unified to the product's codes; a row matched by its source id may leave it out (the stored one holds).
    let kind = '';
    if (record.kind) {
      kind = context.kindWords.get(normaliseWord(record.kind)) ?? '';
      if (!kind) problems.push({ code: 'unknownKind', field: 'kind', value: record.kind });
      else if (kind !== record.kind) fixes.push({ code: 'kindUnified', field: 'kind', from: record.kind, to: kind });
    } else if (stored) kind = stored.kind;
    else problems.push({ code: 'missingKind', field: 'kind', value: '' });

    // Status: unified; 撤销/拆除 and the like mean retire.
    let status = '';
    let retire = false;
    if (record.status) {
      const code = context.statusWords.get(normaliseWord(record.status));
      const allowed = KIND_STATUSES[kind] ?? GENERIC_STATUSES;
      if (code === 'retired') retire = true;
      else if (!code || (kind && !allowed.includes(code))) problems.push({ code: 'unknownStatus', field: 'status', value: record.status });
      else {
        status = code;
        if (code !== record.status) fixes.push({ code: 'statusUnified', field: 'status', from: record.status, to: code });
      }
    }
    if (!status && !retire) {
      status = stored?.status ?? (KIND_STATUSES[kind] ?? GENERIC_STATUSES)[0];
      if (!stored && kind && !problems.some((p) => p.code === 'unknownStatus'))
        fixes.push({ code: 'statusDefault', field: 'status', from: '', to: status });
    }

    const name = record.name.trim() || (stored?.name ?? '');
    if (!name && !retire) problems.push({ code: 'missingName', field: 'name', value: '' });

    // Position: converted to WGS84; a point outside the district in the declared system is tried in the others.
    let geometry: Geometry | null = null;
    let point: LngLat | null = null;
    let geocodeQuality: GeocodeQuality | null = null;
    if (record.geometry) {
      if (!isValidGeometry(record.geometry)) problems.push({ code: 'badGeometry', field: 'geometry', value: record.geometry.type });
      else {
        geometry = geometryToWgs84(record.geometry, options.crs);
        point = representativePoint(geometry);
        if (options.crs !== 'wgs84' && point) fixes.push({ code: 'crsConverted', field: 'geometry', from: options.crs, to: 'wgs84' });
        if (point && !context.district.find(point)) {
          const raw = representativePoint(record.geometry);
          const likelyCrs = raw ? others.find((c) => context.district.find(toWgs84(raw, c)) !== null) : undefined;
          if (likelyCrs) likelyCounts.set(likelyCrs, (likelyCounts.get(likelyCrs) ?? 0) + 1);
          problems.push({ code: 'outsideDistrict', field: 'geometry', value: point.map((v) => v.toFixed(6)).join(','), likelyCrs });
        } else if (point) {
          const water = context.water.find(point);
          if (water !== null)
            problems.push({ code: 'inWater', field: 'geometry', value: point.map((v) => v.toFixed(6)).join(','), place: water });
        }
      }
    }

    // Sub-district: unified when given; derived from (and checked against) the position.
    let subDistrictCode = '';
    if (record.subDistrict) {
      subDistrictCode = context.subDistrictWords.get(normaliseWord(record.subDistrict)) ?? '';
      if (!subDistrictCode && !point) problems.push({ code: 'unknownSubDistrict', field: 'subDistrict', value: record.subDistrict });
      else if (subDistrictCode && subDistrictCode !== record.subDistrict)
        fixes.push({ code: 'subDistrictUnified', field: 'subDistrict', from: record.subDistrict, to: subDistrictCode });
    }

    // No position but an address: the gazetteer geocoder places it (in the named sub-district, else any that matches well).
    const address = record.address.trim();
    if (!record.geometry && address && !(stored && retire)) {
      const placed = geocodeAnywhere(context, address, subDistrictCode);
      if (placed) {
        geometry = { type: 'Point', coordinates: placed.lngLat };
        point = placed.lngLat;
        geocodeQuality = placed.quality;
        fixes.push({
          code: 'positionGeocoded',
          field: 'geometry',
          from: address,
          to: `${placed.lngLat[0].toFixed(6)},${placed.lngLat[1].toFixed(6)}`,
        });
      } else problems.push({ code: 'addressNotFound', field: 'address', value: address });
    } else if (!record.geometry && stored) {
      geometry = JSON.parse(stored.geometryText) as Geometry;
      point = stored.point;
    } else if (!record.geometry && !retire) problems.push({ code: 'noPosition', field: 'geometry', value: '' });

    if (point) {
      // The sub-district outlines are coarse: a point of the district between two of them takes the nearest.
      const inArea = context.subDistricts.find(point) ?? (problems.length ? null : context.subDistricts.nearest(point));
      if (inArea && !subDistrictCode) fixes.push({ code: 'subDistrictDerived', field: 'subDistrict', from: '', to: inArea });
      else if (inArea && subDistrictCode !== inArea)
        fixes.push({ code: 'subDistrictCorrected', field: 'subDistrict', from: record.subDistrict, to: inArea });
      if (inArea) subDistrictCode = inArea;
    }
    if (!subDistrictCode && stored) subDistrictCode = stored.subDistrictCode;
    if (!subDistrictCode && !problems.length)
      problems.push({ code: 'unknownSubDistrict', field: 'subDistrict', value: record.subDistrict });
    // A district imports into itself only: a row placed in another district's sub-district, or changing a facility
    // there, is refused like any bad row.
    const own = context.ownSubDistricts;
    const foreign = own && [subDistrictCode, stored?.subDistrictCode].find((code) => code && !own.has(code));
    if (foreign)
      problems.push({
        code: 'otherDistrict',
        field: 'geometry',
        value: point ? point.map((v) => v.toFixed(6)).join(',') : record.subDistrict,
        place: context.subDistrictNames.get(foreign) ?? foreign,
      });

    // Address: from the nearest doorplate when the row has none.
    let finalAddress = address || stored?.address || '';
    if (!finalAddress && point) {
      const near = context.doorplates.nearest(point, DOORPLATE_METERS);
      if (near) {
        finalAddress = near.address;
        fixes.push({ code: 'addressDerived', field: 'address', from: '', to: `${near.address}（${Math.round(near.distanceM)} m）` });
      }
    }

    // Matching: the source id decides insert / update / retire; duplicates are looked for among the rest.
    let action: RowAction = 'insert';
    let target: CleanRow['target'] = null;
    let duplicate: Duplicate | null = null;
    if (sourceId && firstRowOfSourceId.has(sourceId)) {
      duplicate = {
        reason: 'sameSourceId',
        existingId: null,
        row: firstRowOfSourceId.get(sourceId)!,
        name,
        distanceM: null,
        similarity: null,
      };
    } else if (sourceId) firstRowOfSourceId.set(sourceId, record.row);

    if (!stored && sourceId && context.mergedSourceIds.has(sourceId) && !duplicate) {
      action = 'unchanged';
    } else if (stored) {
      target = { id: stored.id, version: stored.version };
      if (retire) action = stored.retired ? 'unchanged' : 'retire';
      else {
        const unchanged =
          !stored.retired &&
          stored.kind === kind &&
          stored.name === name &&
          stored.status === status &&
          (stored.address ?? '') === finalAddress &&
          stored.subDistrictCode === subDistrictCode &&
          geometryKey(JSON.parse(stored.geometryText) as Geometry) === geometryKey(geometry) &&
          sameAttrs(stored.attrs, record.attrs);
        action = unchanged ? 'unchanged' : 'update';
      }
    } else if (retire) {
      problems.push({ code: 'retireUnknown', field: 'status', value: record.status });
    } else if (!duplicate && point && kind) {
      let best: Duplicate | null = null;
      for (const c of grid.around(point)) {
        if (c.kind !== kind) continue;
        const distanceM = metersBetween(point, c.point);
        if (distanceM > options.duplicateMeters) continue;
        const similarity = nameSimilarity(name, c.name);
        if (similarity < options.nameSimilarity) continue;
        if (!best || distanceM < (best.distanceM ?? Infinity))
          best = { reason: 'nearbySimilar', existingId: c.existingId, row: c.row, name: c.name, distanceM, similarity };
      }
      duplicate = best;
    }
    if (point && kind && action === 'insert' && !problems.length) grid.add(point, { kind, name, point, existingId: null, row: record.row });

    rows.push({
      row: record.row,
      sourceId,
      name,
      kind,
      status,
      retire,
      address: finalAddress,
      subDistrictCode,
      geometry,
      point,
      geocodeQuality,
      attrs: record.attrs,
      action,
      target,
      fixes,
      problems,
      duplicate,
    });
  }

  // The file as a whole: outside the district as declared but inside in another system, for more than a stray point.
  let crsWarning: { declared: Crs; likely: Crs; points: number } | null = null;
  for (const [crs, points] of likelyCounts)
    if (!crsWarning || points > crsWarning.points) crsWarning = { declared: options.crs, likely: crs, points };
  return { rows, crsWarning };
}

function geocodeAnywhere(context: CleansingContext, address: string, subDistrictCode: string) {
  const good = (q: GeocodeQuality) => q !== 'sub_district_centre';
  const named = subDistrictCode ? context.subDistrictNames.get(subDistrictCode) : undefined;
  if (named) {
    const result = context.geocode(address, named);
    return good(result.quality) ? result : null;
  }
  for (const name of context.subDistrictNames.values()) {
    const result = context.geocode(address, name);
    if (result.quality === 'exact' || result.quality === 'nearest_number') return result;
  }
  return null;
}
