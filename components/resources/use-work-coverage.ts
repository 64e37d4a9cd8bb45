'use client';
/**
 * A day's 作业覆盖 as the resource centre's panel and the wall's coverage layer read it: one query, so both show the
 * same figures. Today's coverage grows while the crews work, so it is read again every minute; a past day is settled.
 */
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '@/components/trpc/client';
import { shanghaiDay } from '@/domain/shanghai-time';
import type { AppRouter } from '@/server/api/root';

export type WorkCoverageDay = inferRouterOutputs<AppRouter>['resources']['workCoverage'];
export type SegmentCoverage = WorkCoverageDay['segments'][number];

const TODAY_REFRESH_MS = 60_000;

export function useWorkCoverage(day: string, enabled = true) {
  const trpc = useTRPC();
  const today = day === shanghaiDay(new Date());
  return useQuery(
    trpc.resources.workCoverage.queryOptions({ day }, { enabled, refetchInterval: enabled && today ? TODAY_REFRESH_MS : false }),
  );
}
