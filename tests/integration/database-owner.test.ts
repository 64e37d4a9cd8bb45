/**
 * One process owns an embedded data folder: a second open is refused with the holder named, a dead holder's lock is
 * taken over, and a server that cannot take its port stops before it opens (so before it writes) anything.
 * The folder database runs in its owner thread; these tests also prove that path answers queries, keeps
 * PostgreSQL's error codes and serialises transactions.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '@/db/connect';
import { DataDirLockedError, LOCK_FILE } from '@/db/data-dir-lock';

const folders: string[] = [];
function freshFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'onemap-owner-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database owner', () => {
  it('refuses a second open of the same folder, naming the holder, and frees it on close', async () => {
    const dir = freshFolder();
    const first = await connectDatabase({ dataDir: dir });
    try {
      const { rows } = await sql<{ n: number }>`SELECT 41::int8 + 1 AS n`.execute(first.db);
      expect(rows[0].n).toBe(42);
      // Errors cross the thread with PostgreSQL's code, which callers test (23505 and so on).
      await expect(sql`SELECT 1 / 0`.execute(first.db)).rejects.toMatchObject({ code: '22012' });
      // A transaction holds the one connection: a query outside it waits for the commit and sees its row.
      await sql`CREATE TABLE t (n int)`.execute(first.db);
      const outside = first.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO t VALUES (1)`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await sql`INSERT INTO t VALUES (2)`.execute(trx);
      });
      const count = sql<{ n: number }>`SELECT count(*)::int AS n FROM t`.execute(first.db);
      await outside;
      expect((await count).rows[0].n).toBe(2);

      const second = connectDatabase({ dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(new RegExp(`in use by process ${process.pid} on ${hostname()}, started 20`));
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await connectDatabase({ dataDir: dir });
    await again.close();
    // Creating a data folder takes ~10–30 s on a busy 2-core machine, reopening it about half that.
  }, 240_000);

  it('takes over the lock of a process that no longer runs', async () => {
    const dir = freshFolder();
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const handle = await connectDatabase({ dataDir: dir });
    await handle.close();
  }, 120_000);
});

describe('a server that cannot listen', () => {
  let taken: Server | undefined;
  afterAll(() => taken?.close());

  it('exits non-zero before opening (or writing) its database', async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken!.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const dir = join(freshFolder(), 'data');
    const child = spawn('npx', ['tsx', 'server/index.ts'], {
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('the port is in use');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
