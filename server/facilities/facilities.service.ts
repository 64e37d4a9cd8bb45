/**
 * The facilities as the command map shows them: compact, column-oriented layers (one array per attribute, with
 * statuses and sub-districts as small dictionaries) that the browser turns into deck.gl binary attributes; one
 * facility's detail for the panel; and the KPIs (counts by kind and status, lights by sub-district).
 */
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import type { Kysely } from 'kysely';
import type { Database, FacilityKind, GeocodeQuality } from '@/db/schema';
import { AppError } from '@/domain/errors';
import * as repo from './facilities.repository';
import { KIOSK_ONLINE_STATUSES, LIGHT_STATES, TOILET_OPEN_STATUSES } from './wall-kpis';

export const FACILITY_KINDS = [
  'toilet',
  'transfer_station',
  'light',
  'shop',
  'occupied_road',
  'road_segment',
  'depot',
  'kiosk',
  'park',
  'tree',
  'litter_bin',
  'bench',
  'fountain',
] as const satisfies readonly FacilityKind[];

/** Kinds stored as lines and drawn as paths. */
const LINE_KINDS: ReadonlySet<FacilityKind> = new Set(['road_segment']);
/** Kinds stored as areas (surveyed outlines) and drawn as polygons; every other kind is a point. */
const AREA_KINDS: ReadonlySet<FacilityKind> = new Set(['park']);

export function layerGeometryOf(kind: FacilityKind): 'point' | 'path' | 'polygon' {
  return LINE_KINDS.has(kind) ? 'path' : AREA_KINDS.has(kind) ? 'polygon' : 'point';
}

export interface CompactFacilityLayer {
  kind: FacilityKind;
  geometry: 'point' | 'path' | 'polygon';
  count: number;
  ids: number[];
  names: string[];
  /** Distinct statuses of the layer; `status[i]` is an index into it. */
  statuses: string[];
  status: number[];
  /** Distinct sub-district codes; `subDistrict[i]` is an index into it. */
  subDistricts: string[];
  subDistrict: number[];
  /** 1 where the facility is synthetic demonstration data (模拟数据), else 0. */
  synthetic: number[];
  /** Points: lng, lat of each facility in turn (6 decimals ≈ 0.1 m); polygons: a label point on each. Empty for paths. */
  positions: number[];
  /** Paths: each facility's line parts, each part a flat lng, lat, … list. Empty for points. */
  paths: number[][][];
  /** Paths: each facility's cleaning grade ('' when it has none). Empty for points. */
  grades: string[];
  /** Polygons: each facility's polygons, each a list of rings, each ring a flat lng, lat, … list. Empty otherwise. */
  polygons: number[][][][];
  /** Polygons: each facility's own outline area in m² (PostGIS, on the spheroid). Empty otherwise. */
  areas: number[];
  /**
   * Polygons: the name to write on the map, '' where the area has no name of its own (a generated "绿地（近…）" on
   * every unnamed lawn would bury the map in text). Empty otherwise.
   */
  labels: string[];
}

export type AttrValue = string | number | boolean | null;

export interface FacilityDetail {
  id: number;
  kind: FacilityKind;
  code: string;
  name: string;
  address: string | null;
  status: string;
  /** Kind-specific attributes, flattened to displayable values. */
  attrs: Record<string, AttrValue>;
  synthetic: boolean;
  geocodeQuality: GeocodeQuality | null;
  subDistrictCode: string;
  subDistrictName: string | null;
  subDistrictNameEn: string | null;
  geometryType: string;
  /** A point on the facility, [lng, lat]. */
  position: [number, number];
  /** Areas only: the outline's own area in m² (PostGIS, spheroid); null for points and lines. */
  areaSquareMeters: number | null;
  /** Areas only: the names of the others of its kind whose outline holds this one (nested, counted once). */
  within: string[];
  updatedAt: Date;
}

export interface GreeningInArea {
  parks: number;
  namedParks: number;
  trees: number;
  /** Union of the park outlines in m²: nested outlines counted once. */
  greenAreaM2: number;
}

export interface GreeningKpis extends GreeningInArea {
  /** The plain sum of every outline's area, for comparison: what double counting would have said. */
  outlinesSumM2: number;
  bySubDistrict: Array<GreeningInArea & { code: string; name: string; nameEn: string }>;
}

export interface StatusCount {
  status: string;
  count: number;
}

export interface KindStatusCounts {
  kind: FacilityKind;
  total: number;
  statuses: StatusCount[];
}

export interface LightsInArea {
  code: string;
  name: string;
  nameEn: string;
  total: number;
  on: number;
  off: number;
  fault: number;
  /** fault / total, 0 where there are no lights. */
  faultRate: number;
  /** on / total, 0 where there are no lights. */
  onRate: number;
}

export interface FacilityKpis {
  /** The sub-district these figures are for; null: the district. */
  subDistrict: string | null;
  byKind: KindStatusCounts[];
  lights: Omit<LightsInArea, 'code' | 'name' | 'nameEn'>;
  lightsBySubDistrict: LightsInArea[];
  kiosks: { online: number; total: number };
  toilets: { open: number; total: number };
  greening: GreeningKpis;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Index of `value` in a growing dictionary, adding it when new. */
function dictionaryIndex(dictionary: string[], lookup: Map<string, number>, value: string): number {
  let index = lookup.get(value);
  if (index === undefined) {
    index = dictionary.length;
    dictionary.push(value);
    lookup.set(value, index);
  }
  return index;
}

function createDictionary() {
  const values: string[] = [];
  const lookup = new Map<string, number>();
  return { values, indexOf: (value: string) => dictionaryIndex(values, lookup, value) };
}

/** A road segment's cleaning grade (一级/二级/… or A/B/…), whichever attribute name the import used. */
export function cleaningGradeOf(attrs: Record<string, unknown>): string {
  const value = attrs.cleaning_grade ?? attrs.grade ?? attrs.cleaningGrade ?? attrs.level;
  return value === undefined || value === null ? '' : String(value);
}

/** The polygons of a GeoJSON (Multi)Polygon, each a list of rings, each ring a flat lng, lat list. */
export function polygonParts(geometryText: string): number[][][] {
  const geometry = JSON.parse(geometryText) as { type: string; coordinates: unknown };
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as number[][][]]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as number[][][][])
        : [];
  return polygons.map((rings) => rings.map((ring) => ring.flatMap(([lng, lat]) => [round6(lng), round6(lat)])));
}

/** The flat lng, lat parts of a GeoJSON (Multi)LineString, 6 decimals. */
export function lineParts(geometryText: string): number[][] {
  const geometry = JSON.parse(geometryText) as { type: string; coordinates: unknown };
  const lines =
    geometry.type === 'LineString'
      ? [geometry.coordinates as number[][]]
      : geometry.type === 'MultiLineString'
        ? (geometry.coordinates as number[][][])
        : [];
  return lines.map((line) => line.flatMap(([lng, lat]) => [round6(lng), round6(lat)]));
}

function displayable(value: unknown): AttrValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

export function lightsInArea(counts: { on: number; off: number; fault: number; total: number }) {
  const { on, off, fault, total } = counts;
  return { total, on, off, fault, faultRate: total ? fault / total : 0, onRate: total ? on / total : 0 };
}

export class FacilitiesService {
  /** `scope`: whose facilities (domain/tenancy/district-scope.ts); another district's are not found. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly scope: DistrictScope = CITY_SCOPE,
  ) {}

  async layer(kind: FacilityKind): Promise<CompactFacilityLayer> {
    const statuses = createDictionary();
    const subDistricts = createDictionary();
    const layer: CompactFacilityLayer = {
      kind,
      geometry: layerGeometryOf(kind),
      count: 0,
      ids: [],
      names: [],
      statuses: statuses.values,
      status: [],
      subDistricts: subDistricts.values,
      subDistrict: [],
      synthetic: [],
      positions: [],
      paths: [],
      grades: [],
      polygons: [],
      areas: [],
      labels: [],
    };
    const common = (row: { id: number; name: string; status: string; sub_district_code: string; synthetic: boolean }) => {
      layer.ids.push(row.id);
      layer.names.push(row.name);
      layer.status.push(statuses.indexOf(row.status));
      layer.subDistrict.push(subDistricts.indexOf(row.sub_district_code));
      layer.synthetic.push(row.synthetic ? 1 : 0);
    };
    if (layer.geometry === 'path') {
      for (const row of await repo.listLineRows(this.db, kind, this.scope)) {
        common(row);
        layer.paths.push(lineParts(row.geometry));
        layer.grades.push(cleaningGradeOf(row.attrs));
      }
    } else if (layer.geometry === 'polygon') {
      for (const row of await repo.listPolygonRows(this.db, kind, this.scope)) {
        common(row);
        layer.positions.push(round6(row.lng), round6(row.lat));
        layer.polygons.push(polygonParts(row.geometry));
        layer.areas.push(Number(row.area_m2));
        layer.labels.push(row.named === 'false' ? '' : row.name);
      }
    } else {
      for (const row of await repo.listPointRows(this.db, kind, this.scope)) {
        common(row);
        layer.positions.push(round6(row.lng), round6(row.lat));
      }
    }
    layer.count = layer.ids.length;
    return layer;
  }

  async detail(id: number): Promise<FacilityDetail> {
    const row = await repo.findFacilityDetail(this.db, id, this.scope);
    if (!row) throw new AppError('NOT_FOUND', 'error.notFound', `No facility ${id}`, { what: `#${id}` });
    const area = row.geometry_type === 'POLYGON' || row.geometry_type === 'MULTIPOLYGON' ? await repo.findAreaFacts(this.db, id) : null;
    return {
      id: row.id,
      kind: row.kind,
      code: row.code,
      name: row.name,
      address: row.address,
      status: row.status,
      attrs: Object.fromEntries(Object.entries(row.attrs ?? {}).map(([k, v]) => [k, displayable(v)])),
      synthetic: row.synthetic,
      geocodeQuality: row.geocode_quality,
      subDistrictCode: row.sub_district_code,
      subDistrictName: row.sub_district_name,
      subDistrictNameEn: row.sub_district_name_en,
      geometryType: row.geometry_type,
      position: [round6(row.lng), round6(row.lat)],
      areaSquareMeters: area ? Number(area.area_m2) : null,
      within: area?.within ?? [],
      updatedAt: row.updated_at,
    };
  }

  /** Parks, trees and green area (union of outlines) by sub-district and for the district. */
  async greening(): Promise<GreeningKpis> {
    const [rows, district] = await Promise.all([
      repo.greeningBySubDistrict(this.db, this.scope),
      repo.districtGreenArea(this.db, this.scope),
    ]);
    return greeningKpis(rows, district);
  }

  /**
   * The wall's facility KPIs (definitions in ./wall-kpis.ts), for the district or, given its code, one
   * sub-district: counts by kind and state with open alarms applied, lights by sub-district, kiosks online,
   * toilets open and the 绿化 figures.
   */
  async kpis(subDistrict: string | null = null): Promise<FacilityKpis> {
    const [states, areaRows, greeningRows, district] = await Promise.all([
      repo.countWallStates(this.db, subDistrict, this.scope),
      repo.listSubDistricts(this.db, subDistrict, this.scope),
      repo.greeningBySubDistrict(this.db, this.scope),
      repo.districtGreenArea(this.db, this.scope),
    ]);
    const byKind = new Map<FacilityKind, KindStatusCounts>();
    const areas = new Map(
      areaRows.map((r) => [r.code, { code: r.code, name: r.name, nameEn: r.name_en, on: 0, off: 0, fault: 0, total: 0 }]),
    );
    for (const row of states) {
      const entry = byKind.get(row.kind) ?? { kind: row.kind, total: 0, statuses: [] };
      entry.total += row.count;
      const status = entry.statuses.find((s) => s.status === row.status);
      if (status) status.count += row.count;
      else entry.statuses.push({ status: row.status, count: row.count });
      byKind.set(row.kind, entry);
      const area = row.kind === 'light' ? areas.get(row.sub_district_code) : undefined;
      if (area) {
        area.total += row.count;
        if ((LIGHT_STATES as readonly string[]).includes(row.status)) area[row.status as (typeof LIGHT_STATES)[number]] += row.count;
      }
    }
    const lightsBySubDistrict = [...areas.values()].map((a) => ({ code: a.code, name: a.name, nameEn: a.nameEn, ...lightsInArea(a) }));
    const sum = (key: 'on' | 'off' | 'fault' | 'total') => lightsBySubDistrict.reduce((n, a) => n + a[key], 0);
    const counted = (kind: FacilityKind, statuses: readonly string[]) => {
      const entry = byKind.get(kind);
      const count = entry?.statuses.filter((s) => statuses.includes(s.status)).reduce((n, s) => n + s.count, 0) ?? 0;
      return { count, total: entry?.total ?? 0 };
    };
    const kiosks = counted('kiosk', KIOSK_ONLINE_STATUSES);
    const toilets = counted('toilet', TOILET_OPEN_STATUSES);
    return {
      subDistrict,
      byKind: FACILITY_KINDS.filter((k) => byKind.has(k)).map((k) => byKind.get(k)!),
      lights: lightsInArea({ on: sum('on'), off: sum('off'), fault: sum('fault'), total: sum('total') }),
      lightsBySubDistrict,
      kiosks: { online: kiosks.count, total: kiosks.total },
      toilets: { open: toilets.count, total: toilets.total },
      greening: greeningKpis(greeningRows, district),
    };
  }
}

/** The wall's 绿化 figures: counts add up across sub-districts; the district's green area is its own union. */
export function greeningKpis(
  rows: ReadonlyArray<{
    code: string;
    name: string;
    name_en: string;
    parks: number;
    named_parks: number;
    trees: number;
    green_area_m2: number;
  }>,
  district: { area_m2: number; outlines_sum_m2: number },
): GreeningKpis {
  const bySubDistrict = rows.map((r) => ({
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    parks: Number(r.parks),
    namedParks: Number(r.named_parks),
    trees: Number(r.trees),
    greenAreaM2: Math.round(Number(r.green_area_m2)),
  }));
  return {
    parks: bySubDistrict.reduce((n, a) => n + a.parks, 0),
    namedParks: bySubDistrict.reduce((n, a) => n + a.namedParks, 0),
    trees: bySubDistrict.reduce((n, a) => n + a.trees, 0),
    greenAreaM2: Math.round(Number(district.area_m2)),
    outlinesSumM2: Math.round(Number(district.outlines_sum_m2)),
    bySubDistrict,
  };
}
