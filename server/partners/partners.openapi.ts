/**
 * The 区城运 and 12345 links in the served OpenAPI document: the inbound order endpoint, and what OneMap POSTs to
 * a partner (order events and unit positions) as webhooks — signed the same way, with the same idempotency rule.
 */
import { z } from 'zod';
import { apiErrorSchema } from '@/server/http/error-schema';
import type { OpenApiPaths } from '@/server/openapi/document';
import { partnerEventMessage, partnerOrderInput, partnerOrderReply, partnerPositionsMessage } from './partner-messages';

export const SIGNED_HEADERS = [
  {
    name: 'X-OneMap-Timestamp',
    in: 'header' as const,
    required: true,
    description: 'Unix 毫秒，与服务器时钟相差不超过 5 分钟 / Unix ms within 5 minutes',
    schema: z.string(),
  },
  {
    name: 'X-OneMap-Signature',
    in: 'header' as const,
    required: true,
    description: 'sha256=<hex HMAC-SHA256("<timestamp>.<raw body>", shared secret)>',
    schema: z.string(),
  },
  {
    name: 'Idempotency-Key',
    in: 'header' as const,
    required: true,
    description:
      '同一键重发得到第一次的答复；键相同而内容不同为 409 / the same key again gets the first answer; another body under it is 409',
    schema: z.string().max(200),
  },
];

export const PARTNER_PATHS: OpenApiPaths = {
  '/api/partners/{partner}/orders': [
    {
      method: 'post',
      summary: '对接平台派来的工单 / an order from 区城运 or 12345',
      description:
        '按 ref 幂等：同一 ref 再次送达答 200 且 created=false。Idempotent per ref: the same ref again answers 200, created false.',
      security: ['partnerSignature'],
      parameters: [
        {
          name: 'partner',
          in: 'path',
          required: true,
          description: 'city_ops（区城运）或 hotline_12345',
          schema: z.enum(['city_ops', 'hotline_12345']),
        },
        ...SIGNED_HEADERS,
      ],
      requestBody: { content: { 'application/json': partnerOrderInput } },
      responses: {
        '201': { description: '已立单 / created', schema: partnerOrderReply },
        '200': { description: '该 ref 已收到 / already received under that ref', schema: partnerOrderReply },
        '400': { description: '内容不合格或缺幂等键 / bad body or no Idempotency-Key', schema: apiErrorSchema },
        '401': { description: '签名错误或过期 / bad or stale signature', schema: apiErrorSchema },
        '404': { description: '未知或停用的平台 / unknown or inactive partner', schema: apiErrorSchema },
        '409': { description: '幂等键被另一内容复用 / Idempotency-Key reused with another body', schema: apiErrorSchema },
      },
    },
  ],
};

/** OneMap → partner, to the endpoint configured per partner; any 2xx is delivery, anything else is retried (8 tries). */
export const PARTNER_WEBHOOKS: OpenApiPaths = {
  orderEvent: [
    {
      method: 'post',
      summary: '工单进展回传 / an order event reported back',
      description: 'Idempotency-Key: onemap-event-<id>；每单按事件顺序送达 / in order per order.',
      security: ['partnerSignature'],
      parameters: SIGNED_HEADERS,
      requestBody: { content: { 'application/json': partnerEventMessage } },
      responses: { '200': { description: '任何 2xx 即视为送达 / any 2xx is delivery' } },
    },
  ],
  unitPositions: [
    {
      method: 'post',
      summary: '作业单位位置（每分钟，仅移动过的）/ unit positions every minute (区城运)',
      description: 'Idempotency-Key: onemap-outbox-<id>.',
      security: ['partnerSignature'],
      parameters: SIGNED_HEADERS,
      requestBody: { content: { 'application/json': partnerPositionsMessage } },
      responses: { '200': { description: '任何 2xx 即视为送达 / any 2xx is delivery' } },
    },
  ],
};
