/**
 * Starts the real OneMap server (production build) as a child process on a local port for benchmarks, and
 * stops it. The build must exist (`npm run build`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  password(username: string): string;
  stop(): Promise<void>;
}

export async function startProductionServer(options: { port: number; dataDir: string; simulator: boolean }): Promise<RunningServer> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('no production build: run `npm run build` first');
  const child: ChildProcess = spawn('npx', ['tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      SIMULATOR: options.simulator ? 'on' : 'off',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 240 s')), 240_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready on http')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  child.stdout!.resume();
  return {
    baseUrl: `http://localhost:${options.port}`,
    dataDir: options.dataDir,
    password(username: string) {
      const line = readFileSync(join(options.dataDir, 'demo-accounts.txt'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${username}\t`));
      if (!line) throw new Error(`no demo account ${username}`);
      return line.split('\t')[1];
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
}
