/**
 * POST /api/fees/bank/notify — the bank gateway's notification that a payment went through (JSON, see
 * BillingService.bankNotification), signed like the partner links: `X-OneMap-Timestamp` and
 * `X-OneMap-Signature: sha256=<HMAC over "<timestamp>.<raw body>">` with the gateway's shared secret. Answers 200
 * for a settled payment (again for a repeat), 401 for a bad signature, 409 for a wrong amount, 404 for an unknown one.
 */
import { AppError } from '@/domain/errors';
import { readBody, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@/server/partners/hmac';
import type { BillingService } from './billing.service';

export const BANK_NOTIFY_PATH = '/api/fees/bank/notify';
const MAX_BODY_BYTES = 16 * 1024;

export function createBankNotifyRoute(deps: { billing: BillingService }): HttpRoute {
  return {
    prefix: BANK_NOTIFY_PATH,
    async handle(req, res, url) {
      if (req.method !== 'POST' || url.pathname !== BANK_NOTIFY_PATH)
        throw new AppError('NOT_FOUND', 'error.notFound', 'No such endpoint', { what: url.pathname });
      const body = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      const outcome = await deps.billing.receiveNotification(body, {
        timestamp: header(TIMESTAMP_HEADER),
        signature: header(SIGNATURE_HEADER),
      });
      sendJson(res, outcome.status, outcome.body);
    },
  };
}
