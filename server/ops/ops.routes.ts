/**
 * The operations endpoints, for probes and scrapers (no session; see the README's operations section):
 *   GET /healthz  alive: the process answers (a liveness probe restarts it otherwise); touches nothing else.
 *   GET /readyz   ready for traffic: the database answers and has every migration this code knows. 503 otherwise,
 *                 so a load balancer sends nothing to a process that cannot serve. With REDIS_URL it also asks
 *                 Redis: unreachable, the answer stays 200 but says "degraded" — the process serves its own
 *                 screens alone, and taking every process out of the balancer would turn a partial loss into a
 *                 whole one.
 *   GET /metrics  Prometheus text (metrics.ts), for a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`;
 *                 closed while METRICS_TOKEN is unset (the figures tell an attacker about load and clients).
 * /api/health stays the richer human-readable report (backups included).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { pendingMigrations } from '@/db/migrate';
import type { HttpRoute } from '../http/routes';
import { databaseAnswers } from '../health/health.repository';
import { registry } from './metrics';
import type { ClusterLink } from '../cluster/cluster-link';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function readOnly(route: Omit<HttpRoute, 'handle'> & { answer: HttpRoute['handle'] }): HttpRoute {
  return {
    prefix: route.prefix,
    async handle(req, res, url) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET' }).end();
        return;
      }
      await route.answer(req, res, url);
    },
  };
}

/** Whether the request carries exactly this bearer token (compared in constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export function createOpsRoutes(deps: {
  db: Kysely<Database>;
  metricsToken?: string;
  cluster?: Pick<ClusterLink, 'check'> | null;
}): HttpRoute[] {
  return [
    readOnly({
      prefix: '/healthz',
      async answer(_req, res) {
        res.writeHead(200, JSON_HEADERS).end(JSON.stringify({ status: 'alive' }));
      },
    }),
    readOnly({
      prefix: '/readyz',
      async answer(_req, res) {
        const database = await databaseAnswers(deps.db).then(
          (ms) => ({ ok: true as const, ms }),
          (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
        );
        const pending = database.ok ? await pendingMigrations(deps.db).catch(() => null) : null;
        const redis = deps.cluster ? await deps.cluster.check() : undefined;
        const ready = database.ok && pending !== null && pending.length === 0;
        const status = !ready ? 'not ready' : redis && !redis.ok ? 'degraded' : 'ready';
        res.writeHead(ready ? 200 : 503, JSON_HEADERS).end(JSON.stringify({ status, database, pendingMigrations: pending, redis }));
      },
    }),
    readOnly({
      prefix: '/metrics',
      async answer(req, res) {
        if (!deps.metricsToken) {
          res
            .writeHead(404, JSON_HEADERS)
            .end(JSON.stringify({ error: 'metrics are closed: set METRICS_TOKEN to open them to a scraper' }));
          return;
        }
        if (!bearerMatches(req.headers.authorization, deps.metricsToken)) {
          res
            .writeHead(401, { ...JSON_HEADERS, 'www-authenticate': 'Bearer realm="metrics"' })
            .end(JSON.stringify({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' }));
          return;
        }
        const body = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body);
      },
    }),
  ];
}
