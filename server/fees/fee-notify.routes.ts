/**
 * The outside systems' signed notifications to 清费云 (documented in the served OpenAPI document), each signed like
 * the partner links — `X-OneMap-Timestamp` and `X-OneMap-Signature: sha256=<HMAC over "<timestamp>.<raw body>">`:
 * - POST /api/fees/bank/notify         the bank: a payment went through (the gateway's notification secret);
 * - POST /api/fees/bank/refund-notify  the bank: a refund went through (the same secret);
 * - POST /api/fees/einvoice/notify     the 数电票 platform: an invoice request was issued or refused (the key
 *                                      OneMap gave the platform as a linked partner).
 * Each answers 200 when recorded (again for a repeat), 401 for a bad signature, 400/404/409 otherwise.
 */
import { AppError } from '@/domain/errors';
import { readBody, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@/server/partners/hmac';
import type { BillingService } from './billing.service';
import type { InvoiceService } from './invoices.service';
import type { RefundsService } from './refunds.service';

export const BANK_NOTIFY_PATH = '/api/fees/bank/notify';
export const BANK_REFUND_NOTIFY_PATH = '/api/fees/bank/refund-notify';
export const EINVOICE_NOTIFY_PATH = '/api/fees/einvoice/notify';

type SignedHeaders = { timestamp?: string; signature?: string };
type Receiver = (rawBody: string, headers: SignedHeaders) => Promise<{ status: number; body: unknown }>;

/** One signed POST endpoint: the raw body (the signature covers it byte for byte) and the two headers. */
function signedNotifyRoute(path: string, maxBodyBytes: number, receive: Receiver): HttpRoute {
  return {
    prefix: path,
    async handle(req, res, url) {
      if (req.method !== 'POST' || url.pathname !== path)
        throw new AppError('NOT_FOUND', 'error.notFound', 'No such endpoint', { what: url.pathname });
      const body = (await readBody(req, maxBodyBytes)).toString('utf8');
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      const outcome = await receive(body, { timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) });
      sendJson(res, outcome.status, outcome.body);
    },
  };
}

export function createFeeNotifyRoutes(deps: { billing: BillingService; refunds: RefundsService; invoices: InvoiceService }): HttpRoute[] {
  return [
    signedNotifyRoute(BANK_NOTIFY_PATH, 16 * 1024, (body, headers) => deps.billing.receiveNotification(body, headers)),
    signedNotifyRoute(BANK_REFUND_NOTIFY_PATH, 16 * 1024, (body, headers) => deps.refunds.receiveResult(body, headers)),
    // An invoice result carries its PDF and XML.
    signedNotifyRoute(EINVOICE_NOTIFY_PATH, 6 * 1024 * 1024, (body, headers) => deps.invoices.receiveResult(body, headers)),
  ];
}
