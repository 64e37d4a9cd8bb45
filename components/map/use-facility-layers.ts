'use client';
/**
 * Every facility layer of the command map, fetched in parallel (one tRPC batch), kept fresh by the live
 * 'facility:status' events: a change is written into the cached layer (and the KPIs refetched shortly after),
 * so a light that fails turns red without reloading 2,000 lights.
 */
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { withStatus } from './compact-layer';
import { FACILITY_LAYERS } from './layer-catalog';
import { type FacilityStatusChange, useFacilityStatusChanges } from './live-bridge';
import type { CompactFacilityLayer, FacilityKind } from './map-types';

/** Layer data changes only through status events, which patch the cache: no need to refetch on a timer. */
const LAYER_STALE_MS = 10 * 60_000;
const KPI_REFRESH_DELAY_MS = 2_000;

export interface FacilityLayersState {
  layers: Partial<Record<FacilityKind, CompactFacilityLayer>>;
  /** Every layer's request has finished, with data or an error. */
  settled: boolean;
  failed: boolean;
}

export function useFacilityLayers(): FacilityLayersState {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const results = useQueries({
    queries: FACILITY_LAYERS.map((def) => trpc.map.layer.queryOptions({ kind: def.kind }, { staleTime: LAYER_STALE_MS })),
  });

  const kpiTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onStatusChange = useCallback(
    (change: FacilityStatusChange) => {
      const def = FACILITY_LAYERS.find((d) => d.kind === change.kind);
      if (!def) return;
      queryClient.setQueryData(trpc.map.layer.queryKey({ kind: def.kind }), (layer) =>
        layer ? withStatus(layer, change.facilityId, change.status) : layer,
      );
      // A burst of changes (the evening lights switching on) refetches the KPIs once.
      kpiTimer.current ??= setTimeout(() => {
        kpiTimer.current = null;
        void queryClient.invalidateQueries({ queryKey: trpc.map.kpis.queryKey() });
      }, KPI_REFRESH_DELAY_MS);
    },
    [queryClient, trpc],
  );
  useFacilityStatusChanges(onStatusChange);

  const data = results.map((r) => r.data);
  const settled = results.every((r) => !r.isPending);
  const failed = results.some((r) => r.isError);
  const layers = useMemo(() => {
    const byKind: Partial<Record<FacilityKind, CompactFacilityLayer>> = {};
    FACILITY_LAYERS.forEach((def, i) => {
      if (data[i]) byKind[def.kind] = data[i];
    });
    return byKind;
    // The data objects themselves are the dependencies: a new object only when a layer changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, data);
  return { layers, settled, failed };
}
