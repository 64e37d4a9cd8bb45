/** Device ingest (positions, OsmAnd / Traccar Client) in the served OpenAPI document, with the routes' own schemas. */
import { z } from 'zod';
import { apiErrorSchema } from '@/server/http/error-schema';
import type { OpenApiPaths } from '@/server/openapi/document';
import { positionsBatchSchema } from './json-batch';
import { traccarJson } from './osmand';

/** POST /api/ingest/positions answers this: every position stored, and which were not drawn and why. */
export const positionsReplySchema = z.object({
  accepted: z.number().int(),
  applied: z.number().int(),
  ignored: z.array(z.object({ index: z.number().int(), reason: z.enum(['stale']) })),
});

/** GET|POST /api/ingest/osmand answers this. */
export const osmandReplySchema = z.object({
  outcome: z.enum(['applied', 'ignored', 'recorded']),
  reason: z.enum(['stale', 'invalid']).optional(),
  alarm: z.string().optional(),
});

const refusals = {
  '400': { description: '格式、坐标、时间不合格 / malformed, out of range, outside Shanghai, bad timestamp', schema: apiErrorSchema },
  '401': { description: '密钥缺失或错误 / missing or wrong device key', schema: apiErrorSchema },
  '404': { description: '未知设备 / unknown device', schema: apiErrorSchema },
  '413': { description: '超过 5000 条或 2 MB / too many positions or too large', schema: apiErrorSchema },
};

const q = (name: string, description: string, schema: z.ZodType = z.string(), required = false) => ({
  name,
  in: 'query' as const,
  required,
  description,
  schema,
});

const OSMAND_PARAMETERS = [
  q('id', '单元编号，可带密钥 UNIT:KEY / the unit code, optionally UNIT:KEY', z.string(), true),
  q('key', '设备密钥 / device key'),
  q('lat', 'WGS84 纬度 / latitude', z.number()),
  q('lon', 'WGS84 经度 / longitude', z.number()),
  q('location', 'lat,lon（替代 lat/lon）'),
  q('timestamp', 'Unix 秒或毫秒，或带时区的 ISO 8601 / epoch seconds or ms, or ISO 8601 with a zone'),
  q('speed', '速度（节）/ speed in knots', z.number()),
  q('bearing', '方向（度）/ heading in degrees', z.number()),
  q('accuracy', '精度（米）/ accuracy in metres', z.number()),
  q('valid', 'false：设备标记定位无效 / the device marks the fix invalid'),
  q('batt', '电量百分比 / battery percent', z.number()),
  q('charge', 'true：充电中 / charging'),
  q('cell', '基站 mcc,mnc,lac,cid'),
  q('wifi', 'Wi-Fi mac,rssi'),
  q('notificationToken', '推送令牌 / push token'),
  q('alarm', '设备报警，sos 为一键求助 / device alarm; sos raises a critical alarm'),
];

export const DEVICE_INGEST_PATHS: OpenApiPaths = {
  '/api/ingest/positions': [
    {
      method: 'post',
      summary: '定位批量上报 / a batch of positions',
      description: '整批校验后一次写入；每条都入历史，旧于当前显示的真实定位不回退地图并在答复中说明。',
      security: ['deviceKey'],
      requestBody: { content: { 'application/json': positionsBatchSchema } },
      responses: { '200': { description: '已存储 / stored', schema: positionsReplySchema }, ...refusals },
    },
  ],
  '/api/ingest/osmand': [
    {
      method: 'get',
      summary: 'OsmAnd / Traccar Client 上报（查询参数）',
      security: ['deviceKeyInQuery', 'deviceKey'],
      parameters: OSMAND_PARAMETERS,
      responses: { '200': { description: '已处理 / handled', schema: osmandReplySchema }, ...refusals },
    },
    {
      method: 'post',
      summary: 'OsmAnd / Traccar Client 上报（查询、表单或 Traccar Client 9 JSON）',
      security: ['deviceKeyInQuery', 'deviceKey'],
      parameters: OSMAND_PARAMETERS.map((p) => ({ ...p, required: false })),
      requestBody: {
        description: '参数可在查询串、表单或 JSON（Traccar Client 9+）中',
        content: { 'application/x-www-form-urlencoded': z.record(z.string(), z.string()), 'application/json': traccarJson },
      },
      responses: { '200': { description: '已处理 / handled', schema: osmandReplySchema }, ...refusals },
    },
  ],
};
