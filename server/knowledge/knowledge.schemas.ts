/** Input and output shapes of the knowledge base (validated at every boundary; used by tRPC and the terminal API). */
import { z } from 'zod';

export const ENTRY_TYPES = ['matter', 'topic', 'policy', 'material', 'form', 'qa', 'wiki'] as const;
export const SOURCE_KINDS = ['manual', 'docx', 'html', 'hotline', 'import'] as const;
export const CHECKLIST = ['truthful', 'complete', 'safe', 'legitimateSource'] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const entryInput = z
  .object({
    type: z.enum(ENTRY_TYPES),
    title: z.string().trim().min(2, '标题至少两个字').max(200, '标题不超过 200 字'),
    questions: z.array(z.string().trim().min(2).max(200)).max(30).default([]),
    answer: z.string().trim().max(4000).default(''),
    body: z.string().max(200_000).default(''),
    category: z.string().max(40).nullable().default(null),
    tags: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
    area: z.string().max(40).nullable().default(null),
    departmentId: z.number().int().positive().nullable().default(null),
    sourceKind: z.enum(SOURCE_KINDS).default('manual'),
    sourceRef: z.string().max(500).nullable().default(null),
    validFrom: day.nullable().default(null),
    validUntil: day.nullable().default(null),
    sensitive: z.boolean().default(false),
  })
  .refine((e) => !e.validFrom || !e.validUntil || e.validFrom <= e.validUntil, { message: '有效期起始不能晚于截止', path: ['validUntil'] })
  .refine((e) => e.answer.length > 0 || e.body.length > 0, { message: '答案和正文不能都为空', path: ['answer'] });
export type EntryInput = z.input<typeof entryInput>;
export type ParsedEntry = z.output<typeof entryInput>;

export const duplicateView = z.object({ entryId: z.number(), title: z.string(), score: z.number() });

/** A file offered with an entry version; `id` is what the download address names. */
export const attachmentView = z
  .object({ id: z.number().int(), fileName: z.string(), mediaType: z.string(), byteSize: z.number().int() })
  .meta({ id: 'KnowledgeAttachment', description: '条目附件（表单、材料样张等）' });
export type AttachmentView = z.infer<typeof attachmentView>;

export const highlightedText = z.array(z.object({ text: z.string(), hit: z.boolean() }));

export const searchHitView = z.object({
  entryId: z.number(),
  version: z.number(),
  type: z.enum(ENTRY_TYPES),
  title: highlightedText,
  answer: highlightedText,
  score: z.number(),
  sensitive: z.boolean(),
  synthetic: z.boolean(),
  /** The published version's files, to download beside the answer. */
  attachments: z.array(attachmentView),
  source: z.object({
    department: z.string().nullable(),
    kind: z.enum(SOURCE_KINDS),
    reference: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
  }),
});
export type SearchHit = z.infer<typeof searchHitView>;

export const searchResultView = z.object({
  query: z.string(),
  terms: z.array(z.string()),
  hits: z.array(searchHitView),
  answered: z.boolean(),
});

export const versionView = z.object({
  entryId: z.number(),
  version: z.number(),
  status: z.enum(['draft', 'proposed', 'approved', 'returned']),
  published: z.boolean(),
  type: z.enum(ENTRY_TYPES),
  title: z.string(),
  questions: z.array(z.string()),
  answer: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  area: z.string().nullable(),
  departmentId: z.number().nullable(),
  sourceKind: z.enum(SOURCE_KINDS),
  sourceRef: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  sensitive: z.boolean(),
  editedAt: z.date(),
  decisionNote: z.string().nullable(),
  attachments: z.array(attachmentView),
});
export type VersionView = z.infer<typeof versionView>;
