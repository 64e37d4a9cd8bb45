/** The AppRouter: the only server type the browser imports. One line per feature router. */
import { router } from './trpc';
import { authRouter } from './routers/auth';
import { adminRouter } from './routers/admin';
import { mapRouter } from './routers/map';
import { unitsRouter } from './routers/units';
import { eventsRouter } from './routers/events';
import { ordersRouter } from './routers/orders';
import { dispatchRouter } from './routers/dispatch';
import { voiceRouter } from './routers/voice';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  map: mapRouter,
  units: unitsRouter,
  events: eventsRouter,
  orders: ordersRouter,
  dispatch: dispatchRouter,
  voice: voiceRouter,
});

export type AppRouter = typeof appRouter;
