'use client';
/**
 * The one place the command view meets the live units module (components/map/live/**, written alongside):
 * unit states for the KPIs and the detail panel, the event feed, and facility status changes. Panels import
 * this, never the live module directly, so they keep working while it is absent or changes shape.
 *
 * Until the live module lands these answer "not connected": no units, no events, no status changes.
 */
import type { LngLat, UnitKind } from './map-types';

export interface LiveUnitView {
  id: number;
  slot: number;
  code: string;
  kind: UnitKind;
  name: string;
  online: boolean;
  /** Demonstration data (模拟数据), not a real device. */
  synthetic: boolean;
  subDistrictCode: string;
  position: LngLat | null;
  speedMps: number | null;
  headingDeg: number | null;
  /** Epoch ms of the last report, null if never. */
  lastSeenAt: number | null;
}

export interface LiveUnitsState {
  /** False while the live module is absent or its socket is down. */
  connected: boolean;
  units: readonly LiveUnitView[];
  onlineByKind: Partial<Record<UnitKind, number>>;
  totalByKind: Partial<Record<UnitKind, number>>;
}

export interface FeedEntry {
  id: number;
  /** Epoch ms. */
  at: number;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  messageKey: string;
  params: Record<string, string | number>;
  facilityId: number | null;
  unitId: number | null;
}

export interface FacilityStatusChange {
  facilityId: number;
  kind: string;
  status: string;
  at: number;
}

const NOT_CONNECTED: LiveUnitsState = { connected: false, units: [], onlineByKind: {}, totalByKind: {} };

export function useLiveUnitsState(): LiveUnitsState {
  return NOT_CONNECTED;
}

export function useEventFeed(_limit: number): { connected: boolean; events: readonly FeedEntry[] } {
  return { connected: false, events: [] };
}

export function useFacilityStatusChanges(_onChange: (change: FacilityStatusChange) => void): void {}
