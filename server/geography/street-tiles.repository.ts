/**
 * All SQL of the street-level vector tiles: the base features in a tile's envelope, either as GeoJSON for the
 * server to cut (embedded) or as a finished tile from ST_AsMVT (PostgreSQL). Both apply the same rule: the
 * approximate streets drop out once a real street layer has been loaded.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { BaseLayer, Database } from '@/db/schema';
import { TILE_BUFFER, TILE_EXTENT, type TileXYZ } from './vector-tile';

export type TileBBox = [west: number, south: number, east: number, north: number];

export interface TileFeatureRow {
  layer: BaseLayer;
  name: string;
  kind: string;
  approximate: boolean;
  /** GeoJSON geometry text as PostGIS wrote it. */
  geometry: string;
}

function visibleIn(layers: readonly BaseLayer[], bbox: TileBBox): RawBuilder<boolean> {
  const [west, south, east, north] = bbox;
  return sql<boolean>`f.layer IN (${sql.join(layers)})
    AND f.geom && ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)
    AND NOT (f.approximate AND EXISTS (SELECT 1 FROM base_features r WHERE r.layer = 'street' AND NOT r.approximate))`;
}

/** The features of `layers` meeting the (buffered) tile box, geometry as GeoJSON, for the server to cut. */
export async function listTileFeatures(db: Kysely<Database>, layers: readonly BaseLayer[], bbox: TileBBox): Promise<TileFeatureRow[]> {
  const { rows } = await sql<TileFeatureRow>`
    SELECT f.layer, f.name, coalesce(f.props->>'kind', '') AS kind, f.approximate, ST_AsGeoJSON(f.geom, 7) AS geometry
    FROM base_features f
    WHERE ${visibleIn(layers, bbox)}
    ORDER BY f.id`.execute(db);
  return rows;
}

/** The finished tile from PostGIS (one ST_AsMVT layer per base layer); empty bytes when nothing is in it. */
export async function streetTileMvt(
  db: Kysely<Database>,
  layers: readonly BaseLayer[],
  tile: TileXYZ,
  bbox: TileBBox,
): Promise<Uint8Array> {
  const { rows } = await sql<{ mvt: Uint8Array }>`
    SELECT ST_AsMVT(t, t.layer, ${TILE_EXTENT}, 'geom') AS mvt
    FROM (
      SELECT f.layer, f.name, coalesce(f.props->>'kind', '') AS kind, f.approximate,
        ST_AsMVTGeom(ST_Transform(f.geom, 3857), ST_TileEnvelope(${tile.z}, ${tile.x}, ${tile.y}), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
      FROM base_features f
      WHERE ${visibleIn(layers, bbox)}
    ) t
    WHERE t.geom IS NOT NULL
    GROUP BY t.layer
    ORDER BY t.layer`.execute(db);
  return Buffer.concat(rows.map((r) => Buffer.from(r.mvt)));
}
