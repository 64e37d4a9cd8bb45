/**
 * What the health endpoint and the administrator's screen show about backups, read from BACKUP_DIR itself (so the
 * CLI's backups and restores count too): the newest set (time, size), how many are kept, the last verified
 * restore, and the scheduler's last failure.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listSets, readManifest } from './manifest';
import { LAST_RESTORE } from './restore-backup';
import type { RestoreReport } from './restore-check';

export interface BackupStatus {
  enabled: boolean;
  intervalMinutes: number | null;
  sets: number;
  last: { id: string; at: string; bytes: number; durationMs: number; uploads: number; missingUploads: number } | null;
  lastRestore: { setId: string; at: string; ok: boolean } | null;
  lastError: { at: string; message: string } | null;
}

export async function readBackupStatus(
  backupDir: string,
  schedule: { intervalMs: number; lastError: { at: string; message: string } | null },
): Promise<BackupStatus> {
  const sets = await listSets(backupDir);
  const newest = sets.at(-1);
  let last: BackupStatus['last'] = null;
  if (newest) {
    const m = await readManifest(join(backupDir, newest));
    const photoBytes = m.uploads.reduce((sum, u) => sum + u.bytes, 0);
    last = {
      id: m.id,
      at: m.createdAt,
      bytes: m.database.bytes + photoBytes,
      durationMs: m.durationMs,
      uploads: m.uploads.length,
      missingUploads: m.missingUploads.length,
    };
  }
  const restore = await readFile(join(backupDir, LAST_RESTORE), 'utf8')
    .then((text) => JSON.parse(text) as RestoreReport)
    .catch(() => null);
  return {
    enabled: schedule.intervalMs > 0,
    intervalMinutes: schedule.intervalMs > 0 ? Math.round(schedule.intervalMs / 60_000) : null,
    sets: sets.length,
    last,
    lastRestore: restore ? { setId: restore.setId, at: restore.checkedAt, ok: restore.ok } : null,
    lastError: schedule.lastError,
  };
}
