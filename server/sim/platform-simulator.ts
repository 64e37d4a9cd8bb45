/**
 * Plays a linked platform's side (区城运 or 12345) for the demonstration and the tests: an HTTP endpoint that
 * receives OneMap's reports (checks their signature, drops repeats by Idempotency-Key, can be told to fail), and
 * a client that sends orders to OneMap signed the way the interface requires. It listens only when started.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PartnerCode } from '@/db/schema';
import { checkSignature, IDEMPOTENCY_HEADER, signedHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@/server/partners/hmac';
import type { PartnerEventMessage, PartnerOrderInput, PartnerPositionsMessage } from '@/server/partners/partner-messages';

export interface ReceivedReport {
  idempotencyKey: string;
  message: PartnerEventMessage;
}

export interface PlatformSimulator {
  /** Where OneMap should report to. */
  reportUrl: string;
  /** Reports received, once each, in arrival order. */
  reports: ReceivedReport[];
  /** Batches of unit positions received (区城运), once each. */
  positionBatches: PartnerPositionsMessage[];
  /** Positions received in all batches, including those no longer kept. */
  positionsReceived: number;
  /** Requests refused because the signature did not check out. */
  rejected: number;
  /** Answer the next `count` reports with this HTTP status instead of 200. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the platform's receiving endpoint on a random local port. `now` is the platform's clock (Unix ms). */
export async function startPlatformSimulator(options: { secret: string; now?: () => number; keep?: number }): Promise<PlatformSimulator> {
  const keep = options.keep ?? Infinity;
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  let failures: { count: number; status: number } = { count: 0, status: 503 };
  const state = { reports: [] as ReceivedReport[], positionBatches: [] as PartnerPositionsMessage[], positionsReceived: 0, rejected: 0 };
  const server: Server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      if (
        checkSignature(options.secret, { timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) }, body, now()) !== 'ok'
      ) {
        state.rejected++;
        res.writeHead(401).end();
        return;
      }
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        res.writeHead(failures.status).end();
        return;
      }
      const key = header(IDEMPOTENCY_HEADER) ?? '';
      if (!seen.has(key)) {
        seen.add(key);
        const message = JSON.parse(body) as PartnerEventMessage | PartnerPositionsMessage;
        if ('positions' in message) {
          state.positionBatches.push(message);
          state.positionsReceived += message.positions.length;
        } else state.reports.push({ idempotencyKey: key, message });
        // A long-running demonstration keeps only the latest.
        if (state.reports.length > keep) state.reports.splice(0, state.reports.length - keep);
        if (state.positionBatches.length > keep) state.positionBatches.splice(0, state.positionBatches.length - keep);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    reportUrl: `http://127.0.0.1:${port}/reports`,
    get reports() {
      return state.reports;
    },
    get positionBatches() {
      return state.positionBatches;
    },
    get positionsReceived() {
      return state.positionsReceived;
    },
    get rejected() {
      return state.rejected;
    },
    failNext(count, status = 503) {
      failures = { count, status };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends an order to OneMap as the platform would. */
export async function sendOrderToOneMap(
  baseUrl: string,
  partner: PartnerCode,
  secret: string,
  order: PartnerOrderInput,
  options: { idempotencyKey: string; timestampMs?: number; body?: string },
): Promise<{ status: number; body: Record<string, unknown>; replayed: boolean }> {
  const body = options.body ?? JSON.stringify(order);
  const response = await fetch(`${baseUrl}/api/partners/${partner}/orders`, {
    method: 'POST',
    headers: signedHeaders(secret, options.timestampMs ?? Date.now(), body, options.idempotencyKey),
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    replayed: response.headers.get('idempotent-replayed') === 'true',
  };
}
