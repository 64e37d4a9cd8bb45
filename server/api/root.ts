/** The AppRouter: the only server type the browser imports. One line per feature router. */
import { router } from './trpc';
import { authRouter } from './routers/auth';
import { adminRouter } from './routers/admin';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
