/** The bank gateway's payment notification (清费云) in the served OpenAPI document, with the service's own schema. */
import { z } from 'zod';
import type { OpenApiPaths } from '@/server/openapi/document';
import { bankNotification } from './billing.service';

const settled = z.object({ result: z.enum(['paid', 'already_paid']), merchantRef: z.string() });
const refused = z.object({ error: z.string() });

export const FEES_PATHS: OpenApiPaths = {
  '/api/fees/bank/notify': [
    {
      method: 'post',
      summary: '银行支付结果通知 / the bank gateway’s payment notification',
      description:
        '签名方式同合作平台（X-OneMap-Timestamp + X-OneMap-Signature，HMAC-SHA256，密钥为支付通道的通知密钥）。同一笔交易重复通知只入账一次；' +
        '金额须与账单一分不差（票款一致）。 Signed like the partner links with the gateway’s notification secret; a repeated ' +
        'notification settles once; the amount must equal the bill’s to the fen.',
      security: ['partnerSignature'],
      requestBody: { content: { 'application/json': bankNotification } },
      responses: {
        '200': { description: '已入账（或此前已入账） / settled (or already settled)', schema: settled },
        '400': { description: '不是支付通知 / not a payment notification', schema: refused },
        '401': { description: '签名缺失、错误或过期 / signature missing, wrong or stale', schema: refused },
        '404': { description: '未知的支付或未配置通道 / unknown payment or no gateway', schema: refused },
        '409': { description: '金额与账单不符，或已由另一笔交易入账 / amount differs, or settled by another transaction', schema: refused },
      },
    },
  ],
};
