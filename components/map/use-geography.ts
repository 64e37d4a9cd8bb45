'use client';
/** The district and its sub-districts (names, bounding boxes), for the selector, tooltips and zooming. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '@/components/trpc/client';
import type { District, SubDistrict } from './map-types';

const GEOGRAPHY_STALE_MS = 60 * 60_000;

export interface GeographyState {
  district: District | null;
  subDistricts: readonly SubDistrict[];
  byCode: ReadonlyMap<string, SubDistrict>;
  error: unknown;
  /** The district's outline has been answered (or failed): a wall fitted to it is not ready before. */
  settled: boolean;
}

export function useGeography(): GeographyState {
  const trpc = useTRPC();
  const district = useQuery(trpc.map.district.queryOptions(undefined, { staleTime: GEOGRAPHY_STALE_MS }));
  const subDistricts = useQuery(trpc.map.subDistricts.queryOptions(undefined, { staleTime: GEOGRAPHY_STALE_MS }));
  return useMemo(() => {
    const list = subDistricts.data ?? [];
    return {
      district: district.data ?? null,
      subDistricts: list,
      byCode: new Map(list.map((s) => [s.code, s])),
      error: district.error ?? subDistricts.error,
      settled: !district.isPending,
    };
  }, [district.data, district.error, district.isPending, subDistricts.data, subDistricts.error]);
}
