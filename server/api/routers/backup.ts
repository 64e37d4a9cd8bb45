/**
 * The system administrator's view of backups (issue 21): the newest set, its size, how many are kept, the last
 * verified restore and the scheduler's last error. Read from BACKUP_DIR, so the CLI's sets and restores count too.
 */
import { z } from 'zod';
import { permittedProcedure, router } from '../trpc';

const backupStatusView = z.object({
  enabled: z.boolean(),
  intervalMinutes: z.number().nullable(),
  sets: z.number(),
  last: z
    .object({ id: z.string(), at: z.string(), bytes: z.number(), durationMs: z.number(), uploads: z.number(), missingUploads: z.number() })
    .nullable(),
  lastRestore: z.object({ setId: z.string(), at: z.string(), ok: z.boolean() }).nullable(),
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
});

export const backupRouter = router({
  status: permittedProcedure('users:manage')
    .output(backupStatusView.nullable())
    .query(({ ctx }) => ctx.services.backups?.status() ?? null),
});
