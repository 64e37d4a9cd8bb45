/**
 * Scheduled backups in the running server: every BACKUP_INTERVAL a set, then retention (BACKUP_KEEP). A failed
 * backup is kept as the status's last error (shown to the administrator and in the health endpoint) and logged.
 */
import type { DbHandle } from '@/db/connect';
import { type StartRounds, startRounds } from '../jobs/rounds';
import type { Clock } from '../clock';
import { createBackup } from './create-backup';
import { readBackupStatus, type BackupStatus } from './backup-status';
import { pruneSets } from './retention';

export interface BackupScheduleOptions {
  handle: DbHandle;
  databaseUrl?: string;
  dataDir: string;
  backupDir: string;
  intervalMs: number;
  keep: number;
  clock: Clock;
  /** How rounds are started (behind the processes' gate on PostgreSQL: one backup per interval, not one per process). */
  rounds?: StartRounds;
}

export class BackupSchedule {
  private lastError: { at: string; message: string } | null = null;

  constructor(private readonly options: BackupScheduleOptions) {}

  async runOnce(): Promise<void> {
    const { options } = this;
    try {
      await createBackup({ ...options, now: () => options.clock.now() });
      await pruneSets(options.backupDir, options.keep);
      this.lastError = null;
    } catch (error) {
      this.lastError = { at: options.clock.now().toISOString(), message: error instanceof Error ? error.message : String(error) };
      throw error;
    }
  }

  /** Starts the rounds (none when the interval is 0); returns stop. */
  start(): () => Promise<void> {
    if (this.options.intervalMs <= 0) return async () => undefined;
    return (this.options.rounds ?? startRounds)('backup', this.options.intervalMs, () => this.runOnce());
  }

  status(): Promise<BackupStatus> {
    return readBackupStatus(this.options.backupDir, { intervalMs: this.options.intervalMs, lastError: this.lastError });
  }
}
