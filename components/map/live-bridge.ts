'use client';
/**
 * The one place the command view's panels meet the live units module (components/map/live/**): unit states for
 * the KPIs, charts and detail panel, a unit's motion, the event feed, and facility status changes. Panels import
 * this, never the live module directly, so a change of shape there is absorbed here.
 * Everything below needs <LiveProvider> (the screen's socket) and <LiveUnitsProvider> (re-exported here) above it.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { type LiveUnitInfo } from './live/live-units-model';
import { useLiveEvent } from '@/components/live/live-provider';
import { useLiveUnits, useLiveUnitsModel } from './live/live-units-provider';
import type { LngLat, UnitKind } from './map-types';

export { LiveUnitsProvider, useShowUnitsMoment } from './live/live-units-provider';
export type { MomentFix } from './live/live-units-model';

/** A unit as panels show it: identity, kind, online state (its position moves; read it with useUnitMotion). */
export type LiveUnitView = LiveUnitInfo;

export interface LiveUnitsState {
  /** True while positions are live; false while connecting, resyncing or cut off. */
  connected: boolean;
  /** 'connecting' | 'syncing' | 'live' | 'disconnected' | 'refused'. */
  connection: string;
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

export interface UnitMotion {
  position: LngLat | null;
  /** m/s; null when unknown. */
  speedMps: number | null;
  /** Degrees clockwise from north; null when unknown. */
  headingDeg: number | null;
}

export function useLiveUnitsState(): LiveUnitsState {
  const live = useLiveUnits();
  return useMemo(
    () => ({
      // Units known from the snapshot stay on the panels while the socket reconnects.
      connected: live.connected || live.units.length > 0,
      connection: live.connection,
      units: live.units,
      onlineByKind: live.onlineByKind,
      totalByKind: live.totalByKind,
    }),
    [live],
  );
}

const MOTION_REFRESH_MS = 1000;

/** Where a unit is now, how fast and which way, refreshed once a second (for the detail panel). */
export function useUnitMotion(unitId: number | null): UnitMotion | null {
  const model = useLiveUnitsModel();
  const read = (): UnitMotion | null => {
    const slot = unitId === null ? undefined : model.slotOf(unitId);
    if (slot === undefined) return null;
    const finite = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? null : value);
    return { position: model.positionOf(slot), speedMps: finite(model.speed[slot]), headingDeg: finite(model.heading[slot]) };
  };
  const [motion, setMotion] = useState(read);
  useEffect(() => {
    setMotion(read());
    const timer = setInterval(() => setMotion(read()), MOTION_REFRESH_MS);
    return () => clearInterval(timer);
    // `read` closes over model and unitId only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, unitId]);
  return motion;
}

/** The latest `limit` feed entries, newest first: events.recent, then each 'feed:event' as it arrives. */
export function useEventFeed(limit: number): { connected: boolean; events: readonly FeedEntry[] } {
  const trpc = useTRPC();
  const recent = useQuery(trpc.events.recent.queryOptions({ limit }, { staleTime: Infinity }));
  const [arrived, setArrived] = useState<FeedEntry[]>([]);
  useLiveEvent('feed:event', (entry) => setArrived((list) => [entry, ...list].slice(0, limit)));
  const events = useMemo(() => {
    const seen = new Set<number>();
    return [...arrived, ...(recent.data ?? [])]
      .filter((e) => !seen.has(e.id) && seen.add(e.id))
      .sort((a, b) => b.at - a.at || b.id - a.id)
      .slice(0, limit);
  }, [arrived, recent.data, limit]);
  return { connected: recent.isSuccess, events };
}

export function useFacilityStatusChanges(onChange: (change: FacilityStatusChange) => void): void {
  useLiveEvent('facility:status', onChange);
}
