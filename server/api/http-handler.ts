/** Serves the AppRouter at /api/trpc on the custom server, with the session cookie read into the context. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { AppServices } from '@/server/app-services';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { readCookie } from '@/server/auth/cookies';
import { compressWhenAccepted } from '@/server/http/compress';
import { clientIp, sendError } from '@/server/http/request';

import { isAppError } from '@/domain/errors';
import { appRouter } from './root';
import { sendSharedAnswer, sharedProcedureOf, type SharedResponsesOptions } from './shared-responses';

export const TRPC_PREFIX = '/api/trpc';

export function createTrpcHandler(services: AppServices): (req: IncomingMessage, res: ServerResponse) => void {
  const standalone = createHTTPHandler({
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
  const shared: SharedResponsesOptions = {
    router: appRouter,
    endpoint: TRPC_PREFIX,
    sharedReads: () => services.sharedReads,
    context: (req, user) => ({
      services,
      user,
      sessionToken: undefined,
      ip: clientIp(req, services.config.TRUST_PROXY),
      setCookie: () => {
        throw new Error('a shared read sets no cookie');
      },
    }),
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const procedure = sharedProcedureOf(req.method, url, `${TRPC_PREFIX}/`);
    if (!procedure) {
      standalone(req, compressWhenAccepted(req, res));
      return;
    }
    void (async () => {
      const user = await services.auth.userForToken(readCookie(req.headers.cookie, SESSION_COOKIE));
      // Without a session the usual path answers (401), as for any other call.
      if (!user) standalone(req, compressWhenAccepted(req, res));
      else await sendSharedAnswer(shared, procedure, req, res, url, user);
    })().catch((error: unknown) => sendError(res, error));
  };
}
