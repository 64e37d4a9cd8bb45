/**
 * Continuous WAL archiving, the ground of a point-in-time restore on PostgreSQL (issue 21). OneMap does not run the
 * operator's PostgreSQL, so the archiving is the server's own (archive_command); its settings live here, once, for
 * the CLI (`npm run db:backup -- --archive-settings`), the README and the drill. Segments are copied into
 * BACKUP_DIR/wal, never overwritten, and archive_timeout closes a segment at least once a minute, so the archive is
 * never more than a minute behind the database: a restore after losing the server loses at most that minute.
 */
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';

/** Seconds after which PostgreSQL closes and archives a segment that has any write in it. */
export const ARCHIVE_TIMEOUT_S = 60;

export function walArchiveDir(backupDir: string): string {
  return join(backupDir, 'wal');
}

/** A path as one shell word (archive_command and restore_command are run by a shell). */
const shellWord = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;

/** The settings PostgreSQL needs for archiving into walDir (postgresql.conf; a restart is needed for archive_mode). */
export function archiveSettings(walDir: string): Record<string, string> {
  const dir = shellWord(walDir);
  return {
    wal_level: 'replica',
    archive_mode: 'on',
    archive_timeout: `${ARCHIVE_TIMEOUT_S}s`,
    // Never overwrite a segment already archived (a second server pointed at the same folder fails loudly instead).
    archive_command: `test ! -f ${dir}/%f && cp %p ${dir}/%f`,
  };
}

/** How a recovering server fetches archived segments. */
export function restoreCommand(walDir: string): string {
  return `cp ${shellWord(walDir)}/%f %p`;
}

/** Settings as postgresql.conf lines (values quoted, quotes doubled). */
export function confLines(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key} = '${value.replace(/'/g, "''")}'`)
    .join('\n');
}

export interface ArchivingStatus {
  walLevel: string;
  archiveMode: string;
  archiveCommand: string;
  lastArchivedWal: string | null;
  lastArchivedAt: Date | null;
  failedCount: number;
  lastFailedAt: Date | null;
}

export async function archivingStatus(db: Kysely<Database>): Promise<ArchivingStatus> {
  const { rows } = await sql<ArchivingStatus>`
    SELECT current_setting('wal_level') AS "walLevel", current_setting('archive_mode') AS "archiveMode",
      current_setting('archive_command') AS "archiveCommand", last_archived_wal AS "lastArchivedWal",
      last_archived_time AS "lastArchivedAt", failed_count::int AS "failedCount", last_failed_time AS "lastFailedAt"
    FROM pg_stat_archiver`.execute(db);
  return rows[0];
}

/** The WAL segment being written now: every segment before it can be archived once closed. */
export async function currentWalFile(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ file: string }>`SELECT pg_walfile_name(pg_current_wal_lsn()) AS file`.execute(db);
  return rows[0].file;
}
