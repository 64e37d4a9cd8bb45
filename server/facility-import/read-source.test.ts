/**
 * The facility readers on small files made here: a zipped Shapefile written by GDAL, a GeoPackage written with sql.js (geometry blobs with the GeoPackage
 * header and WKB), a CSV through the one spreadsheet importer, GeoJSON; and the similarity of names.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { convertGeometryToWKB } from '@loaders.gl/gis';
import { nameSimilarity } from '@/domain/facility-data/name-similarity';
import { readSource } from './read-source';

function gpkgPoint(lng: number, lat: number): Uint8Array {
  const wkb = new Uint8Array(convertGeometryToWKB({ type: 'Point', coordinates: [lng, lat] }) as ArrayBuffer);
  const header = new Uint8Array(8);
  header.set([0x47, 0x50, 0, 1]); // "GP", version 0, flags: little-endian, no envelope
  new DataView(header.buffer).setInt32(4, 4326, true);
  return new Uint8Array([...header, ...wkb]);
}

describe('reading facility files', () => {
  it('reads a GeoPackage feature table through SQLite in WebAssembly', async () => {
    const require = createRequire(import.meta.url);
    const SQL = await initSqlJs({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
    const db = new SQL.Database();
    db.run(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT);
      INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84"]');
      CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER);
      CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
      INSERT INTO gpkg_contents VALUES ('toilets', 'features', 'toilets', 4326);
      INSERT INTO gpkg_geometry_columns VALUES ('toilets', 'geom', 'POINT', 4326, 0, 0);
      CREATE TABLE toilets (fid INTEGER PRIMARY KEY, geom BLOB, 名称 TEXT, 类型 TEXT, 厕位数 INTEGER);`);
    db.run('INSERT INTO toilets VALUES (7, ?, ?, ?, ?)', [gpkgPoint(121.42, 31.21), '番禺路公厕', '公厕', 12]);
    const bytes = Buffer.from(db.export());
    const { format, records } = await readSource('toilets.gpkg', bytes);
    expect(format).toBe('geopackage');
    expect(records).toEqual([
      expect.objectContaining({
        sourceId: '7',
        name: '番禺路公厕',
        kind: '公厕',
        geometry: { type: 'Point', coordinates: [121.42, 31.21] },
        attrs: { 厕位数: 12 },
      }),
    ]);
  });

  it('reads a zipped Shapefile as GDAL writes it: projected coordinates back to WGS84, Chinese names from its UTF-8 .dbf', async () => {
    // Written by GDAL's own Shapefile driver (Debian's gdal-bin, which CI installs), in UTM zone 51N as a survey
    // office would deliver it, zipped with its .prj and .cpg.
    const dir = mkdtempSync(join(tmpdir(), 'onemap-shp-'));
    try {
      const points = [
        { 编号: 'S1', 名称: '番禺路公厕', 类型: '公厕', 厕位数: 12, lngLat: [121.4225, 31.2065] },
        { 编号: 'S2', 名称: '武夷路公厕', 类型: '公厕', 厕位数: 6, lngLat: [121.4002, 31.2109] },
      ];
      const collection = {
        type: 'FeatureCollection',
        features: points.map(({ lngLat, ...properties }) => ({
          type: 'Feature',
          properties,
          geometry: { type: 'Point', coordinates: lngLat },
        })),
      };
      writeFileSync(join(dir, 'in.geojson'), JSON.stringify(collection));
      const zip = join(dir, 'toilets.shp.zip');
      execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:32651', '-lco', 'ENCODING=UTF-8', zip, join(dir, 'in.geojson')]);
      const { format, records } = await readSource('toilets.zip', readFileSync(zip));
      expect(format).toBe('shapefile');
      expect(records.map((r) => [r.sourceId, r.name, r.kind, r.attrs])).toEqual([
        ['S1', '番禺路公厕', '公厕', { 厕位数: 12 }],
        ['S2', '武夷路公厕', '公厕', { 厕位数: 6 }],
      ]);
      records.forEach((r, i) => {
        const [lng, lat] = (r.geometry as { coordinates: number[] }).coordinates;
        expect(lng).toBeCloseTo(points[i].lngLat[0], 6);
        expect(lat).toBeCloseTo(points[i].lngLat[1], 6);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a CSV with coordinates through the spreadsheet importer, row numbers as the sheet numbers them', async () => {
    const csv = '\uFEFF编号,名称,类型,经度,纬度,街道,备注\nA1,武夷路公厕,公厕,121.40,31.21,华阳路,东侧\n,,,,,,\nA2,无坐标,公厕,,,,\n';
    const { records } = await readSource('t.csv', Buffer.from(csv));
    expect(records.map((r) => [r.row, r.sourceId, r.geometry?.type ?? null, r.subDistrict, r.attrs])).toEqual([
      [2, 'A1', 'Point', '华阳路', { 备注: '东侧' }],
      [4, 'A2', null, '', {}],
    ]);
  });

  it('refuses what it cannot read, naming the format', async () => {
    await expect(readSource('x.geojson', Buffer.from('{"type":"Nope"}'))).rejects.toMatchObject({
      messageKey: 'dataImport.error.unreadable',
    });
    await expect(readSource('x.kml', Buffer.from(''))).rejects.toMatchObject({ messageKey: 'dataImport.error.fileType' });
  });

  it('rates names alike after normalising', () => {
    expect(nameSimilarity('仙霞路 公厕', '仙霞路公厕')).toBe(1);
    expect(nameSimilarity('番禺路公厕', '番禺路公共厕所')).toBeLessThan(0.8);
    expect(nameSimilarity('中山公园一号公厕', '中山公园二号公厕')).toBeGreaterThanOrEqual(0.8);
  });
});
