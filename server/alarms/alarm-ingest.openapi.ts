/** Alarm ingest from sensor gateways in the served OpenAPI document, with the route's own schemas. */
import { z } from 'zod';
import { apiErrorSchema } from '@/server/http/error-schema';
import type { OpenApiPaths } from '@/server/openapi/document';
import { alarmBatchSchema, alarmItemSchema } from './alarm-ingest.route';

export const alarmIngestReplySchema = z.object({
  raised: z.number().int(),
  merged: z.number().int(),
  reopened: z.number().int(),
  cleared: z.number().int(),
  unchanged: z.number().int(),
});

export const ALARM_INGEST_PATHS: OpenApiPaths = {
  '/api/ingest/alarms': [
    {
      method: 'post',
      summary: '报警与读数上报 / alarms and readings from sensor gateways',
      description:
        'state 为 fault / ok（恢复）；读数类（异味、满溢、环境）可只送 value，由生效阈值判定。整批校验后一次写入。' +
        ' `state` is fault or ok (recovery); reading types may send `value`, judged by the active thresholds.',
      security: ['deviceKey'],
      requestBody: { content: { 'application/json': alarmBatchSchema.extend({ alarms: z.array(alarmItemSchema).min(1).max(5000) }) } },
      responses: {
        '200': { description: '已处理 / applied', schema: alarmIngestReplySchema },
        '400': { description: '格式不合格 / malformed', schema: apiErrorSchema },
        '401': { description: '密钥缺失或错误 / missing or wrong key', schema: apiErrorSchema },
        '404': { description: '未知网关或设施 / unknown gateway or facility', schema: apiErrorSchema },
        '413': { description: '超过 5000 条 / more than 5000 items', schema: apiErrorSchema },
      },
    },
  ],
};
