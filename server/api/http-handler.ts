/** Serves the AppRouter at /api/trpc on the custom server, with the session cookie read into the context. */
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { AppServices } from '@/server/app-services';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { readCookie } from '@/server/auth/cookies';
import { clientIp } from '@/server/http/request';
import { isAppError } from '@/domain/errors';
import { appRouter } from './root';

export const TRPC_PREFIX = '/api/trpc';

export function createTrpcHandler(services: AppServices) {
  return createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PREFIX}/`,
    // A refused sign-in says when to try again (RFC 9110 Retry-After), for people and scripts alike.
    responseMeta({ errors }) {
      const seconds = errors
        .map((e) => (isAppError(e.cause) && e.cause.code === 'TOO_MANY_REQUESTS' ? Number(e.cause.params.seconds) : 0))
        .find((s) => s > 0);
      return seconds ? { headers: { 'retry-after': String(seconds) } } : {};
    },
    async createContext({ req, res }) {
      const sessionToken = readCookie(req.headers.cookie, SESSION_COOKIE);
      const user = await services.auth.userForToken(sessionToken);
      return {
        services,
        user,
        sessionToken,
        ip: clientIp(req, services.config.TRUST_PROXY),
        setCookie: (value: string) => res.appendHeader('set-cookie', value),
      };
    },
  });
}
