/**
 * What the fan-out benchmarks (fanout.ts: one server; cluster-fanout.ts: one or several joined by Redis) share: the
 * server child (fanout-server.ts) started and spoken to over IPC, Socket.IO clients with their TCP byte counts, and
 * an event-loop delay monitor for the measuring process.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { ChildMessage, FanoutServerOptions, ParentMessage } from './fanout-protocol';
import { quantile } from './stats';

type Ready = Extract<ChildMessage, { ready: unknown }>['ready'];
export type ServerCpu = Extract<ChildMessage, { cpu: unknown }>['cpu'];

export interface FanoutServerChild {
  ready: Ready;
  baseUrl: string;
  pid: number;
  send(message: ParentMessage): void;
  /** Ends a CPU window opened with send({ cpu: 'start' }) and gives what the child measured in it. */
  stopCpu(): Promise<ServerCpu>;
  stop(): Promise<void>;
}

export async function startFanoutServer(options: FanoutServerOptions): Promise<FanoutServerChild> {
  // Run from source (tsx) or from an esbuild bundle, the server script sits beside this one with the same extension.
  const fromSource = import.meta.url.endsWith('.ts');
  const serverScript = fileURLToPath(new URL(fromSource ? './fanout-server.ts' : './fanout-server.mjs', import.meta.url));
  const child = fork(serverScript, [JSON.stringify(options)], {
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const first = await new Promise<ChildMessage>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ChildMessage));
    void exited.then((code) => reject(new Error(`fan-out server exited (${code})`)));
  });
  if (!('ready' in first)) throw new Error('fan-out server did not start');
  const send = (message: ParentMessage) => child.send(message);
  return {
    ready: first.ready,
    baseUrl: `http://127.0.0.1:${first.ready.port}`,
    pid: child.pid!,
    send,
    stopCpu() {
      // After start-up the child only ever answers 'cpu' requests.
      const answer = new Promise<ServerCpu>((resolve) => {
        const onMessage = (m: unknown) => {
          const message = m as ChildMessage;
          if ('cpu' in message) {
            child.off('message', onMessage);
            resolve(message.cpu);
          }
        };
        child.on('message', onMessage);
      });
      send({ cpu: 'stop' });
      return answer;
    },
    async stop() {
      if (child.exitCode === null) send({ stop: true });
      await exited;
    },
  };
}

export function connectClient(baseUrl: string, cookie: string): Promise<Socket> {
  const socket = io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** TCP bytes this client's WebSocket has read so far. */
export function bytesRead(socket: Socket): number {
  const transport = socket.io.engine.transport as unknown as { ws?: { _socket?: { bytesRead: number } } };
  return transport.ws?._socket?.bytesRead ?? 0;
}

/** Event-loop delay of this process, sampled every 10 ms; stop() gives the p99. */
export function lagMonitor(): { stop(): number } {
  const samples: number[] = [];
  let expected = performance.now() + 10;
  const timer = setInterval(() => {
    const now = performance.now();
    samples.push(Math.max(0, now - expected));
    expected = now + 10;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return quantile(samples, 0.99);
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
