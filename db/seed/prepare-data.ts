/**
 * Maintainer's one-off: copies from the shared reference data what the product seeds from into db/seed/data/,
 * clipped to Changning's surroundings so the files stay small. The product never runs this and never reads the
 * shared folder; rerun it only when the reference data changes:
 *   npx tsx db/seed/prepare-data.ts [/work/shared/data]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Geometry, LineString, MultiLineString, Point } from 'geojson';
import { bbox, bboxClip, bboxPolygon, booleanIntersects, lineString, point, pointToLineDistance } from '@turf/turf';

type BBox = [number, number, number, number];

/** Padding around the district's bbox, in degrees (≈1 km): enough to draw the roads and lines leaving it. */
const PAD_DEGREES = 0.01;
/** A station belongs to a line whose track passes within this many metres. */
const STATION_LINE_METERS = 250;
/** Shanghai Metro's published line colours; the OSM extract carries none. */
const METRO_LINE_COLOURS: Record<string, string> = {
  '1': '#E3002B',
  '2': '#8CC220',
  '3': '#FCD600',
  '3-4': '#FCD600',
  '4': '#461D84',
  '5': '#944D9A',
  '6': '#D40068',
  '7': '#ED6F00',
  '8': '#0094D8',
  '9': '#87CAED',
  '10': '#C7AFD3',
  '11': '#871C2B',
  '12': '#007A60',
  '13': '#E999C0',
  '14': '#626020',
  '15': '#BCA886',
  '16': '#98D1C0',
  '17': '#BC796F',
  '18': '#C4984F',
};

const sourceRoot = process.argv[2] ?? '/work/shared/data';
const targetRoot = fileURLToPath(new URL('./data/', import.meta.url));

function readCollection<G extends Geometry>(relativePath: string): FeatureCollection<G> {
  return JSON.parse(readFileSync(join(sourceRoot, relativePath), 'utf8')) as FeatureCollection<G>;
}

function writeCollection(name: string, features: Feature[]): void {
  const text = JSON.stringify({ type: 'FeatureCollection', features: features.map(roundFeature) });
  writeFileSync(join(targetRoot, name), `${text}\n`);
  console.log(`${name}: ${features.length} features, ${(text.length / 1024).toFixed(0)} KiB`);
}

/** 7 decimals ≈ 1 cm: more is noise and bytes. */
function roundFeature(feature: Feature): Feature {
  const round = (value: unknown): unknown =>
    typeof value === 'number' ? Math.round(value * 1e7) / 1e7 : Array.isArray(value) ? value.map(round) : value;
  const geometry = feature.geometry as Geometry & { coordinates: unknown };
  return { ...feature, geometry: { ...geometry, coordinates: round(geometry.coordinates) } as Geometry };
}

function clipLines(features: Feature<LineString | MultiLineString>[], box: BBox): Feature<LineString | MultiLineString>[] {
  const boxPolygon = bboxPolygon(box);
  return features
    .filter((feature) => booleanIntersects(feature, boxPolygon))
    .map((feature) => {
      const clipped = bboxClip(feature, box);
      const parts = (clipped.geometry.type === 'LineString' ? [clipped.geometry.coordinates] : clipped.geometry.coordinates).filter(
        (part) => part.length >= 2,
      );
      return { ...feature, geometry: { type: 'MultiLineString', coordinates: parts } } as Feature<MultiLineString>;
    })
    .filter((feature) => feature.geometry.coordinates.length > 0);
}

function main(): void {
  const district = readCollection('geo/boundaries/changning_district_wgs84.geojson');
  const subDistricts = readCollection('geo/boundaries/changning_subdistricts_wgs84.geojson');
  const [minLng, minLat, maxLng, maxLat] = bbox(district);
  const box: BBox = [minLng - PAD_DEGREES, minLat - PAD_DEGREES, maxLng + PAD_DEGREES, maxLat + PAD_DEGREES];

  writeCollection('changning-district.geojson', district.features);
  writeCollection('changning-sub-districts.geojson', subDistricts.features);
  writeCollection('community-sites.geojson', readCollection('geo/poi/changning_community_sites_wgs84.geojson').features);

  const roads = readCollection<LineString | MultiLineString>('geo/transport/shanghai_elevated_roads_wgs84.geojson');
  writeCollection('major-roads.geojson', clipLines(roads.features, box));

  // The 'network' feature repeats every line's track; the per-line features are enough.
  const lines = readCollection<LineString | MultiLineString>('geo/transport/shanghai_metro_lines_wgs84.geojson').features.filter(
    (line) => line.properties?.route !== 'network',
  );
  const clippedLines = clipLines(lines, box).map((line) => {
    const route = String(line.properties?.route);
    return { ...line, properties: { ...line.properties, route, colour: METRO_LINE_COLOURS[route] ?? null } };
  });
  writeCollection('metro-lines.geojson', clippedLines);

  const stations = readCollection<Point>('geo/transport/shanghai_metro_stations_wgs84.geojson')
    .features.filter(
      ({
        geometry: {
          coordinates: [lng, lat],
        },
      }) => lng >= box[0] && lat >= box[1] && lng <= box[2] && lat <= box[3],
    )
    .map((station) => {
      const at = point(station.geometry.coordinates);
      const nearbyRoutes = clippedLines
        .filter((line) =>
          (line.geometry as MultiLineString).coordinates.some(
            (part) => pointToLineDistance(at, lineString(part), { units: 'meters' }) <= STATION_LINE_METERS,
          ),
        )
        .flatMap((line) => String(line.properties.route).split('-')); // '3-4' is the track lines 3 and 4 share
      const routes = [...new Set(nearbyRoutes)].sort((a, b) => Number(a) - Number(b));
      return { ...station, properties: { ...station.properties, routes } };
    });
  writeCollection('metro-stations.geojson', stations);

  // The shared files are read-only; the copies must stay editable.
  writeFileSync(join(targetRoot, 'kiosks.json'), readFileSync(join(sourceRoot, 'kiosks.json')));
  writeFileSync(join(targetRoot, 'changning-admin-codes.csv'), readFileSync(join(sourceRoot, 'geo/codes/changning_admin_codes.csv')));
  console.log('kiosks.json, changning-admin-codes.csv: copied');
  // Real green spaces, trees and street furniture (OpenStreetMap), already cut to Changning in the shared folder.
  for (const [from, to] of [
    ['geo/greening/changning_parks_osm_wgs84.geojson', 'greening-parks.geojson'],
    ['geo/greening/changning_trees_osm_wgs84.geojson', 'greening-trees.geojson'],
    ['geo/greening/changning_city_appearance_facilities_osm_wgs84.geojson', 'street-facilities.geojson'],
  ]) {
    writeFileSync(join(targetRoot, to), readFileSync(join(sourceRoot, from)));
  }
  console.log('greening-parks, greening-trees, street-facilities: copied');
}

main();
