/** Serves the AppRouter at /api/trpc on the custom server, with the session cookie read into the context. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { AppServices } from '@/server/app-services';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { readCookie } from '@/server/auth/cookies';
import { compressWhenAccepted } from '@/server/http/compress';
import { isCrossSite } from '@/server/http/origin-check';
import { clientIp, sendError, sendJson } from '@/server/http/request';
import { TRPC_MAX_BATCH, TRPC_MAX_BODY_BYTES, TRPC_MAX_IMPORT_BODY_BYTES, TRPC_UPLOAD_PROCEDURES } from '@/domain/api/limits';
import { AppError, isAppError } from '@/domain/errors';
import { appRouter } from './root';
import { sendSharedAnswer, sharedProcedureOf, type SharedResponsesOptions } from './shared-responses';

export const TRPC_PREFIX = '/api/trpc';

export function createTrpcHandler(services: AppServices): (req: IncomingMessage, res: ServerResponse) => void {
  const standaloneWithin = (maxBodySize: number) =>
    createHTTPHandler({
      router: appRouter,
      basePath: `${TRPC_PREFIX}/`,
      maxBodySize,
      maxBatchSize: TRPC_MAX_BATCH,
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
  const standalone = standaloneWithin(TRPC_MAX_BODY_BYTES);
  // Only a lone call of an upload procedure may carry a spreadsheet; a batch of several has the usual limit.
  const uploads = standaloneWithin(TRPC_MAX_IMPORT_BODY_BYTES);
  const uploadPaths = new Set(TRPC_UPLOAD_PROCEDURES.map((p) => `${TRPC_PREFIX}/${p}`));
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
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // A browser's cookie authenticates every write: refuse it from a foreign page, and refuse what a form can
      // send without a preflight (urlencoded, multipart, text/plain), so no page elsewhere can post here at all.
      if (isCrossSite(req, { publicOrigin: services.config.PUBLIC_ORIGIN ?? null })) {
        sendError(res, new AppError('FORBIDDEN', 'error.crossSite', 'Cross-site request refused'));
        return;
      }
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
        sendJson(res, 415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'JSON only', messageKey: 'error.jsonOnly', params: {} } });
        return;
      }
      // The browser's batch link sends a lone call as a batch of one: its path is then the procedure alone.
      const upload = uploadPaths.has(url.pathname);
      (upload ? uploads : standalone)(req, compressWhenAccepted(req, res));
      return;
    }
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
