/**
 * Stores the base map layers drawn under everything: the major and elevated roads, the metro lines and the
 * metro stations around Changning (OpenStreetMap, clipped to the district's surroundings).
 */
import type { InsertObject, Kysely } from 'kysely';
import type { BaseLayer, Database } from '@/db/schema';
import { stFromGeoJSON, stPoint } from '@/db/st';
import { insertInBatches } from './batch-insert';
import type { SeedContext } from './context';

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
  };
}
