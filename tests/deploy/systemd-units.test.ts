/**
 * The systemd units in deploy/systemd are what a production install runs: systemd itself checks them
 * (`systemd-analyze verify`: directives, the ExecStart binary, the template's instance), and the migration unit's
 * command is run as written against a fresh PostgreSQL database, so a unit naming a command the app no longer has
 * fails here rather than on the first production start.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '@/db/connect';
import { pendingMigrations } from '@/db/migrate';

const UNITS = join(process.cwd(), 'deploy/systemd');
const work = mkdtempSync(join(tmpdir(), 'onemap-units-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The unit's ExecStart, split into the binary and its arguments (the units use no shell syntax). */
function execStart(unit: string): string[] {
  const line = readFileSync(join(UNITS, unit), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('ExecStart='));
  if (!line) throw new Error(`${unit} has no ExecStart`);
  return line.slice('ExecStart='.length).trim().split(/\s+/);
}

function verify(...files: string[]) {
  return spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
}

describe('deploy/systemd', () => {
  it('systemd accepts the app template (as an instance) and the migration unit', () => {
    copyFileSync(join(UNITS, 'onemap-migrate.service'), join(work, 'onemap-migrate.service'));
    copyFileSync(join(UNITS, 'onemap@.service'), join(work, 'onemap@.service'));
    const result = verify(join(work, 'onemap-migrate.service'), join(work, 'onemap@3001.service'));
    expect(result.stderr + result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('the check refuses a unit whose command does not exist (so the check above can fail)', () => {
    const broken = readFileSync(join(UNITS, 'onemap-migrate.service'), 'utf8').replace('/usr/bin/node', '/usr/bin/no-such-node');
    const file = join(work, 'broken-migrate.service');
    execFileSync('bash', ['-c', 'cat > "$1"', '_', file], { input: broken });
    const result = verify(file);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('no-such-node');
  });

  it('the migration unit’s command brings an empty PostgreSQL database up to date, and the app unit starts the server entry', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('TEST_DATABASE_URL is required (tests/run-all.sh starts a throw-away PostgreSQL)');
    const name = `onemap_units_${randomBytes(4).toString('hex')}`;
    const admin = await connectDatabase({ databaseUrl: serverUrl, poolSize: 1 });
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const [binary, ...args] = execStart('onemap-migrate.service');
      const out = execFileSync(binary, args, {
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
      });
      expect(out).toMatch(/^migrated: 0001_foundation, /m);
      const db = await connectDatabase({ databaseUrl: url.toString(), poolSize: 1 });
      const pending = await pendingMigrations(db.db);
      await db.close();
      expect(pending).toEqual([]);
    } finally {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    }
    // The app instance runs the same entry the README's `npm start` does.
    expect(execStart('onemap@.service')).toEqual(['/usr/bin/node', '--import', 'tsx', 'server/index.ts']);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start).toContain('server/index.ts');
  }, 120_000);
});
