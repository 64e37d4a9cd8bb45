/**
 * The base geography as the map and the selector need it: GeoJSON feature collections for the offline base map
 * and sub-district summaries (bounding box, label point) for zooming to an area.
 */
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import * as repo from './geography.repository';

/** [west, south, east, north] in degrees (WGS84). */
export type BBox = [number, number, number, number];
export type LngLat = [number, number];

export interface SubDistrictSummary {
  code: string;
  name: string;
  nameEn: string;
  bbox: BBox;
  labelPoint: LngLat;
}

export interface DistrictSummary {
  code: string;
  name: string;
  bbox: BBox;
}

export const MAP_DATA_LAYERS = ['district', 'sub-districts', 'sub-district-labels', 'roads', 'metro-lines', 'metro-stations'] as const;
export type MapDataLayer = (typeof MAP_DATA_LAYERS)[number];

export function isMapDataLayer(value: string): value is MapDataLayer {
  return (MAP_DATA_LAYERS as readonly string[]).includes(value);
}

interface FeatureText {
  id: number | string;
  properties: Record<string, unknown>;
  /** GeoJSON geometry text exactly as PostGIS wrote it. */
  geometry: string;
}

/** Splices PostGIS's GeoJSON geometry text into a FeatureCollection without parsing and re-serialising it. */
export function featureCollectionText(features: readonly FeatureText[]): string {
  const parts = features.map(
    (f) => `{"type":"Feature","id":${JSON.stringify(f.id)},"properties":${JSON.stringify(f.properties)},"geometry":${f.geometry}}`,
  );
  return `{"type":"FeatureCollection","features":[${parts.join(',')}]}`;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export class GeographyService {
  constructor(private readonly db: Kysely<Database>) {}

  /** The sub-districts of the scope's district (every district's, city-wide). */
  async subDistricts(scope: DistrictScope = CITY_SCOPE): Promise<SubDistrictSummary[]> {
    const rows = await repo.listSubDistrictSummaries(this.db, scope);
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      bbox: [round6(r.west), round6(r.south), round6(r.east), round6(r.north)],
      labelPoint: [round6(r.label_lng), round6(r.label_lat)],
    }));
  }

  /**
   * The scope's district (Changning); city-wide, the one district there is or all of them together (their names,
   * their joint box). Null before the boundaries are seeded.
   */
  async district(scope: DistrictScope = CITY_SCOPE): Promise<DistrictSummary | null> {
    const rows = await repo.listDistrictSummaries(this.db, scope);
    if (rows.length === 0) return null;
    const box = (key: 'west' | 'south' | 'east' | 'north', pick: (...n: number[]) => number) => round6(pick(...rows.map((r) => r[key])));
    return {
      code: rows.length === 1 ? rows[0].code : 'city',
      name: rows.map((r) => r.name).join('、'),
      bbox: [box('west', Math.min), box('south', Math.min), box('east', Math.max), box('north', Math.max)],
    };
  }

  /** One base-map layer as GeoJSON FeatureCollection text. */
  /** Landmarks for a phone's map: the addressed places within `meters` of a point, nearest first. */
  async addressesNear(at: LngLat, meters: number, limit: number) {
    const rows = await repo.listAddressesNear(this.db, at, meters, limit);
    return rows.map((r) => ({ name: r.name, address: r.address, lng: r.lng, lat: r.lat, distanceM: Math.round(r.distance_m) }));
  }

  async layerGeoJson(layer: MapDataLayer): Promise<string> {
    switch (layer) {
      case 'district': {
        const rows = await repo.listDistrictShapes(this.db);
        return featureCollectionText(rows.map((r) => ({ id: r.code, properties: { code: r.code, name: r.name }, geometry: r.geometry })));
      }
      case 'sub-districts': {
        const rows = await repo.listSubDistrictShapes(this.db);
        return featureCollectionText(
          rows.map((r) => ({ id: r.code, properties: { code: r.code, name: r.name, name_en: r.name_en }, geometry: r.geometry })),
        );
      }
      case 'sub-district-labels': {
        // Labels sit on the stored label point: MapLibre would otherwise label every tile's piece of a polygon.
        const rows = await this.subDistricts();
        return featureCollectionText(
          rows.map((r) => ({
            id: r.code,
            properties: { code: r.code, name: r.name, name_en: r.nameEn },
            geometry: JSON.stringify({ type: 'Point', coordinates: r.labelPoint }),
          })),
        );
      }
      case 'roads':
        return this.baseLayer('road');
      case 'metro-lines':
        return this.baseLayer('metro_line');
      case 'metro-stations':
        return this.baseLayer('metro_station');
      default:
        throw new AppError('NOT_FOUND', 'error.notFound', `No map layer ${String(layer)}`, { what: String(layer) });
    }
  }

  private async baseLayer(layer: 'road' | 'metro_line' | 'metro_station'): Promise<string> {
    const rows = await repo.listBaseFeatures(this.db, layer);
    return featureCollectionText(
      rows.map((r) => ({ id: r.id, properties: { ...r.props, name: r.name, ref: r.ref }, geometry: r.geometry })),
    );
  }
}
