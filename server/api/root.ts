/** The AppRouter: the only server type the browser imports. One line per feature router. */
import { router } from './trpc';
import { authRouter } from './routers/auth';
import { adminRouter } from './routers/admin';
import { backupRouter } from './routers/backup';
import { mapRouter } from './routers/map';
import { unitsRouter } from './routers/units';
import { eventsRouter } from './routers/events';
import { ordersRouter } from './routers/orders';
import { dispatchRouter } from './routers/dispatch';
import { summaryRouter } from './routers/summary';
import { cockpitRouter } from './routers/cockpit';
import { lightingRouter } from './routers/lighting';
import { alarmsRouter } from './routers/alarms';
import { voiceRouter } from './routers/voice';
import { hotlineRouter } from './routers/hotline';
import { positionsRouter } from './routers/positions';
import { knowledgeRouter } from './routers/knowledge';
import { feesRouter } from './routers/fees';
import { clientsRouter } from './routers/clients';
import { settlementRouter } from './routers/settlement';
import { resourcesRouter } from './routers/resources';
import { facilityDataRouter } from './routers/facility-data';
import { replayRouter } from './routers/replay';
import { liveRouter } from './routers/live';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  backup: backupRouter,
  map: mapRouter,
  units: unitsRouter,
  events: eventsRouter,
  orders: ordersRouter,
  dispatch: dispatchRouter,
  summary: summaryRouter,
  cockpit: cockpitRouter,
  lighting: lightingRouter,
  alarms: alarmsRouter,
  voice: voiceRouter,
  hotline: hotlineRouter,
  positions: positionsRouter,
  knowledge: knowledgeRouter,
  fees: feesRouter,
  clients: clientsRouter,
  settlement: settlementRouter,
  resources: resourcesRouter,
  facilityData: facilityDataRouter,
  replay: replayRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
