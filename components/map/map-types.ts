/**
 * The map data's types as the browser sees them, inferred from the AppRouter (the one server type the browser
 * imports), so a change on the server is a type error here rather than a blank layer on the wall.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import type { LiveUnitKind } from './live/live-units-model';

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

/** Kinds of field units, as the live units snapshot gives them. */
export type UnitKind = LiveUnitKind;
