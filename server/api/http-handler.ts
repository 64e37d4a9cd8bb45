/** Serves the AppRouter at /api/trpc on the custom server, with the session cookie read into the context. */
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { AppServices } from '@/server/app-services';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { readCookie } from '@/server/auth/cookies';
import { clientIp } from '@/server/http/request';
import { appRouter } from './root';

export const TRPC_PREFIX = '/api/trpc';

export function createTrpcHandler(services: AppServices) {
  return createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PREFIX}/`,
    async createContext({ req, res }) {
      const sessionToken = readCookie(req.headers.cookie, SESSION_COOKIE);
      const user = await services.auth.userForToken(sessionToken);
      return {
        services,
        user,
        sessionToken,
        ip: clientIp(req),
        setCookie: (value: string) => res.appendHeader('set-cookie', value),
      };
    },
  });
}
