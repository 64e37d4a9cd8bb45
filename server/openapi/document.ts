/**
 * The one served OpenAPI 3.1 document (/api/openapi.json) of every outside interface: device and alarm ingest,
 * the 区城运 / 12345 links in both directions (callbacks as webhooks), Open311 and the knowledge terminals. Bodies
 * come from the same zod schemas the routes use or answer with, converted by zod v4's own z.toJSONSchema (JSON
 * Schema 2020-12, the dialect OpenAPI 3.1 uses); each outside-facing feature adds its paths to PATH_GROUPS.
 * tests/integration/openapi-conformance.test.ts sends real requests and checks every answer against this document.
 */
import { z } from 'zod';
import { KNOWLEDGE_TERMINAL_PATHS } from '@/server/knowledge/terminal.openapi';
import { DEVICE_INGEST_PATHS } from '@/server/units/ingest/ingest.openapi';
import { ALARM_INGEST_PATHS } from '@/server/alarms/alarm-ingest.openapi';
import { PARTNER_PATHS, PARTNER_WEBHOOKS } from '@/server/partners/partners.openapi';
import { OPEN311_PATHS } from '@/server/open311/open311.openapi';
import { FEES_PATHS, FEES_WEBHOOKS } from '@/server/fees/fees.openapi';
import { FEATURES_PATHS } from '@/server/features/features.openapi';
import { FACILITY_PUSH_PATHS } from '@/server/facility-import/facility-push.openapi';

/** How a caller proves who it is (components.securitySchemes). */
export type OpenApiSecurity = 'apiKey' | 'deviceKey' | 'deviceKeyInQuery' | 'partnerSignature';

export interface OpenApiOperation {
  method: 'get' | 'post';
  summary: string;
  description?: string;
  /** The outside-client scope the key must hold. */
  scope?: string;
  security?: OpenApiSecurity[];
  parameters?: Array<{ name: string; in: 'query' | 'path' | 'header'; required: boolean; description: string; schema: z.ZodType }>;
  requestBody?: { description?: string; content: Record<string, z.ZodType> };
  responses: Record<string, { description: string; schema?: z.ZodType; contentType?: string }>;
}

export type OpenApiPaths = Record<string, OpenApiOperation[]>;

const PATH_GROUPS: OpenApiPaths[] = [
  DEVICE_INGEST_PATHS,
  ALARM_INGEST_PATHS,
  PARTNER_PATHS,
  OPEN311_PATHS,
  KNOWLEDGE_TERMINAL_PATHS,
  FEES_PATHS,
  FEATURES_PATHS,
  FACILITY_PUSH_PATHS,
];
const WEBHOOK_GROUPS: OpenApiPaths[] = [PARTNER_WEBHOOKS, FEES_WEBHOOKS];

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Record<string, unknown>;
  delete converted.$schema;
  return converted;
}

function operationObject(op: OpenApiOperation): Record<string, unknown> {
  const security = op.security ?? (op.scope ? ['apiKey'] : []);
  return {
    summary: op.summary,
    description: op.description,
    ...(security.length ? { security: security.map((s) => ({ [s]: [] })) } : {}),
    ...(op.scope ? { 'x-scope': op.scope } : {}),
    parameters: (op.parameters ?? []).map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required,
      description: p.description,
      schema: jsonSchema(p.schema, 'input'),
    })),
    ...(op.requestBody
      ? {
          requestBody: {
            required: true,
            description: op.requestBody.description,
            content: Object.fromEntries(
              Object.entries(op.requestBody.content).map(([type, schema]) => [type, { schema: jsonSchema(schema, 'input') }]),
            ),
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema) } } } : {}),
        },
      ]),
    ),
  };
}

function pathItems(groups: readonly OpenApiPaths[]): Record<string, Record<string, unknown>> {
  const items: Record<string, Record<string, unknown>> = {};
  for (const group of groups)
    for (const [path, operations] of Object.entries(group)) {
      items[path] ??= {};
      for (const op of operations) items[path][op.method] = operationObject(op);
    }
  return items;
}

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'OneMap 长宁区绿化和市容 对外接口 / outside interfaces',
      version: '1.1.0',
      description:
        '设备与报警接入、区城运与 12345 双向对接（HMAC 签名、幂等键）、Open311 GeoReport v2 报事、知识库查询终端、' +
        '各设施图层的 OGC API – Features 要素服务（/api/features，GIS 软件直接读取）。' +
        '密钥由系统管理员在“外部接入方与密钥”中签发。Device and alarm ingest, the city-operations and 12345 links in ' +
        'both directions (HMAC-signed, idempotent), Open311 GeoReport v2, the knowledge terminals and every facility layer as OGC API – Features ' +
        '(/api/features, read directly by QGIS or GDAL/OGR); keys are issued ' +
        'by the system administrator. README “Integrating with OneMap” has curl examples.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'A key from the registry of outside clients.' },
        deviceKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Device-Key',
          description:
            'A unit’s device key. It may also travel in the device identifier (UNIT:KEY), as `key` in the query or body, or as HTTP Basic credentials.',
        },
        deviceKeyInQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'A unit’s device key in the query (OsmAnd).' },
        partnerSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-OneMap-Signature',
          description:
            'sha256=<hex HMAC-SHA256 of "<X-OneMap-Timestamp>.<raw body>" with the partner’s shared secret>; X-OneMap-Timestamp is Unix milliseconds within 5 minutes of the server’s clock; Idempotency-Key is required.',
        },
      },
    },
    paths: pathItems(PATH_GROUPS),
    webhooks: pathItems(WEBHOOK_GROUPS),
  };
}

/** Every documented operation as [path, method] (the conformance test walks them). */
export function documentedOperations(): Array<[string, 'get' | 'post']> {
  return PATH_GROUPS.flatMap((group) =>
    Object.entries(group).flatMap(([path, ops]) => ops.map((op): [string, 'get' | 'post'] => [path, op.method])),
  );
}
