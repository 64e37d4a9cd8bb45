/**
 * 清费云's outside interfaces in the served OpenAPI document, with the services' own schemas: the bank gateway's
 * payment and refund notifications and the 数电票 platform's invoice results. What OneMap sends them (refund
 * requests, invoice requests) leaves through the partner outbox, signed the same way, with an Idempotency-Key.
 */
import { z } from 'zod';
import type { OpenApiOperation, OpenApiPaths } from '@/server/openapi/document';
import { SIGNED_HEADERS } from '@/server/partners/partners.openapi';
import { bankNotification } from './billing.service';
import { invoiceRequestMessage, invoiceResult } from './invoices.service';
import { refundRequestMessage, refundResult } from './refunds.service';

const refused = z.object({ error: z.string() });
const SIGNED =
  '签名方式同合作平台（X-OneMap-Timestamp + X-OneMap-Signature，HMAC-SHA256 覆盖 "<timestamp>.<原始报文>"）。' +
  ' Signed like the partner links (HMAC-SHA256 over "<timestamp>.<raw body>").';

function signedNotification(summary: string, description: string, body: z.ZodType, ok: z.ZodType, notFound: string): OpenApiOperation[] {
  return [
    {
      method: 'post',
      summary,
      description: `${SIGNED} ${description}`,
      security: ['partnerSignature'],
      requestBody: { content: { 'application/json': body } },
      responses: {
        '200': { description: '已记录（或此前已记录） / recorded (or recorded before)', schema: ok },
        '400': { description: '报文不合格 / not a valid message', schema: refused },
        '401': { description: '签名缺失、错误或过期 / signature missing, wrong or stale', schema: refused },
        '404': { description: notFound, schema: refused },
        '409': { description: '与已记录的结果或账单金额不符 / contradicts what is recorded or the bill’s amount', schema: refused },
      },
    },
  ];
}

export const FEES_PATHS: OpenApiPaths = {
  '/api/fees/bank/notify': signedNotification(
    '银行支付结果通知 / the bank gateway’s payment notification',
    '密钥为支付通道的通知密钥；同一笔交易重复通知只入账一次；金额须与账单一分不差（票款一致）。 The gateway’s notification secret; a ' +
      'repeated notification settles once; the amount must equal the bill’s to the fen.',
    bankNotification,
    z.object({ result: z.enum(['paid', 'already_paid']), merchantRef: z.string() }),
    '未知的支付或未配置通道 / unknown payment or no gateway',
  ),
  '/api/fees/bank/refund-notify': signedNotification(
    '银行退款结果通知 / the bank’s refund result',
    'OneMap 经发件箱向银行发送已审批的退款（refundNo、merchantRef、bankTxn、amountFen、reason）；银行完成后回调此接口，密钥同支付通知。' +
      ' OneMap sends approved refunds through its outbox; the bank posts the result here, signed with the notification secret.',
    refundResult,
    z.object({ result: z.enum(['refunded', 'already_refunded']), refundNo: z.string() }),
    '未知的退款或未配置通道 / unknown refund or no gateway',
  ),
  '/api/fees/einvoice/notify': signedNotification(
    '数电票开具结果 / the 数电票 platform’s invoice result',
    'OneMap 经发件箱发送开票申请（requestNo、kind 蓝字/红字、originalNumber、buyer、seller、item）；平台开具后回调此接口：20 位发票号码、' +
      'PDF（base64）与 XML，或拒绝原因；密钥为 OneMap 给平台的合作方密钥。 OneMap sends invoice requests through its outbox; the platform ' +
      'posts the 20-digit number, the PDF and the XML (or why it refused), signed with the key OneMap gave it.',
    invoiceResult,
    z.object({ result: z.enum(['recorded', 'already_recorded']), requestNo: z.string() }),
    '未知的开票申请或平台未接入 / unknown request or platform not linked',
  ),
};

/** What OneMap sends them, through the partner outbox (Idempotency-Key: onemap-outbox-<id>; retried, dead-lettered). */
export const FEES_WEBHOOKS: OpenApiPaths = {
  feeRefundRequest: [
    {
      method: 'post',
      summary: '退款申请（发往银行）/ a refund request to the bank',
      description: '经第二人审批后发送；银行以 /api/fees/bank/refund-notify 回告结果。 Sent after a second person approved it.',
      security: ['partnerSignature'],
      parameters: SIGNED_HEADERS,
      requestBody: { content: { 'application/json': refundRequestMessage } },
      responses: { '202': { description: '任何 2xx 即视为送达 / any 2xx is delivery' } },
    },
  ],
  feeInvoiceRequest: [
    {
      method: 'post',
      summary: '开票申请（蓝字或红字，发往数电票平台）/ an invoice request (blue or red-letter) to the 数电票 platform',
      description: '缴费入账或核销后申请蓝字发票；退费或撤销核销后申请红字发票；平台以 /api/fees/einvoice/notify 回告。',
      security: ['partnerSignature'],
      parameters: SIGNED_HEADERS,
      requestBody: { content: { 'application/json': invoiceRequestMessage } },
      responses: { '202': { description: '任何 2xx 即视为送达 / any 2xx is delivery' } },
    },
  ],
};
