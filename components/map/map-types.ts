/**
 * The map data's types as the browser sees them, inferred from the AppRouter (the one server type the browser
 * imports), so a change on the server is a type error here rather than a blank layer on the wall.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

type MapOutputs = inferRouterOutputs<AppRouter>['map'];

export type CompactFacilityLayer = MapOutputs['layer'];
export type FacilityKind = CompactFacilityLayer['kind'];
export type FacilityDetail = MapOutputs['facility'];
export type FacilityKpis = MapOutputs['kpis'];
export type SubDistrict = MapOutputs['subDistricts'][number];
export type District = NonNullable<MapOutputs['district']>;

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];
export type LngLat = [number, number];

/** Kinds of field units (the live layer's own types replace this once the live units module lands). */
export type UnitKind =
  | 'sweeper'
  | 'washer'
  | 'compactor'
  | 'toilet_service'
  | 'lighting_repair'
  | 'patrol_officer'
  | 'handler'
  | 'duty_officer';
