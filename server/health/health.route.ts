/**
 * GET /api/health for monitoring (no sign-in, as a load balancer or probe calls it): whether the database
 * answers, and the backups' state (last set, its size, the last verified restore, the scheduler's last error).
 * 503 when the database does not answer or the newest backup is older than two intervals.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { DialectName } from '@/db/connect';
import type { BackupStatus } from '../backup/backup-status';
import type { Clock } from '../clock';
import type { HttpRoute } from '../http/routes';
import { databaseAnswers } from './health.repository';

export interface HealthDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  backupStatus(): Promise<BackupStatus>;
}

export function createHealthRoute(deps: HealthDeps): HttpRoute {
  return {
    prefix: '/api/health',
    async handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET' }).end();
        return;
      }
      const database = await databaseAnswers(deps.db).then(
        (ms) => ({ ok: true, ms }),
        (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
      const backup = await deps.backupStatus().catch(() => null);
      const now = deps.clock.now().getTime();
      const stale =
        backup?.enabled &&
        backup.intervalMinutes !== null &&
        (!backup.last || now - Date.parse(backup.last.at) > 2 * backup.intervalMinutes * 60_000);
      const ok = database.ok && !stale;
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'degraded', dialect: deps.dialect, database, backup, backupStale: Boolean(stale) }));
    },
  };
}
