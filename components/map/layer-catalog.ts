/**
 * The command map's switchable layers, grouped the way the bureau's requirement (seed 003, 绿容数字一张图)
 * groups them: 市容, 环卫, 绿化, 景观灯光, 自助终端, 应急值守, and the dispatch hub's open work orders (派单枢纽). Pure data: the switcher, the legend, the data hooks
 * and the deck.gl layer ids all read it, so a layer is added in one place.
 */
import type { FacilityKind, UnitKind } from './map-types';

export type LayerKey =
  | 'shops'
  | 'occupied-road'
  | 'vehicles'
  | 'toilets'
  | 'transfer-stations'
  | 'road-segments'
  | 'work-coverage'
  | 'lights'
  | 'kiosks'
  | 'duty-staff'
  | 'orders'
  | 'alarms'
  | 'fee-points'
  | 'parks'
  | 'trees'
  | 'greening-crews'
  | 'litter-bins'
  | 'benches'
  | 'fountains';

export type LayerGroupKey = 'city-appearance' | 'sanitation' | 'greening' | 'lighting' | 'kiosks' | 'emergency' | 'dispatch';

interface LayerBase {
  key: LayerKey;
  /** Message-catalogue key of the layer's name. */
  labelKey: string;
}

export interface FacilityLayerDef extends LayerBase {
  source: 'facility';
  kind: FacilityKind;
}

export interface UnitLayerDef extends LayerBase {
  source: 'units';
  unitKinds: readonly UnitKind[];
}

/** The live alarms (components/alarms): drawn from the wall's alarm list. */
export interface AlarmLayerDef extends LayerBase {
  source: 'alarms';
}

/** Open work orders from the dispatch hub's queue, live through order notices. */
export interface OrdersLayerDef extends LayerBase {
  source: 'orders';
}

/** 清费云 collection points, by contract state and recent overage (loaded only while the layer is on). */
export interface FeePointsLayerDef extends LayerBase {
  source: 'feePoints';
}

/** Today's 作业覆盖: the road segments sweepers and washers worked, from the position history (loaded only while on). */
export interface WorkCoverageLayerDef extends LayerBase {
  source: 'coverage';
}

export type LayerDef = FacilityLayerDef | UnitLayerDef | OrdersLayerDef | AlarmLayerDef | FeePointsLayerDef | WorkCoverageLayerDef;

export interface LayerGroup {
  key: LayerGroupKey;
  labelKey: string;
  layers: readonly LayerDef[];
}

export const VEHICLE_KINDS = ['sweeper', 'washer', 'compactor', 'toilet_service', 'lighting_repair'] as const satisfies readonly UnitKind[];
export const DUTY_STAFF_KINDS = ['duty_officer', 'patrol_officer', 'handler'] as const satisfies readonly UnitKind[];
export const GREENING_CREW_KINDS = ['greening_crew'] as const satisfies readonly UnitKind[];

export const LAYER_GROUPS: readonly LayerGroup[] = [
  {
    key: 'city-appearance',
    labelKey: 'map.group.cityAppearance',
    layers: [
      { key: 'shops', labelKey: 'map.layer.shops', source: 'facility', kind: 'shop' },
      { key: 'occupied-road', labelKey: 'map.layer.occupiedRoad', source: 'facility', kind: 'occupied_road' },
      { key: 'benches', labelKey: 'map.layer.benches', source: 'facility', kind: 'bench' },
      { key: 'fountains', labelKey: 'map.layer.fountains', source: 'facility', kind: 'fountain' },
    ],
  },
  {
    key: 'sanitation',
    labelKey: 'map.group.sanitation',
    layers: [
      { key: 'vehicles', labelKey: 'map.layer.vehicles', source: 'units', unitKinds: VEHICLE_KINDS },
      { key: 'toilets', labelKey: 'map.layer.toilets', source: 'facility', kind: 'toilet' },
      { key: 'transfer-stations', labelKey: 'map.layer.transferStations', source: 'facility', kind: 'transfer_station' },
      { key: 'road-segments', labelKey: 'map.layer.roadSegments', source: 'facility', kind: 'road_segment' },
      { key: 'work-coverage', labelKey: 'map.layer.workCoverage', source: 'coverage' },
      { key: 'litter-bins', labelKey: 'map.layer.litterBins', source: 'facility', kind: 'litter_bin' },
      { key: 'fee-points', labelKey: 'map.layer.feePoints', source: 'feePoints' },
    ],
  },
  {
    key: 'greening',
    labelKey: 'map.group.greening',
    layers: [
      { key: 'parks', labelKey: 'map.layer.parks', source: 'facility', kind: 'park' },
      { key: 'trees', labelKey: 'map.layer.trees', source: 'facility', kind: 'tree' },
      { key: 'greening-crews', labelKey: 'map.layer.greeningCrews', source: 'units', unitKinds: GREENING_CREW_KINDS },
    ],
  },
  {
    key: 'lighting',
    labelKey: 'map.group.lighting',
    layers: [{ key: 'lights', labelKey: 'map.layer.lights', source: 'facility', kind: 'light' }],
  },
  {
    key: 'kiosks',
    labelKey: 'map.group.kiosks',
    layers: [{ key: 'kiosks', labelKey: 'map.layer.kiosks', source: 'facility', kind: 'kiosk' }],
  },
  {
    key: 'emergency',
    labelKey: 'map.group.emergency',
    layers: [
      { key: 'duty-staff', labelKey: 'map.layer.dutyStaff', source: 'units', unitKinds: DUTY_STAFF_KINDS },
      { key: 'alarms', labelKey: 'alarms.layer', source: 'alarms' },
    ],
  },
  {
    key: 'dispatch',
    labelKey: 'map.group.dispatch',
    layers: [{ key: 'orders', labelKey: 'map.layer.orders', source: 'orders' }],
  },
];

export const ALL_LAYERS: readonly LayerDef[] = LAYER_GROUPS.flatMap((g) => g.layers);
export const FACILITY_LAYERS: readonly FacilityLayerDef[] = ALL_LAYERS.filter((l): l is FacilityLayerDef => l.source === 'facility');
export const ALL_LAYER_KEYS: readonly LayerKey[] = ALL_LAYERS.map((l) => l.key);
/**
 * Layers switched on when needed: the fee points are the fee clerks' concern, not the wall's; the coverage is
 * computed from the day's tracks, which the sanitation supervisor asks for, not every wall every minute.
 */
const OFF_AT_START: readonly LayerKey[] = ['fee-points', 'work-coverage'];
/** What the wall shows when it opens. */
export const DEFAULT_LAYER_KEYS: readonly LayerKey[] = ALL_LAYER_KEYS.filter((key) => !OFF_AT_START.includes(key));

/**
 * Draw order, bottom to top: lines under points, dense small points under sparse big ones, live units on top.
 */
export const DRAW_ORDER: readonly LayerKey[] = [
  'parks',
  'work-coverage',
  'road-segments',
  'trees',
  'lights',
  'shops',
  'occupied-road',
  'litter-bins',
  'benches',
  'fountains',
  'toilets',
  'transfer-stations',
  'fee-points',
  'kiosks',
  'vehicles',
  'greening-crews',
  'duty-staff',
  'orders',
  'alarms',
];

export function layerDef(key: LayerKey): LayerDef {
  const def = ALL_LAYERS.find((l) => l.key === key);
  if (!def) throw new Error(`Unknown map layer ${key}`);
  return def;
}

/** The deck.gl layer id of a switchable layer: stable, read by e2e tests through window.__onemap.layerIds(). */
export function deckLayerId(key: LayerKey): string {
  return `onemap-${key}`;
}

export function facilityLayerKeyOf(kind: FacilityKind): LayerKey | undefined {
  return FACILITY_LAYERS.find((l) => l.kind === kind)?.key;
}
