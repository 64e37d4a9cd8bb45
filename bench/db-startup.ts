/**
 * Embedded database start-up: the first start (create the folder, migrate, seed Changning and the demo 12345 history) and warm restarts
 * (reopen, nothing to migrate or seed), each in a fresh process as `npm start` would do it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './stats';

interface ChildTimings {
  openMs: number;
  migrateMs: number;
  seedMs: number;
  seeded: boolean;
  hotlineMs: number | null;
  totalMs: number;
  rssMb: number;
}

function startOnce(dataDir: string): ChildTimings {
  const out = execFileSync('npx', ['tsx', 'bench/db-startup-child.ts', dataDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildTimings;
}

export async function runDbStartupBench(warmRuns = 3) {
  const dataDir = mkdtempSync(join(tmpdir(), 'onemap-bench-db-'));
  try {
    const first = startOnce(dataDir);
    if (!first.seeded) throw new Error('first start did not seed');
    const warm = Array.from({ length: warmRuns }, () => startOnce(dataDir));
    if (warm.some((w) => w.seeded)) throw new Error('warm restart seeded again');
    return {
      name: 'embedded database start-up',
      firstStart: {
        totalMs: round(first.totalMs, 0),
        openMs: round(first.openMs, 0),
        migrateMs: round(first.migrateMs, 0),
        seedMs: round(first.seedMs, 0),
        hotlineHistoryMs: first.hotlineMs === null ? null : round(first.hotlineMs, 0),
        rssMb: round(first.rssMb, 0),
      },
      warmRestart: {
        medianTotalMs: round(median(warm.map((w) => w.totalMs)), 0),
        runs: warm.length,
        medianOpenMs: round(median(warm.map((w) => w.openMs)), 0),
      },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runDbStartupBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
