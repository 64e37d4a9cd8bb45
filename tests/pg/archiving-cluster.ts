/**
 * A throw-away PostgreSQL server that archives its WAL as the README tells an operator to (server/backup/
 * wal-archive.ts), for the point-in-time drill and benchmark: start it, lose it (stopped hard, data directory
 * deleted), and start a restored data directory in its place on the same port. PostgreSQL's tools refuse to run
 * as root, so as root they run as the postgres user.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveSettings, confLines, walArchiveDir } from '@/server/backup/wal-archive';

const PG_BIN = readdirSync('/usr/lib/postgresql')
  .sort((a, b) => Number(a) - Number(b))
  .map((v) => `/usr/lib/postgresql/${v}/bin`)
  .at(-1)!;
const asRoot = process.getuid?.() === 0;

function pg(tool: string, args: string[]) {
  const command = join(PG_BIN, tool);
  execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe' });
}

export function giveToPostgres(path: string) {
  if (asRoot) execFileSync('chown', ['-R', 'postgres', path]);
}

export class ArchivingCluster {
  readonly root = mkdtempSync(join(tmpdir(), 'onemap-pitr-'));
  readonly backupDir = join(this.root, 'backups');
  readonly pgdata = join(this.root, 'pgdata');
  readonly port = 20000 + Math.floor(Math.random() * 20000);
  private running: string | null = null;

  url(database = 'postgres'): string {
    return `postgres://onemap@127.0.0.1:${this.port}/${database}`;
  }

  /** initdb with archiving into BACKUP_DIR/wal, then start. */
  init(): void {
    mkdirSync(walArchiveDir(this.backupDir), { recursive: true });
    giveToPostgres(this.root);
    pg('initdb', ['-D', this.pgdata, '-U', 'onemap', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    writeFileSync(join(this.pgdata, 'postgresql.auto.conf'), `${confLines(archiveSettings(walArchiveDir(this.backupDir)))}\n`);
    giveToPostgres(this.root);
    this.start(this.pgdata);
  }

  start(pgdata: string): void {
    const log = join(this.root, 'server.log');
    giveToPostgres(pgdata);
    try {
      pg('pg_ctl', [
        '-D',
        pgdata,
        '-l',
        log,
        '-w',
        '-t',
        '300',
        '-o',
        `-p ${this.port} -k ${this.root} -c listen_addresses=127.0.0.1`,
        'start',
      ]);
    } catch (error) {
      throw new Error(`PostgreSQL did not start: ${readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}`, { cause: error });
    }
    this.running = pgdata;
  }

  /** The server is lost: stopped without a checkpoint, its data directory deleted. */
  lose(): void {
    this.stopHard();
    rmSync(this.pgdata, { recursive: true, force: true });
  }

  stopHard(): void {
    if (this.running) pg('pg_ctl', ['-D', this.running, '-m', 'immediate', 'stop']);
    this.running = null;
  }

  remove(): void {
    this.stopHard();
    rmSync(this.root, { recursive: true, force: true });
  }
}
