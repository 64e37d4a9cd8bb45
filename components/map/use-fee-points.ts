'use client';
/** 清费云 collection points for the map, fetched only while their layer is on and refreshed each minute. */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import type { FeeMapPoint } from './layers/fee-points-layer';

const NONE: readonly FeeMapPoint[] = [];

export function useFeePoints(enabled: boolean): readonly FeeMapPoint[] {
  const trpc = useTRPC();
  const points = useQuery(trpc.fees.mapPoints.queryOptions(undefined, { enabled, refetchInterval: enabled ? 60_000 : false }));
  return enabled ? (points.data ?? NONE) : NONE;
}
