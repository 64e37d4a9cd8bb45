/**
 * The demonstration's bank refund desk and 数电票 platform (DEMO_MODE): one local HTTP endpoint playing both
 * outside systems, linked to OneMap as partners with fresh keys at every start (a partner an administrator
 * configured for real is left alone). It receives OneMap's signed requests from the partner outbox — refunds and
 * invoice requests — checks the signature, takes each request once (by its Idempotency-Key), answers 202 at once
 * and, a moment later, posts its signed result back as the real systems would: the refund done, the invoice issued
 * with its number, PDF and XML. Everything it issues says it is simulated.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { Clock } from '@/server/clock';
import { BANK_REFUND_NOTIFY_PATH, EINVOICE_NOTIFY_PATH } from '@/server/fees/fee-notify.routes';
import type { RefundResult } from '@/server/fees/refunds.service';
import { checkSignature, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signedHeaders, TIMESTAMP_HEADER } from '@/server/partners/hmac';
import type { PartnerDeliveryService } from '@/server/partners/partner-delivery.service';
import { findPartner } from '@/server/partners/partners.repository';
import { DEMO_PARTNER_MARK } from './demo-platforms';
import { type InvoiceRequest, simulatedInvoiceNumber, simulatedInvoiceResult } from './einvoice-documents';
import { logFor } from '@/server/ops/log';

const log = logFor('fee-counterparties');

const RESULT_DELAY_MS = 400;

interface Link {
  /** OneMap signs its requests to us with this. */
  outboundSecret: string;
  /** We sign our results to OneMap with this (the 数电票 platform); the bank uses its gateway secret. */
  inboundSecret: string;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class FeeCounterparties {
  private server: Server | null = null;
  private readonly seen = new Set<string>();
  private readonly links = new Map<'fee_bank' | 'einvoice', Link>();
  private sequence = 0;

  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; deliveries: PartnerDeliveryService; baseUrl: string }) {}

  /** Listens, links the simulated systems that no real configuration occupies; returns which were linked. */
  async start(): Promise<string[]> {
    this.sequence = Number(this.deps.clock.now().getTime() % 1e9) * 1000;
    this.server = createServer((req, res) => {
      void this.handle(req)
        .then((status) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: status === 202 })))
        .catch(() => res.writeHead(500).end());
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const { port } = this.server.address() as AddressInfo;
    const linked: string[] = [];
    const names = { fee_bank: '清费云收款银行', einvoice: '数电票开票平台' } as const;
    for (const code of ['fee_bank', 'einvoice'] as const) {
      const existing = await findPartner(this.deps.db, code);
      // Linked for real by an administrator: left alone. (Unlinked, the migration's inactive row is taken over.)
      if (existing?.active && !existing.name.endsWith(DEMO_PARTNER_MARK)) continue;
      const link: Link = { outboundSecret: randomBytes(24).toString('hex'), inboundSecret: randomBytes(24).toString('hex') };
      await this.deps.deliveries.configurePartner({
        code,
        name: `${names[code]}${DEMO_PARTNER_MARK}`,
        inboundSecret: link.inboundSecret,
        outboundUrl: `http://127.0.0.1:${port}/${code}`,
        outboundSecret: link.outboundSecret,
        active: true,
      });
      this.links.set(code, link);
      linked.push(code);
    }
    return linked;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const body = await bodyOf(req);
    const code = req.url === '/fee_bank' ? 'fee_bank' : req.url === '/einvoice' ? 'einvoice' : null;
    const link = code ? this.links.get(code) : undefined;
    if (!code || !link || req.method !== 'POST') return 404;
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const signature = { timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) };
    if (checkSignature(link.outboundSecret, signature, body, this.deps.clock.now().getTime()) !== 'ok') return 401;
    const key = `${code}:${header(IDEMPOTENCY_HEADER) ?? ''}`;
    if (this.seen.has(key)) return 202;
    this.seen.add(key);
    const message = JSON.parse(body) as Record<string, unknown>;
    // The result follows the acceptance, as with the real systems (asynchronous).
    setTimeout(() => {
      const send = code === 'fee_bank' ? this.refunded(message) : this.issued(message as unknown as InvoiceRequest, link);
      send.catch((error: unknown) => log.warn(`${code} result not delivered`, { err: error }));
    }, RESULT_DELAY_MS).unref();
    return 202;
  }

  private async refunded(message: Record<string, unknown>): Promise<void> {
    const gateway = await this.deps.db.selectFrom('fee_bank_gateway').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!gateway) return;
    const now = this.deps.clock.now();
    const result: RefundResult = {
      merchantId: gateway.merchant_id,
      refundNo: String(message.refundNo),
      refundTxn: `SIMREFUND${now.getTime()}${randomBytes(2).toString('hex').toUpperCase()}`,
      amountFen: Number(message.amountFen),
      refundedAt: now.toISOString(),
    };
    await this.post(BANK_REFUND_NOTIFY_PATH, gateway.notify_secret, result, result.refundTxn);
  }

  private async issued(request: InvoiceRequest, link: Link): Promise<void> {
    const now = this.deps.clock.now();
    const result = await simulatedInvoiceResult(request, simulatedInvoiceNumber(now, ++this.sequence), now);
    await this.post(EINVOICE_NOTIFY_PATH, link.inboundSecret, result, request.requestNo);
  }

  private async post(path: string, secret: string, payload: unknown, key: string): Promise<void> {
    const body = JSON.stringify(payload);
    const response = await fetch(new URL(path, this.deps.baseUrl), {
      method: 'POST',
      headers: signedHeaders(secret, this.deps.clock.now().getTime(), body, key),
      body,
    });
    await response.body?.cancel();
  }
}
