/**
 * The PostgreSQL client tools (pg_dump, pg_restore, pg_basebackup) of this machine. pg_dump cannot dump a server newer than
 * itself, and an archive from a newer pg_dump cannot be read by an older pg_restore, so the major versions are
 * checked first and a mismatch is refused with what to install.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore' | 'pg_basebackup';

export async function toolMajor(tool: PgTool): Promise<number> {
  const { stdout } = await run(tool, ['--version']).catch(() => {
    throw new Error(`找不到 ${tool}，请安装 PostgreSQL 客户端工具 / ${tool} is not installed (postgresql-client)`);
  });
  const major = /\(PostgreSQL\)\s+(\d+)/.exec(stdout)?.[1];
  if (!major) throw new Error(`无法识别 ${tool} 的版本 / unrecognised ${tool} version: ${stdout.trim()}`);
  return Number(major);
}

/** Throws unless the tool can work with a server of this version ("15.18 (Debian …)"). */
export async function requireToolFor(tool: PgTool, serverVersion: string): Promise<void> {
  const server = Number(/^(\d+)/.exec(serverVersion)?.[1]);
  if (!Number.isInteger(server)) throw new Error(`无法识别数据库服务器版本 / unrecognised server version: ${serverVersion}`);
  const client = await toolMajor(tool);
  if (client < server) {
    throw new Error(
      `${tool} ${client} 比数据库服务器 ${server} 旧，无法处理；请安装 postgresql-client-${server} / ${tool} ${client} is older than the server (${server}); install postgresql-client-${server}`,
    );
  }
}

/** Runs a tool with the password in the environment rather than on the command line (ps shows arguments). */
export async function runTool(tool: PgTool, args: string[], databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  // The child inherits this process's environment (PATH, PG* settings); no OneMap setting is read here.
  // eslint-disable-next-line no-restricted-properties
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  await run(tool, [...args, '--dbname', url.toString()], { env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stderr?: string; message: string }) => {
      throw new Error(`${tool} 失败 / ${tool} failed: ${(error.stderr || error.message).trim()}`);
    },
  );
}
