/**
 * Graceful shutdown of the HTTP side. On SIGTERM (systemd stop, a rolling restart behind nginx) the process stops
 * accepting connections at once (nginx then sends new requests to the other processes: a refused connection is its
 * signal to try the next upstream), answers what is in flight — an ingest batch acknowledged is a batch written — and
 * only then stops its jobs and closes the database.
 * Requests that outlive the grace period are cut, and counted in the log.
 */
import type { Server, ServerResponse } from 'node:http';

export class HttpDrain {
  private inFlight = 0;
  private draining = false;
  private idleWaiters: Array<() => void> = [];

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Counts one request until its response is finished or its connection is gone. */
  track(res: ServerResponse): void {
    this.inFlight += 1;
    // A keep-alive client must not send its next request to a process that is stopping.
    if (this.draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
  }

  /**
   * Stops accepting, waits up to `graceMs` for the requests in flight, then closes what is left.
   * Resolves with how many requests had to be cut.
   */
  async drain(server: Server, graceMs: number): Promise<{ cut: number; waitedMs: number }> {
    const started = performance.now();
    this.draining = true;
    server.close();
    server.closeIdleConnections();
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    const cut = this.inFlight;
    server.closeAllConnections();
    return { cut, waitedMs: Math.round(performance.now() - started) };
  }
}
