/**
 * Stores the base map layers drawn under everything: the major and elevated roads, the metro lines and the
 * metro stations around Changning (OpenStreetMap, clipped to the district's surroundings); and the street-level
 * context: water, OSM sites and grounds, traffic signals and crossings, and approximate streets derived from the
 * gazetteer (no street or building layer could be had; `npm run map:import` loads one).
 */
import type { InsertObject, Kysely } from 'kysely';
import type { BaseLayer, Database } from '@/db/schema';
import { deriveApproximateStreets } from '@/geo/approximate-streets';
import { stFromGeoJSON, stPoint } from '@/db/st';
import { insertInBatches } from './batch-insert';
import type { SeedContext } from './context';
import { loadOsmSites, loadTrafficPoints, loadWater } from './data-files';

export async function writeBasemap(db: Kysely<Database>, context: SeedContext): Promise<Record<BaseLayer, number>> {
  const roads: InsertObject<Database, 'base_features'>[] = context.majorRoads.map((road) => ({
    layer: 'road',
    name: road.name,
    ref: null,
    props: JSON.stringify({ kind: road.kind, scope: road.scope, source_id: road.sourceId }),
    geom: stFromGeoJSON(road.geometry),
  }));
  const lines: InsertObject<Database, 'base_features'>[] = context.metroLines.map((line) => ({
    layer: 'metro_line',
    name: line.name,
    ref: line.route,
    props: JSON.stringify({ route: line.route, colour: line.colour, source_id: line.sourceId }),
    geom: stFromGeoJSON(line.geometry),
  }));
  const stations: InsertObject<Database, 'base_features'>[] = context.metroStations.map((station) => ({
    layer: 'metro_station',
    name: station.name,
    ref: null,
    props: JSON.stringify({ routes: station.routes, source_id: station.sourceId }),
    geom: stPoint(station.lngLat),
  }));
  return {
    road: await insertInBatches(db, 'base_features', roads),
    metro_line: await insertInBatches(db, 'base_features', lines),
    metro_station: await insertInBatches(db, 'base_features', stations),
    ...(await writeStreetContext(db, context)),
  };
}

const STREET_CONTEXT_LAYERS = ['water', 'site', 'signal', 'street', 'building'] as const;

/**
 * Writes the seeded street-level context (water, sites, signals, approximate streets), replacing the seeded rows
 * of those layers: `npm run db:basemap` brings a database seeded before issue 19 up to date. Imported layers stay.
 */
export async function writeStreetContext(
  db: Kysely<Database>,
  context: SeedContext,
): Promise<Record<(typeof STREET_CONTEXT_LAYERS)[number], number>> {
  await db.deleteFrom('base_features').where('layer', 'in', STREET_CONTEXT_LAYERS).where('source', '=', 'seed').execute();
  const street = streetContext(context);
  return {
    water: await insertInBatches(db, 'base_features', street.water),
    site: await insertInBatches(db, 'base_features', street.sites),
    signal: await insertInBatches(db, 'base_features', street.signals),
    street: await insertInBatches(db, 'base_features', street.streets),
    building: 0,
  };
}

/** Traffic points that stand at an intersection: where a derived street's end may stretch to. */
const INTERSECTION_CLASSES = new Set(['traffic_signals', 'crossing']);

function streetContext(context: SeedContext) {
  const water: InsertObject<Database, 'base_features'>[] = loadWater().map((w) => ({
    layer: 'water',
    name: w.name,
    ref: null,
    props: JSON.stringify({ kind: w.fclass }),
    geom: stFromGeoJSON(w.geometry),
  }));
  const sites: InsertObject<Database, 'base_features'>[] = loadOsmSites().map((site) => ({
    layer: 'site',
    name: site.name,
    ref: null,
    props: JSON.stringify({ kind: site.fclass, source_id: site.osmId }),
    geom: stFromGeoJSON(site.geometry),
  }));
  const traffic = loadTrafficPoints().filter((p) => INTERSECTION_CLASSES.has(p.fclass));
  const signals: InsertObject<Database, 'base_features'>[] = traffic.map((p) => ({
    layer: 'signal',
    name: p.name,
    ref: null,
    props: JSON.stringify({ kind: p.fclass, source_id: p.osmId }),
    geom: stPoint(p.lngLat),
  }));
  const derived = deriveApproximateStreets(
    context.gazetteer.flatMap((a) => (a.road ? [{ road: a.road, lngLat: a.lngLat }] : [])),
    traffic.map((p) => p.lngLat),
  );
  const streets: InsertObject<Database, 'base_features'>[] = derived.map((s) => ({
    layer: 'street',
    name: s.name,
    ref: null,
    props: JSON.stringify({ kind: 'approximate', points: s.points }),
    approximate: true,
    geom: stFromGeoJSON({ type: 'LineString', coordinates: s.line }),
  }));
  return { water, sites, signals, streets };
}
