/**
 * Where backups go and how often. BACKUP_DIR defaults to a folder beside DATA_DIR ("<DATA_DIR>-backups"), not
 * inside it: PGlite's dump tars the whole data folder, so backups inside it would be read into every new dump.
 * Embedded, a BACKUP_DIR inside DATA_DIR is refused for the same reason.
 */
import { relative, resolve } from 'node:path';
import type { Env } from '../env';

export function backupDirOf(config: Pick<Env, 'DATA_DIR' | 'BACKUP_DIR' | 'DATABASE_URL'>): string {
  const dir = resolve(config.BACKUP_DIR ?? `${config.DATA_DIR.replace(/\/+$/, '')}-backups`);
  const inside = relative(resolve(config.DATA_DIR), dir);
  if (!config.DATABASE_URL && !inside.startsWith('..') && !inside.startsWith('/')) {
    throw new Error(`BACKUP_DIR（${dir}）不能在 DATA_DIR 之内：嵌入式数据库的转储会把它一起打包 / BACKUP_DIR must not be inside DATA_DIR`);
  }
  return dir;
}
