/** The knowledge terminal API's answers (JSON only: dates as strings), also the source of its OpenAPI description. */
import { z } from 'zod';
import { ENTRY_TYPES, searchResultView, SOURCE_KINDS } from './knowledge.schemas';

export const terminalSearchResult = searchResultView.meta({ id: 'KnowledgeSearchResult', description: '问答检索结果（按相关度排序）' });

export const terminalEntry = z
  .object({
    entryId: z.number(),
    version: z.number(),
    type: z.enum(ENTRY_TYPES),
    title: z.string(),
    questions: z.array(z.string()),
    answer: z.string(),
    body: z.string(),
    category: z.string().nullable(),
    tags: z.array(z.string()),
    area: z.string().nullable(),
    department: z.string().nullable(),
    sourceKind: z.enum(SOURCE_KINDS),
    sourceRef: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
  })
  .meta({ id: 'KnowledgeEntry', description: '已发布的知识条目（当前发布版本）' });

export const apiError = z
  .object({ error: z.object({ code: z.string(), message: z.string(), messageKey: z.string().optional() }) })
  .meta({ id: 'Error' });
