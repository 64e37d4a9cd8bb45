/** What the hotline router returns, as the screen's components see it. */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

type Outputs = inferRouterOutputs<AppRouter>['hotline'];
export type HotlineMeta = Outputs['meta'];
export type HotlineOverview = Outputs['overview'];
export type HotlinePlace = Outputs['places'][number];
export type HotlineTicketRow = Outputs['tickets'][number];
export type HotlineTicket = Outputs['ticket'];
export type HotlineRepeated = Outputs['repeated'][number];

export interface HotlineFilter {
  from: string;
  to: string;
  categories?: string[];
  subDistricts?: string[];
}

/** Where the analyst is in the drill-down: district → sub-district → category → place → ticket. */
export interface Drill {
  subDistrict?: string;
  category?: string;
  placeKey?: string;
  placeAddress?: string;
  ticketId?: number;
}
