/** The OGC API – Features paths for the served OpenAPI document (server/openapi/document.ts). */
import { z } from 'zod';
import type { OpenApiOperation, OpenApiPaths } from '@/server/openapi/document';
import { FEATURES_READ_SCOPE } from '@/server/clients/client-scopes';
import { FACILITY_KINDS } from '@/server/facilities/facilities.service';
import { DEFAULT_LIMIT, MAX_LIMIT } from './features.service';

const link = z.object({ href: z.string(), rel: z.string(), type: z.string().optional(), title: z.string().optional() });
const exception = z.object({ code: z.string(), description: z.string() });
const collection = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.literal('feature'),
  crs: z.array(z.string()),
  extent: z.object({ spatial: z.object({ bbox: z.array(z.array(z.number()).length(4)), crs: z.string() }) }).optional(),
  links: z.array(link),
});
const feature = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }),
  properties: z
    .object({
      kind: z.string(),
      code: z.string(),
      name: z.string(),
      status: z.string(),
      address: z.string().nullable(),
      sub_district_code: z.string(),
      sub_district_name: z.string().nullable(),
      synthetic: z.boolean().describe('模拟数据 / synthetic demonstration data'),
      area_m2: z.number().optional().describe('面积（平方米，PostGIS 椭球面积），仅面要素 / area, polygons only'),
      updated_at: z.string(),
    })
    .catchall(z.unknown())
    .describe('设施属性，另含各类设施自有属性 / the facility’s properties plus its kind’s own attributes'),
  links: z.array(link),
});
const featureCollection = z.object({
  type: z.literal('FeatureCollection'),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  timeStamp: z.string(),
  links: z.array(link),
  features: z.array(feature),
});

const collectionId = {
  name: 'collectionId',
  in: 'path' as const,
  required: true,
  description: '设施类别 / facility kind',
  schema: z.enum(FACILITY_KINDS.map((k) => k.replace(/_/g, '-')) as [string, ...string[]]),
};
const keyInQuery = {
  name: 'api_key',
  in: 'query' as const,
  required: false,
  description: '不能设置请求头的客户端可在查询参数中携带密钥（链接中随之携带）/ the key, for clients that cannot set headers',
  schema: z.string(),
};
const format = {
  name: 'f',
  in: 'query' as const,
  required: false,
  description: '格式，仅 json / format: json only',
  schema: z.enum(['json', 'geojson']),
};
const refused = { description: '缺少或无效的密钥，且未登录 / no valid key and no session', schema: exception };
const badParameter = { description: '参数无效或未知 / invalid or unknown parameter', schema: exception };

function read(summary: string, description: string, extra: Partial<OpenApiOperation> = {}): OpenApiOperation {
  return {
    method: 'get',
    summary,
    description,
    scope: FEATURES_READ_SCOPE,
    ...extra,
    parameters: [...(extra.parameters ?? []), format, keyInQuery],
    responses: { ...extra.responses, '400': badParameter, '401': refused },
  };
}

export const FEATURES_PATHS: OpenApiPaths = {
  '/api/features': [
    read(
      '要素服务首页 / landing page',
      'OGC API – Features Part 1 landing page: links to the API description, conformance and collections.',
      {
        responses: {
          '200': { description: 'landing page', schema: z.object({ title: z.string(), description: z.string(), links: z.array(link) }) },
        },
      },
    ),
  ],
  '/api/features/conformance': [
    read('符合的标准类 / conformance classes', 'OGC API – Features Part 1 core and GeoJSON.', {
      responses: { '200': { description: 'conformance classes', schema: z.object({ conformsTo: z.array(z.string()) }) } },
    }),
  ],
  '/api/features/collections': [
    read('要素集合（每类设施一个）/ collections, one per facility kind', 'Every facility layer of the map, with its extent in CRS84.', {
      responses: { '200': { description: 'collections', schema: z.object({ links: z.array(link), collections: z.array(collection) }) } },
    }),
  ],
  '/api/features/collections/{collectionId}': [
    read('一个要素集合 / one collection', 'One facility kind.', {
      parameters: [collectionId],
      responses: {
        '200': { description: 'the collection', schema: collection },
        '404': { description: '没有该集合 / no such collection', schema: exception },
      },
    }),
  ],
  '/api/features/collections/{collectionId}/items': [
    read(
      '要素（GeoJSON，分页）/ features, paged',
      `GeoJSON FeatureCollection in CRS84, in id order. limit ${DEFAULT_LIMIT} by default, at most ${MAX_LIMIT} (larger values are clamped); ` +
        'numberMatched counts every match; `next`/`prev` links page through. Simple filters by equality: code, name, status, ' +
        'sub_district_code, synthetic (true|false). 未知参数返回 400 / unknown parameters are refused with 400.',
      {
        parameters: [
          collectionId,
          { name: 'bbox', in: 'query', required: false, description: 'minLng,minLat,maxLng,maxLat (CRS84)', schema: z.string() },
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: `1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}`,
            schema: z.number().int().min(1),
          },
          { name: 'offset', in: 'query', required: false, description: 'features to skip, default 0', schema: z.number().int().min(0) },
          { name: 'code', in: 'query', required: false, description: '设施编号 / facility code', schema: z.string() },
          { name: 'name', in: 'query', required: false, description: '名称 / name', schema: z.string() },
          { name: 'status', in: 'query', required: false, description: '状态 / status', schema: z.string() },
          { name: 'sub_district_code', in: 'query', required: false, description: '街镇代码 / sub-district code', schema: z.string() },
          { name: 'synthetic', in: 'query', required: false, description: '模拟数据 / synthetic data', schema: z.enum(['true', 'false']) },
        ],
        responses: {
          '200': { description: 'features', schema: featureCollection, contentType: 'application/geo+json' },
          '404': { description: '没有该集合 / no such collection', schema: exception },
        },
      },
    ),
  ],
  '/api/features/collections/{collectionId}/items/{featureId}': [
    read('一个要素 / one feature', 'One facility as a GeoJSON Feature.', {
      parameters: [
        collectionId,
        { name: 'featureId', in: 'path', required: true, description: '设施内部编号 / id', schema: z.number().int().positive() },
      ],
      responses: {
        '200': { description: 'the feature', schema: feature, contentType: 'application/geo+json' },
        '404': { description: '没有该要素 / no such feature', schema: exception },
      },
    }),
  ],
};
