/** The AppRouter: the only server type the browser imports. One line per feature router. */
import { router } from './trpc';
import { authRouter } from './routers/auth';
import { adminRouter } from './routers/admin';
import { mapRouter } from './routers/map';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  map: mapRouter,
});

export type AppRouter = typeof appRouter;
