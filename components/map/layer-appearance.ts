/**
 * Sizes of the facility layers in design pixels (1920×1080; the wall scale multiplies them): dense layers
 * small and without outline, the few important places (kiosks, stations, toilets) larger and outlined.
 */
import type { FacilityKind } from './map-types';

export interface PointAppearance {
  radius: number;
  outline: number;
}

export const POINT_APPEARANCE: Record<Exclude<FacilityKind, 'road_segment' | 'park'>, PointAppearance> = {
  light: { radius: 2.2, outline: 0 },
  shop: { radius: 2.4, outline: 0 },
  occupied_road: { radius: 3.5, outline: 0.8 },
  toilet: { radius: 4.5, outline: 1 },
  transfer_station: { radius: 6, outline: 1.2 },
  depot: { radius: 6, outline: 1.2 },
  kiosk: { radius: 5.5, outline: 1.2 },
  tree: { radius: 1.8, outline: 0 },
  litter_bin: { radius: 2.4, outline: 0 },
  bench: { radius: 2.8, outline: 0.6 },
  fountain: { radius: 3.6, outline: 0.8 },
};

/** Park outlines in design pixels; the fill is the kind's translucent green. */
export const PARK_OUTLINE_WIDTH = 1.2;
/** Park names on the map, in design pixels. */
export const PARK_LABEL_SIZE = 13;

export const ROAD_SEGMENT_WIDTH = 2.6;
/** The 作业覆盖 band under a worked segment: wide enough to read beside the segment's own line across the room. */
export const COVERAGE_BAND_WIDTH = 11;

/** The base-map layer the facility layers are drawn below: labels stay readable above dense points. */
export const FACILITIES_BELOW_LAYER = 'road-label';
