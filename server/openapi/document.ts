/**
 * The one served OpenAPI document (/api/openapi.json). Response bodies come from the same zod schemas the routes
 * answer with, converted by zod v4's own z.toJSONSchema; each outside-facing feature adds its paths to PATH_GROUPS.
 */
import { z } from 'zod';
import { KNOWLEDGE_TERMINAL_PATHS } from '@/server/knowledge/terminal.openapi';

export interface OpenApiOperation {
  method: 'get' | 'post';
  summary: string;
  description?: string;
  /** The outside-client scope the key must hold. */
  scope?: string;
  parameters?: Array<{ name: string; in: 'query' | 'path'; required: boolean; description: string; schema: z.ZodType }>;
  responses: Record<string, { description: string; schema?: z.ZodType }>;
}

export type OpenApiPaths = Record<string, OpenApiOperation[]>;

const PATH_GROUPS: OpenApiPaths[] = [KNOWLEDGE_TERMINAL_PATHS];

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any' });
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const group of PATH_GROUPS) {
    for (const [path, operations] of Object.entries(group)) {
      paths[path] ??= {};
      for (const op of operations) {
        paths[path][op.method] = {
          summary: op.summary,
          description: op.description,
          security: op.scope ? [{ apiKey: [] }] : undefined,
          'x-scope': op.scope,
          parameters: (op.parameters ?? []).map((p) => ({
            name: p.name,
            in: p.in,
            required: p.required,
            description: p.description,
            schema: jsonSchema(p.schema),
          })),
          responses: Object.fromEntries(
            Object.entries(op.responses).map(([status, r]) => [
              status,
              { description: r.description, ...(r.schema ? { content: { 'application/json': { schema: jsonSchema(r.schema) } } } : {}) },
            ]),
          ),
        };
      }
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'OneMap 长宁区绿化和市容 对外接口',
      version: '1.0.0',
      description: '外部接入方使用系统管理员签发的密钥（X-Api-Key）调用。',
    },
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
    paths,
  };
}
