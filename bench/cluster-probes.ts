/**
 * What Redis and PostgreSQL spend while the cluster benchmark runs, read from outside the app processes:
 *  - Redis: INFO's CPU seconds, commands and bytes (its main thread is the one that saturates);
 *  - PostgreSQL: pg_stat_database's transactions and rows, the WAL written, and the CPU of the postmaster and its
 *    backends from /proc (only when the server runs on this machine and its data folder can be read; else null).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';

export interface RedisSample {
  cpuSeconds: number;
  commands: number;
  netInBytes: number;
  netOutBytes: number;
}

export interface RedisRates {
  cpuPercentOfOneCore: number;
  commandsPerSecond: number;
  netInKBps: number;
  netOutKBps: number;
}

export async function openRedisProbe(url: string) {
  const client = createClient({ url });
  await client.connect();
  return {
    async sample(): Promise<RedisSample> {
      const info = await client.info();
      const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
      return {
        cpuSeconds: field('used_cpu_sys') + field('used_cpu_user'),
        commands: field('total_commands_processed'),
        netInBytes: field('total_net_input_bytes'),
        netOutBytes: field('total_net_output_bytes'),
      };
    },
    close: () => client.quit().then(() => undefined),
  };
}

export function redisRates(before: RedisSample, after: RedisSample, seconds: number): RedisRates {
  return {
    cpuPercentOfOneCore: ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100,
    commandsPerSecond: (after.commands - before.commands) / seconds,
    netInKBps: (after.netInBytes - before.netInBytes) / seconds / 1024,
    netOutKBps: (after.netOutBytes - before.netOutBytes) / seconds / 1024,
  };
}

export interface PostgresSample {
  commits: number;
  inserted: number;
  updated: number;
  walBytes: number;
  /** CPU seconds of the postmaster and its children, or null when /proc cannot tell. */
  cpuSeconds: number | null;
}

export interface PostgresRates {
  transactionsPerSecond: number;
  rowsInsertedPerSecond: number;
  rowsUpdatedPerSecond: number;
  walKBps: number;
  cpuPercentOfOneCore: number | null;
}

export async function openPostgresProbe(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const { rows } = await pool.query<{ data_directory: string }>('SHOW data_directory');
  const postmasterPid = readPostmasterPid(rows[0].data_directory);
  // Pool connections end (idle timeouts) and autovacuum workers come and go: a process's CPU is kept as last seen,
  // read every 200 ms, so what a backend spent before it ended still counts.
  const seen = new Map<number, number>();
  const look = () => {
    if (postmasterPid !== null) for (const [pid, cpu] of treeCpu(postmasterPid)) seen.set(pid, Math.max(cpu, seen.get(pid) ?? 0));
  };
  look();
  const watcher = setInterval(look, 200);
  return {
    async sample(): Promise<PostgresSample> {
      const stats = await pool.query<{ commits: string; inserted: string; updated: string; wal: string }>(
        `SELECT xact_commit AS commits, tup_inserted AS inserted, tup_updated AS updated,
                pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS wal
           FROM pg_stat_database WHERE datname = current_database()`,
      );
      const row = stats.rows[0];
      return {
        commits: Number(row.commits),
        inserted: Number(row.inserted),
        updated: Number(row.updated),
        walBytes: Number(row.wal),
        cpuSeconds: postmasterPid === null ? null : (look(), [...seen.values()].reduce((a, b) => a + b, 0)),
      };
    },
    close: () => {
      clearInterval(watcher);
      return pool.end();
    },
  };
}

export function postgresRates(before: PostgresSample, after: PostgresSample, seconds: number): PostgresRates {
  return {
    transactionsPerSecond: (after.commits - before.commits) / seconds,
    rowsInsertedPerSecond: (after.inserted - before.inserted) / seconds,
    rowsUpdatedPerSecond: (after.updated - before.updated) / seconds,
    walKBps: (after.walBytes - before.walBytes) / seconds / 1024,
    cpuPercentOfOneCore:
      before.cpuSeconds === null || after.cpuSeconds === null ? null : ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100,
  };
}

function readPostmasterPid(dataDirectory: string): number | null {
  try {
    return Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null; // another machine's server, or a folder this user cannot read
  }
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) of a process and each of its direct children (PostgreSQL's backends and workers). */
function treeCpu(pid: number): Array<[number, number]> {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...children].map((p) => [p, processCpuSeconds(p)]);
  } catch {
    return [];
  }
}

function processCpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14 and 15 of stat)
  } catch {
    return 0; // a backend that ended between listing and reading
  }
}
