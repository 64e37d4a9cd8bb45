/**
 * POST /api/partners/{city_ops|hotline_12345}/orders — orders from the district city-operations platform (区城运)
 * and the 12345 hotline (the JSON is documented in partner-messages.ts). Checked in this order, before anything is
 * written: known and active partner (404), signature and timestamp (401), Idempotency-Key (400), a repeated key
 * (the first answer again, or 409 if the body differs), the body (400). Then the order goes through the same
 * intake as any other (idempotent per the partner's ref), and the answer is kept under the key.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database, PartnerCode } from '@/db/schema';
import type { Clock } from '@/server/clock';
import type { OrderIntake } from '@/server/dispatch/intake';
import { AppError, isAppError } from '@/domain/errors';
import type { AuditCallerRefusal } from '@/server/audit/audit';
import { sendError, sendJson } from '@/server/http/request';
import type { HttpRoute } from '@/server/http/routes';
import { checkSignature, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './hmac';
import { partnerOrderInput } from './partner-messages';
import { findPartner, findPartnerRequest, recordPartnerRequest } from './partners.repository';

export const PARTNERS_PATH = '/api/partners';
const ORDERS_PATH = /^\/api\/partners\/(city_ops|hotline_12345)\/orders$/;
const MAX_BODY_BYTES = 256 * 1024;

function partnerError(code: 'BAD_REQUEST' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'CONFLICT', key: string, message: string): AppError {
  return new AppError(code, key, message, { detail: message });
}

async function readRawBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', 'error.badInput', `Body larger than ${MAX_BODY_BYTES} bytes`, {
        detail: `> ${MAX_BODY_BYTES} B`,
      });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** What the inbound route uses: its own partner tables, the time, and the intake every order goes through. */
export interface PartnerRouteDeps {
  db: Kysely<Database>;
  clock: Clock;
  intake: Pick<OrderIntake, 'receive'>;
  /** Records a bad signature with the caller's address (someone may be probing the link). */
  auditRefusal?: AuditCallerRefusal;
}

async function receiveOrder(req: IncomingMessage, res: ServerResponse, partnerCode: PartnerCode, deps: PartnerRouteDeps): Promise<void> {
  const { db, intake } = deps;
  const now = deps.clock.now();
  const partner = await findPartner(db, partnerCode);
  if (!partner?.active) throw partnerError('NOT_FOUND', 'partners.error.unknownPartner', `No active partner ${partnerCode}`);
  const body = await readRawBody(req);
  const check = checkSignature(
    partner.inbound_secret,
    { timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER) },
    body,
    now.getTime(),
  );
  if (check !== 'ok') {
    // A bad signature may be someone probing the link: audited with the caller's address.
    await deps.auditRefusal?.(req, {
      actor: `partner:${partnerCode}`,
      action: 'partners.inbound_signature',
      target: partnerCode,
      reason: check,
    });
  }
  if (check === 'stale')
    throw partnerError('UNAUTHORIZED', 'partners.error.stale', 'X-OneMap-Timestamp missing, malformed or more than 5 minutes off');
  if (check !== 'ok') throw partnerError('UNAUTHORIZED', 'partners.error.signature', 'X-OneMap-Signature missing or wrong');

  const key = header(req, IDEMPOTENCY_HEADER);
  if (!key || key.length > 128)
    throw partnerError('BAD_REQUEST', 'partners.error.idempotencyKey', 'Idempotency-Key header required (1–128 characters)');
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  const earlier = await findPartnerRequest(db, partnerCode, key);
  if (earlier) {
    if (earlier.body_sha256 !== bodySha256)
      throw partnerError('CONFLICT', 'partners.error.idempotencyMismatch', 'Idempotency-Key already used with another body');
    res.setHeader('idempotent-replayed', 'true');
    sendJson(res, earlier.response_status, earlier.response);
    return;
  }

  const remember = (status: number, response: Record<string, unknown>) =>
    recordPartnerRequest(db, { partner: partnerCode, idempotencyKey: key, bodySha256, status, response, at: now });
  try {
    const parsed = partnerOrderInput.safeParse(JSON.parse(body));
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new AppError('BAD_REQUEST', 'error.badInput', detail, { detail });
    }
    const input = parsed.data;
    const result = await intake.receive(
      {
        source: partnerCode,
        externalRef: input.ref,
        categoryCode: input.category ?? null,
        description: input.description,
        address: input.address ?? null,
        location: input.location ? [input.location.lng, input.location.lat] : null,
        urgency: input.urgency,
        reporterName: input.reporter?.name ?? null,
        reporterPhone: input.reporter?.phone ?? null,
        attachments: input.attachments?.map((a) => ({ ...a, purpose: 'report' as const })),
      },
      { userId: null, name: partner.name, role: 'system', unitId: null },
    );
    const status = result.created ? 201 : 200;
    const response = { ref: input.ref, code: result.order.code, status: result.order.status, created: result.created };
    await remember(status, response);
    sendJson(res, status, response);
  } catch (error) {
    // A refusal is as much the answer to this key as a success; a crash is not, so a retry may succeed.
    const appError =
      error instanceof SyntaxError ? new AppError('BAD_REQUEST', 'error.badInput', 'Body is not valid JSON', { detail: 'JSON' }) : error;
    if (isAppError(appError) && appError.httpStatus < 500) {
      await remember(appError.httpStatus, {
        error: { code: appError.code, message: appError.message, messageKey: appError.messageKey, params: appError.params },
      });
    }
    throw appError;
  }
}

export function createPartnerRoutes(deps: PartnerRouteDeps): HttpRoute[] {
  return [
    {
      prefix: PARTNERS_PATH,
      async handle(req, res, url) {
        const match = ORDERS_PATH.exec(url.pathname);
        if (!match)
          return sendError(res, partnerError('NOT_FOUND', 'partners.error.unknownPartner', `No partner endpoint ${url.pathname}`));
        if (req.method !== 'POST') {
          res.setHeader('allow', 'POST');
          return sendJson(res, 405, {
            error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST', messageKey: 'error.badInput', params: { detail: 'POST' } },
          });
        }
        await receiveOrder(req, res, match[1] as PartnerCode, deps);
      },
    },
  ];
}
