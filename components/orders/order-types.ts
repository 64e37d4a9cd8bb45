/** The dispatch hub's shapes as the browser receives them, inferred from the tRPC router (never from rows). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type OrderView = Outputs['orders']['list'][number];
export type OrderDetail = Outputs['orders']['get'];
export type TimelineEntry = OrderDetail['timeline'][number];
export type CategoryView = Outputs['orders']['categories'][number];
export type CandidatesResult = Outputs['dispatch']['candidates'];
export type Candidate = CandidatesResult['candidates'][number];
export type OrderStatus = OrderView['status'];
export type DeadlineState = OrderView['deadlineState'];
export type LngLatPoint = { lng: number; lat: number };
