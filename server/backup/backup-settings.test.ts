/** The backup settings: what an operator configures. */
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { backupDirOf } from './backup-config';

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
