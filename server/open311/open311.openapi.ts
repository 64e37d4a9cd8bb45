/**
 * Open311 GeoReport v2 in the served OpenAPI document (the JSON format; every path also answers .xml). The
 * response schemas describe exactly what open311.service.ts writes, and the conformance test checks real answers
 * against them.
 */
import { z } from 'zod';
import type { OpenApiPaths } from '@/server/openapi/document';

const nullableString = z.string().nullable();

export const open311Errors = z.array(z.object({ code: z.number().int(), description: z.string() }));

export const open311Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.string(), formats: z.array(z.string()) }),
  ),
});

export const open311Services = z.array(
  z.object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: z.string(),
    group: z.string(),
  }),
);

export const open311Definition = z.object({ service_code: z.string(), attributes: z.array(z.unknown()) });

export const open311Requests = z.array(
  z.object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string(),
    service_name: nullableString,
    service_code: z.string(),
    description: nullableString,
    agency_responsible: z.string(),
    service_notice: nullableString,
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    expected_datetime: z.string(),
    address: nullableString,
    address_id: nullableString,
    zipcode: nullableString,
    lat: z.number().nullable(),
    long: z.number().nullable(),
    media_url: nullableString,
  }),
);

export const open311Filed = z.array(z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: nullableString }));

export const open311RequestForm = z.object({
  api_key: z.string(),
  service_code: z.string(),
  lat: z.string().optional(),
  long: z.string().optional(),
  address_string: z.string().optional(),
  address_id: z.string().optional(),
  description: z.string().max(4000).optional(),
  media_url: z.string().optional(),
  email: z.string().optional(),
  device_id: z.string().optional(),
  account_id: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  phone: z.string().optional(),
});

const errors = (description: string) => ({ description, schema: open311Errors });
const query = (name: string, description: string) => ({ name, in: 'query' as const, required: false, description, schema: z.string() });

export const OPEN311_PATHS: OpenApiPaths = {
  '/open311/v2/discovery.json': [
    {
      method: 'get',
      summary: 'Open311 服务发现 / discovery',
      responses: { '200': { description: 'discovery', schema: open311Discovery } },
    },
  ],
  '/open311/v2/services.json': [
    { method: 'get', summary: '可报事类别 / service list', responses: { '200': { description: 'services', schema: open311Services } } },
  ],
  '/open311/v2/services/{service_code}.json': [
    {
      method: 'get',
      summary: '类别定义 / service definition',
      parameters: [{ name: 'service_code', in: 'path', required: true, description: 'e.g. lighting.not_lit', schema: z.string() }],
      responses: { '200': { description: 'definition', schema: open311Definition }, '404': errors('service_code not found') },
    },
  ],
  '/open311/v2/requests.json': [
    {
      method: 'get',
      summary: '公开的报事 / public service requests',
      description: '默认近 90 天、至多 1000 条；service_request_id 覆盖其他参数。Default: the last 90 days, at most 1000.',
      parameters: [
        query('service_request_id', '逗号分隔，覆盖其他参数 / comma delimited; overrides all other arguments'),
        query('service_code', '逗号分隔 / comma delimited'),
        query('status', 'open, closed，逗号分隔 / comma delimited'),
        query('start_date', 'W3C，带时区 / W3C date-time with a zone'),
        query('end_date', 'W3C，带时区，跨度不超过 90 天 / at most 90 days after start_date'),
      ],
      responses: { '200': { description: 'requests', schema: open311Requests }, '400': errors('bad argument') },
    },
    {
      method: 'post',
      summary: '提交报事 / file a service request',
      description:
        '位置三选一：lat+long、address_string 或 address_id；照片以 multipart 字段 media 上传。One of lat+long, address_string, address_id; a photo as the multipart field `media`.',
      requestBody: {
        content: {
          'application/x-www-form-urlencoded': open311RequestForm,
          'multipart/form-data': open311RequestForm.extend({ media: z.string().optional() }),
        },
      },
      responses: {
        '201': { description: 'filed', schema: open311Filed },
        '400': errors('missing or bad field, outside the jurisdiction'),
        '403': errors('api_key missing or not valid'),
        '404': errors('service_code not found'),
      },
    },
  ],
  '/open311/v2/requests/{service_request_id}.json': [
    {
      method: 'get',
      summary: '一条报事 / one service request',
      parameters: [{ name: 'service_request_id', in: 'path', required: true, description: 'e.g. LR20261122-000123', schema: z.string() }],
      responses: { '200': { description: 'the request', schema: open311Requests }, '404': errors('service_request_id not found') },
    },
  ],
};
