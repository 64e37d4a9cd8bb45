/**
 * Reads a facility file into source records, whatever its format:
 *   .geojson / .json  GeoJSON FeatureCollection (or one Feature);
 *   .zip              a zipped Shapefile (shpjs: .shp + .dbf, its .prj reprojected, its .cpg encoding honoured);
 *   .gpkg             a GeoPackage, read by SQLite compiled to WebAssembly (sql.js): every feature table, GeoPackage
 *                     geometry blobs decoded as WKB (@loaders.gl/gis), other SRS reprojected with proj4;
 *   .csv / .xlsx      a spreadsheet through the one spreadsheet importer (server/import/table-import.ts), with
 *                     经度/纬度 (lng/lat) columns or an address to place it.
 * A file that cannot be read is refused with a message naming the format; a readable file with bad rows is not
 * refused here: the rows go on to the cleansing report.
 */
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import proj4 from 'proj4';
import { parseZip } from 'shpjs';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { convertWKBToGeometry } from '@loaders.gl/gis';
import { AppError } from '@/domain/errors';
import { readTable, tableObjects } from '@/server/import/table-import';
import { recordFromProperties, type SourceRecord } from './facility-record';

export const SOURCE_FORMATS = ['geojson', 'shapefile', 'geopackage', 'csv', 'xlsx'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Most features one import takes (the benchmark's 100,000 fits). */
export const MAX_IMPORT_FEATURES = 200_000;

export function formatOf(fileName: string): SourceFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'geojson';
  if (lower.endsWith('.zip')) return 'shapefile';
  if (lower.endsWith('.gpkg')) return 'geopackage';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

const unreadable = (format: SourceFormat, detail: unknown) =>
  new AppError('BAD_REQUEST', 'dataImport.error.unreadable', `${format} not readable`, {
    format,
    detail: detail instanceof Error ? detail.message : String(detail),
  });

function tooMany(count: number): never {
  throw new AppError('BAD_REQUEST', 'dataImport.error.tooMany', `More than ${MAX_IMPORT_FEATURES} features`, {
    count,
    max: MAX_IMPORT_FEATURES,
  });
}

export async function readSource(fileName: string, bytes: Buffer): Promise<{ format: SourceFormat; records: SourceRecord[] }> {
  const format = formatOf(fileName);
  if (!format) throw new AppError('BAD_REQUEST', 'dataImport.error.fileType', 'Unsupported file type');
  const records =
    format === 'geojson'
      ? readGeoJson(bytes)
      : format === 'shapefile'
        ? await readShapefile(bytes)
        : format === 'geopackage'
          ? await readGeoPackage(bytes)
          : await readSpreadsheet(fileName, bytes);
  if (records.length > MAX_IMPORT_FEATURES) tooMany(records.length);
  return { format, records };
}

export function featuresToRecords(features: readonly Feature[]): SourceRecord[] {
  return features.map((f, i) => {
    const properties = { ...(f.properties ?? {}) } as Record<string, unknown>;
    // A feature's own id counts as its source id when the properties carry none.
    if (f.id !== undefined && properties.id === undefined && properties['编号'] === undefined) properties.id = f.id;
    return recordFromProperties(i + 1, properties, f.geometry ?? null);
  });
}

export function readGeoJson(bytes: Buffer): SourceRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw unreadable('geojson', error);
  }
  const value = parsed as Partial<FeatureCollection> & Partial<Feature>;
  if (value?.type === 'FeatureCollection' && Array.isArray(value.features)) {
    if (value.features.length > MAX_IMPORT_FEATURES) tooMany(value.features.length);
    return featuresToRecords(value.features);
  }
  if (value?.type === 'Feature') return featuresToRecords([value as Feature]);
  throw unreadable('geojson', 'not a GeoJSON FeatureCollection or Feature');
}

async function readShapefile(bytes: Buffer): Promise<SourceRecord[]> {
  let parsed: FeatureCollection | FeatureCollection[];
  try {
    parsed = (await parseZip(bytes)) as FeatureCollection | FeatureCollection[];
  } catch (error) {
    throw unreadable('shapefile', error);
  }
  const layers = Array.isArray(parsed) ? parsed : [parsed];
  return featuresToRecords(layers.flatMap((layer) => layer.features ?? []));
}

let sqlJs: Promise<SqlJsStatic> | null = null;
/** SQLite as WebAssembly, loaded once from the package's own .wasm (no download). */
function sqlite(): Promise<SqlJsStatic> {
  const require = createRequire(import.meta.url);
  sqlJs ??= initSqlJs({ locateFile: (file: string) => require.resolve(`sql.js/dist/${file}`) });
  return sqlJs;
}

/**
 * A GeoPackage geometry blob (GeoPackage 1.x §2.1.3): "GP", version, flags (byte order, envelope kind, empty), the
 * SRS id, an optional envelope, then standard WKB.
 */
export function decodeGeoPackageGeometry(blob: Uint8Array): { geometry: Geometry | null; srsId: number } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry');
  const flags = blob[3];
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, (flags & 1) === 1);
  const envelope = (flags >> 1) & 0b111;
  const envelopeBytes = [0, 32, 48, 48, 64][envelope] ?? 0;
  if ((flags >> 4) & 1) return { geometry: null, srsId };
  const wkb = blob.slice(8 + envelopeBytes);
  return { geometry: convertWKBToGeometry(wkb.buffer) as Geometry, srsId };
}

function reproject(geometry: Geometry, from: string): Geometry {
  const convert = proj4(from, 'WGS84');
  const walk = (value: unknown): unknown =>
    Array.isArray(value) && typeof value[0] === 'number'
      ? convert.forward([value[0] as number, value[1] as number])
      : Array.isArray(value)
        ? value.map(walk)
        : value;
  return { ...geometry, coordinates: walk((geometry as { coordinates: unknown }).coordinates) } as Geometry;
}

async function readGeoPackage(bytes: Buffer): Promise<SourceRecord[]> {
  const SQL = await sqlite();
  let database;
  try {
    database = new SQL.Database(new Uint8Array(bytes));
  } catch (error) {
    throw unreadable('geopackage', error);
  }
  try {
    const tables = database.exec(
      `SELECT c.table_name, g.column_name FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
       WHERE c.data_type = 'features' ORDER BY c.table_name`,
    );
    const definitions = new Map<number, string>();
    for (const [id, definition] of database.exec('SELECT srs_id, definition FROM gpkg_spatial_ref_sys')[0]?.values ?? [])
      definitions.set(Number(id), String(definition));
    const records: SourceRecord[] = [];
    for (const [table, geometryColumn] of tables[0]?.values ?? []) {
      const statement = database.prepare(`SELECT * FROM "${String(table).replace(/"/g, '""')}"`);
      while (statement.step()) {
        const row = statement.getAsObject();
        const blob = row[String(geometryColumn)];
        delete row[String(geometryColumn)];
        let geometry: Geometry | null = null;
        if (blob instanceof Uint8Array) {
          const decoded = decodeGeoPackageGeometry(blob);
          geometry = decoded.geometry;
          // 4326 and the undefined systems (0, -1) are taken as they are; any other is reprojected by its WKT.
          if (geometry && decoded.srsId !== 4326 && decoded.srsId > 0 && definitions.has(decoded.srsId))
            geometry = reproject(geometry, definitions.get(decoded.srsId)!);
        }
        records.push(recordFromProperties(records.length + 1, row, geometry));
        if (records.length > MAX_IMPORT_FEATURES) tooMany(records.length);
      }
      statement.free();
    }
    return records;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable('geopackage', error);
  } finally {
    database.close();
  }
}

async function readSpreadsheet(fileName: string, bytes: Buffer): Promise<SourceRecord[]> {
  const table = await readTable(fileName, bytes, { messagePrefix: 'dataImport.sheet' });
  return tableObjects(table).map(({ row, cells }) => recordFromProperties(row, cells, null));
}
