/** The backup settings and the dump filter: what an operator configures and what a set holds. */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { backupDirOf } from './backup-config';
import { dropTarEntries } from './tar-filter';

/** A minimal ustar archive of the named files (contents: their names). */
function tarOf(names: string[]): Buffer {
  const blocks: Buffer[] = [];
  for (const name of names) {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write(`${Buffer.byteLength(name).toString(8).padStart(11, '0')}\0`, 124);
    header.write('ustar', 257);
    const data = Buffer.alloc(512);
    data.write(name);
    blocks.push(header, data);
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe('backup settings', () => {
  it('reads BACKUP_INTERVAL as a duration, 0/off as disabled, and refuses nonsense', () => {
    expect(parseEnv({}).BACKUP_INTERVAL).toBe(6 * 3_600_000);
    expect(parseEnv({ BACKUP_INTERVAL: '30m' }).BACKUP_INTERVAL).toBe(30 * 60_000);
    expect(parseEnv({ BACKUP_INTERVAL: '1d' }).BACKUP_INTERVAL).toBe(86_400_000);
    expect(parseEnv({ BACKUP_INTERVAL: 'off' }).BACKUP_INTERVAL).toBe(0);
    expect(() => parseEnv({ BACKUP_INTERVAL: 'often' })).toThrow(/BACKUP_INTERVAL must be a duration/);
    expect(parseEnv({}).BACKUP_KEEP).toBe(14);
    expect(() => parseEnv({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  });

  it('puts backups beside DATA_DIR by default and refuses them inside it for the embedded database', () => {
    expect(backupDirOf({ DATA_DIR: '/srv/onemap/data' })).toBe('/srv/onemap/data-backups');
    expect(() => backupDirOf({ DATA_DIR: '/srv/onemap/data', BACKUP_DIR: '/srv/onemap/data/backups' })).toThrow(/不能在 DATA_DIR 之内/);
    expect(backupDirOf({ DATA_DIR: '/srv/d', BACKUP_DIR: '/srv/d/backups', DATABASE_URL: 'postgres://x/y' })).toBe('/srv/d/backups');
  });

  it('drops the photos and the folder lock from the embedded dump and keeps the database files', () => {
    const filtered = gunzipSync(
      dropTarEntries(
        tarOf(['/PG_VERSION', '/onemap.lock', '/uploads/ab/abc', '/base/1/1259']),
        (p) => p === 'onemap.lock' || p.startsWith('uploads/'),
      ),
    );
    const names: string[] = [];
    for (let o = 0; o + 512 <= filtered.length && filtered[o] !== 0; o += 1024)
      names.push(
        filtered
          .subarray(o, o + 100)
          .toString()
          .replace(/\0.*$/s, ''),
      );
    expect(names).toEqual(['/PG_VERSION', '/base/1/1259']);
  });
});

describe('client tools', () => {
  it('refuses a server newer than pg_dump, saying what to install', async () => {
    const { requireToolFor, toolMajor } = await import('./pg-tools');
    const major = await toolMajor('pg_dump');
    await expect(requireToolFor('pg_dump', `${major}.2 (Debian)`)).resolves.toBeUndefined();
    await expect(requireToolFor('pg_dump', `${major + 2}.0`)).rejects.toThrow(new RegExp(`postgresql-client-${major + 2}`));
    await expect(requireToolFor('pg_dump', 'unknown')).rejects.toThrow(/无法识别数据库服务器版本/);
  });
});
