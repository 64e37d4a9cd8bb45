/**
 * `npm run bench`: every benchmark in one run, written to bench/results/ (latest.json and latest.md, plus a dated
 * copy). Each benchmark reports medians/p95s and, beside the product's way, the common way and the ratio.
 * The production build must exist for the command-view benchmark (`npm run build`); a throw-away PostgreSQL is
 * started for the server-dialect numbers unless TEST_DATABASE_URL is set.
 *
 *   npm run bench                 all
 *   npm run bench -- fanout nearest   only those named (db-startup, fanout, cluster, frame-apply, nearest, order-commands, command-view, alarms,
 *                                 hotline, wall-load, positions, backup, pitr, fees, fee-bills, fee-reconcile, ogc-features, knowledge; hotline takes --hotline-tickets=N, default
 *                                 1,000,000; backup takes --backup-tickets=N, default 50,000, and
 *                                 --backup-position-days=N (7) and --backup-position-interval=S (600); fees takes
 *                                 --fees-payers=N, default 100,000; knowledge takes --knowledge-entries=N or
 *                                 KNOWLEDGE_BENCH_ENTRIES, default 40,000)
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { runAlarmsBench } from './alarms';
import { runBackupBench } from './backup';
import { runClusterFanoutBench } from './cluster-fanout';
import { runCommandViewBench } from './command-view';
import { runDbStartupBench } from './db-startup';
import { runNearestBench, runOrderCommandsBench } from './dispatch';
import { runFanoutBench } from './fanout';
import { runFeeBillsBench } from './fee-bills';
import { runFeeReconcileBench } from './fee-reconcile';
import { runFeesBench } from './fees';
import { runFrameApplyBench } from './frame-apply';
import { runHotlineBench } from './hotline';
import { runKnowledgeBench } from './knowledge';
import { runOgcFeaturesBench } from './ogc-features';
import { runFacilityImportBench } from './facility-import';
import { runPositionHistoryBench } from './position-history';
import { runPointInTimeBench } from './point-in-time';
import { runSettlementBench } from './settlement';
import { runWorkCoverageBench } from './work-coverage';
import { runWallLoadBench } from './wall-load';

const benches: Record<string, (serverUrl: string) => Promise<unknown>> = {
  'db-startup': () => runDbStartupBench(),
  fanout: () => runFanoutBench(),
  cluster: (serverUrl) => runClusterFanoutBench({ serverUrl }),
  'frame-apply': () => runFrameApplyBench(),
  nearest: (serverUrl) => runNearestBench({ serverUrl }),
  'order-commands': (serverUrl) => runOrderCommandsBench({ serverUrl }),
  'command-view': () => runCommandViewBench(),
  alarms: (serverUrl) => runAlarmsBench({ serverUrl }),
  hotline: (serverUrl) => runHotlineBench({ serverUrl }),
  'wall-load': (serverUrl) => runWallLoadBench({ serverUrl }),
  positions: (serverUrl) => runPositionHistoryBench({ serverUrl }),
  pitr: () => runPointInTimeBench(),
  backup: (serverUrl) => runBackupBench({ serverUrl }),
  fees: (serverUrl) => runFeesBench({ serverUrl }),
  'fee-bills': (serverUrl) => runFeeBillsBench({ serverUrl }),
  'fee-reconcile': (serverUrl) => runFeeReconcileBench({ serverUrl }),
  'ogc-features': (serverUrl) => runOgcFeaturesBench({ serverUrl }),
  'facility-import': (serverUrl) => runFacilityImportBench({ serverUrl }),
  settlement: (serverUrl) => runSettlementBench({ serverUrl }),
  'work-coverage': (serverUrl) => runWorkCoverageBench({ serverUrl }),
  knowledge: (serverUrl) => runKnowledgeBench({ serverUrl }),
};

function startPostgres(): { url: string; stop(): void } {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop() {} };
  const dir = execFileSync('mktemp', ['-d', '/tmp/onemap-pg.XXXXXX'], { encoding: 'utf8' }).trim();
  const url = execFileSync('bash', ['tests/pg/start-throwaway.sh', dir], { encoding: 'utf8' }).trim();
  return { url, stop: () => execFileSync('bash', ['tests/pg/stop-throwaway.sh', dir]) };
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !(w in benches));
  if (unknown.length) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
  const names = wanted.length ? wanted : Object.keys(benches);
  const postgres = startPostgres();
  const results: Record<string, unknown> = {};
  try {
    for (const name of names) {
      console.log(`== ${name}`);
      const started = performance.now();
      try {
        results[name] = await benches[name](postgres.url);
      } catch (error) {
        results[name] = { error: error instanceof Error ? error.message : String(error) };
      }
      console.log(JSON.stringify(results[name], null, 2));
      console.log(`   (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  } finally {
    postgres.stop();
  }
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    results,
  };
  mkdirSync('bench/results', { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const suffix = wanted.length ? `-${names.join('+')}` : '';
  writeFileSync(`bench/results/latest${suffix}.json`, json);
  writeFileSync(`bench/results/${report.at.slice(0, 10)}${suffix}.json`, json);
  const md = [
    `# Benchmark results (${report.at})`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}.`,
    '',
  ];
  for (const [name, result] of Object.entries(results)) md.push(`## ${name}`, '', '```json', JSON.stringify(result, null, 2), '```', '');
  writeFileSync(`bench/results/latest${suffix}.md`, md.join('\n'));
  console.log(`written bench/results/latest${suffix}.json and .md`);
  if (Object.values(results).some((r) => typeof r === 'object' && r !== null && 'error' in r)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
