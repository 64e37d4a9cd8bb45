/** The knowledge terminal API's answers (JSON only: dates as strings), also the source of its OpenAPI description. */
import { z } from 'zod';
import { attachmentView, searchResultView, versionView } from './knowledge.schemas';

export const terminalSearchResult = searchResultView.meta({ id: 'KnowledgeSearchResult', description: '问答检索结果（按相关度排序）' });

// The published version as a terminal reads it: the version's fields less the editorial ones, with the department's name.
export const terminalEntry = versionView
  .pick({
    entryId: true,
    version: true,
    type: true,
    title: true,
    questions: true,
    answer: true,
    body: true,
    category: true,
    tags: true,
    area: true,
    sourceKind: true,
    sourceRef: true,
    validFrom: true,
    validUntil: true,
    attachments: true,
  })
  .extend({ department: z.string().nullable() })
  .meta({ id: 'KnowledgeEntry', description: '已发布的知识条目（当前发布版本）' });

// A published entry's files; each is fetched at …/entries/{entryId}/attachments/{id}.
export const terminalAttachments = z
  .object({ entryId: z.number(), version: z.number(), attachments: z.array(attachmentView) })
  .meta({ id: 'KnowledgeAttachmentList', description: '已发布条目的附件列表（表单、材料样张等）' });

export { apiErrorSchema as apiError } from '@/server/http/error-schema';
