/** The cockpit's shapes as the browser receives them, inferred from the tRPC router. */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type CockpitBoards = Outputs['cockpit']['boards'];
export type HazardView = Outputs['cockpit']['hazards']['list'][number];
export type AnomalyView = CockpitBoards['energy']['anomalies'][number];
export type InspectionTask = Outputs['cockpit']['inspections']['today'][number];
