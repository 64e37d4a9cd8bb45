/**
 * The street-level base map as vector tiles: water, OSM sites and grounds, streets (real or approximate),
 * buildings and traffic signals. PostgreSQL cuts them with ST_AsMVT; the embedded database has no ST_AsMVT, so
 * the server cuts them from PostGIS's features with geojson-vt (vector-tile.ts). Detail appears with zoom, so a
 * district-wide tile never carries every building.
 */
import type { Feature, Geometry } from 'geojson';
import type { Kysely } from 'kysely';
import type { DialectName } from '@/db/connect';
import type { BaseLayer, Database } from '@/db/schema';
import * as repo from './street-tiles.repository';
import { cutTile, isTile, type TileXYZ, tileBBox } from './vector-tile';

/** The tile layers and the zoom each first appears at; the style draws nothing of a layer below it either. */
export const STREET_TILE_LAYERS: Readonly<Partial<Record<BaseLayer, number>>> = {
  water: 10,
  site: 12,
  street: 12,
  building: 14,
  signal: 15,
};
export const STREET_TILE_MAX_ZOOM = 18;

export function layersAtZoom(z: number): BaseLayer[] {
  return (Object.entries(STREET_TILE_LAYERS) as [BaseLayer, number][]).filter(([, min]) => z >= min).map(([layer]) => layer);
}

export class StreetTileService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** The tile as protobuf bytes (possibly empty); null for a tile outside the grid or beyond the top zoom. */
  async tile(xyz: TileXYZ): Promise<Uint8Array | null> {
    if (!isTile(xyz, STREET_TILE_MAX_ZOOM)) return null;
    const layers = layersAtZoom(xyz.z);
    if (layers.length === 0) return new Uint8Array();
    const bbox = tileBBox(xyz);
    if (this.dialect === 'postgres') return repo.streetTileMvt(this.db, layers, xyz, bbox);
    const rows = await repo.listTileFeatures(this.db, layers, bbox);
    const byLayer: Record<string, Feature[]> = {};
    for (const r of rows) {
      (byLayer[r.layer] ??= []).push({
        type: 'Feature',
        properties: { name: r.name, kind: r.kind, approximate: r.approximate },
        geometry: JSON.parse(r.geometry) as Geometry,
      });
    }
    return cutTile(byLayer, xyz);
  }
}
