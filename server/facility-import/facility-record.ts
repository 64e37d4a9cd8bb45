/**
 * One facility as a source gave it, before cleansing: whatever the file format (GeoJSON, zipped Shapefile,
 * GeoPackage, CSV/XLSX) or the push interface, every reader turns its input into these. Field names in the source
 * are matched by FIELDS (Chinese first, English accepted, case-insensitive); everything else goes into `attrs`.
 */
import type { Geometry } from 'geojson';

export interface SourceRecord {
  /** The record's number as the source numbers it: the spreadsheet row (header = 1) or the feature's place (1-based). */
  row: number;
  sourceId: string;
  name: string;
  kind: string;
  status: string;
  address: string;
  subDistrict: string;
  /** As read, in the declared coordinate system; null when the source has no position (then the address may place it). */
  geometry: Geometry | null;
  attrs: Record<string, unknown>;
}

/** Accepted names of each field (the first is the Chinese title used in messages and templates). */
export const FIELDS = {
  sourceId: ['编号', '源编号', '设施编号', 'source_id', 'sourceid', 'id', 'code', 'fid', 'objectid'],
  name: ['名称', '设施名称', 'name', 'title'],
  kind: ['类型', '设施类型', '类别', 'kind', 'type', 'category'],
  status: ['状态', '设施状态', 'status', 'state'],
  address: ['地址', '门牌地址', 'address', 'addr'],
  subDistrict: ['街道', '所属街道', '街镇', '所属街镇', 'sub_district', 'subdistrict', 'street'],
  lng: ['经度', 'lng', 'lon', 'longitude', 'x'],
  lat: ['纬度', 'lat', 'latitude', 'y'],
} as const;
export type FieldKey = keyof typeof FIELDS;

const FIELD_BY_NAME = new Map<string, FieldKey>(
  (Object.entries(FIELDS) as Array<[FieldKey, readonly string[]]>).flatMap(([key, names]) =>
    names.map((n) => [n.toLowerCase(), key] as const),
  ),
);

/** Which field a source column or property name is, if any. */
export function fieldOf(name: string): FieldKey | undefined {
  return FIELD_BY_NAME.get(name.trim().toLowerCase());
}

const text = (value: unknown) =>
  value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value).trim();

/** A record from a property bag (a GeoJSON feature's properties, a GeoPackage row, a Shapefile's attributes). */
export function recordFromProperties(row: number, properties: Record<string, unknown>, geometry: Geometry | null): SourceRecord {
  const record: SourceRecord = { row, sourceId: '', name: '', kind: '', status: '', address: '', subDistrict: '', geometry, attrs: {} };
  let lng: number | null = null;
  let lat: number | null = null;
  for (const [key, value] of Object.entries(properties ?? {})) {
    const field = fieldOf(key);
    if (field === 'lng') lng = numberOrNull(value);
    else if (field === 'lat') lat = numberOrNull(value);
    else if (field) {
      if (!record[field]) record[field] = text(value);
    } else if (value !== null && value !== undefined && value !== '') record.attrs[key] = value;
  }
  if (!record.geometry && lng !== null && lat !== null) record.geometry = { type: 'Point', coordinates: [lng, lat] };
  return record;
}

export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) ? n : null;
}
