/** The knowledge terminal API's paths for the served OpenAPI document. */
import { z } from 'zod';
import type { OpenApiPaths } from '@/server/openapi/document';
import { apiError, terminalAttachments, terminalEntry, terminalSearchResult } from './terminal.schemas';

const refused = { description: '密钥缺失、无效或已停用', schema: apiError };
const entryId = { name: 'id', in: 'path' as const, required: true, description: '条目编号', schema: z.number().int().positive() };

export const KNOWLEDGE_TERMINAL_PATHS: OpenApiPaths = {
  '/api/knowledge/v1/search': [
    {
      method: 'get',
      summary: '知识问答检索',
      description: 'BM25 字段加权检索已发布条目；返回命中词高亮片段与来源。敏感条目仅对持有 knowledge:sensitive 权限的终端返回。',
      scope: 'knowledge:read',
      parameters: [
        { name: 'q', in: 'query', required: true, description: '问题（不超过 200 字）', schema: z.string().max(200) },
        { name: 'limit', in: 'query', required: false, description: '返回条数，1–20，默认 5', schema: z.number().int().min(1).max(20) },
      ],
      responses: {
        '200': { description: '检索结果', schema: terminalSearchResult },
        '400': { description: '问题为空', schema: apiError },
        '401': refused,
      },
    },
  ],
  '/api/knowledge/v1/entries/{id}': [
    {
      method: 'get',
      summary: '读取已发布条目',
      scope: 'knowledge:read',
      parameters: [entryId],
      responses: {
        '200': { description: '条目当前发布版本', schema: terminalEntry },
        '401': refused,
        '404': { description: '不存在或未发布', schema: apiError },
      },
    },
  ],
  '/api/knowledge/v1/entries/{id}/attachments': [
    {
      method: 'get',
      summary: '已发布条目的附件列表',
      description: '当前发布版本的附件（表单、材料样张等）：文件名、类型、字节数。敏感条目仅对持有 knowledge:sensitive 权限的终端返回。',
      scope: 'knowledge:read',
      parameters: [entryId],
      responses: {
        '200': { description: '附件列表（可为空）', schema: terminalAttachments },
        '401': refused,
        '404': { description: '不存在或未发布', schema: apiError },
      },
    },
  ],
  '/api/knowledge/v1/entries/{id}/attachments/{attachmentId}': [
    {
      method: 'get',
      summary: '下载已发布条目的附件',
      description:
        '文件原样返回，Content-Type 为其类型，Content-Disposition 以 filename*（RFC 5987，UTF-8）给出原文件名。' +
        '只提供当前发布版本的附件；敏感条目的附件需 knowledge:sensitive 权限。',
      scope: 'knowledge:read',
      parameters: [
        entryId,
        { name: 'attachmentId', in: 'path', required: true, description: '附件编号（见附件列表）', schema: z.number().int().positive() },
      ],
      responses: {
        '200': { description: '文件内容', schema: z.string().meta({ format: 'binary' }), contentType: 'application/octet-stream' },
        '401': refused,
        '403': { description: '敏感条目的附件，终端无 knowledge:sensitive 权限', schema: apiError },
        '404': { description: '附件不存在、不属于该条目或条目未发布', schema: apiError },
      },
    },
  ],
};
