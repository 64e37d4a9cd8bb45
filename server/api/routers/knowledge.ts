/**
 * The tRPC face of the knowledge base: Q&A for everyone signed in (sensitive entries only with knowledge:sensitive),
 * feedback; writing, proposing and the unanswered list for editors (knowledge:edit); the review queue and
 * decisions for reviewers (knowledge:review; the service refuses the proposer); terminal keys for the system
 * administrator (devices:manage). Everyone reads their district's entries and the city-wide ones and changes only
 * their district's (server/knowledge/knowledge-district.ts); the services refuse the rest.
 */
import { z } from 'zod';
import { attachmentView, CHECKLIST, duplicateView, entryInput, searchResultView, versionView } from '@/server/knowledge/knowledge.schemas';
import { DOCUMENT_NAME, MAX_DOCUMENT_MEGABYTES } from '@/server/knowledge/document-import';
import { readerOf } from '@/server/knowledge/knowledge-access';
import { scopeOf } from '@/domain/tenancy/district-scope';
import { authedProcedure, permittedProcedure, router } from '../trpc';
import { FRESHNESS_BANDS } from '@/server/knowledge/knowledge-stats';
import { MAX_ENTRY_FILE_MEGABYTES } from '@/server/knowledge/entry-import';
import { importReportSchema, spreadsheetUploadSchema } from '@/server/import/upload-schema';
import { actorOf } from './orders';

const savedView = z.object({ entryId: z.number(), version: z.number(), duplicates: z.array(duplicateView) });
const ref = z.object({ entryId: z.number().int().positive(), version: z.number().int().positive() });

export const knowledgeRouter = router({
  ask: authedProcedure
    .input(z.object({ question: z.string().trim().min(1, '请输入问题').max(200, '问题不超过 200 字') }))
    .output(searchResultView)
    .query(({ ctx, input }) => ctx.services.knowledge.search(input.question, { ...readerOf(ctx.user), limit: 5 })),

  entry: authedProcedure
    .input(z.object({ entryId: z.number().int().positive() }))
    .output(versionView.extend({ department: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const reader = readerOf(ctx.user);
      return ctx.services.knowledge.published(input.entryId, reader.canSeeSensitive, reader.scope);
    }),

  feedback: authedProcedure
    .input(z.object({ entryId: z.number().int().positive(), question: z.string().max(200), helpful: z.boolean() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.knowledge.feedback(input.entryId, input.question, input.helpful, actorOf(ctx.user));
      return { ok: true as const };
    }),

  create: permittedProcedure('knowledge:edit')
    .input(entryInput)
    .output(savedView)
    .mutation(({ ctx, input }) => ctx.services.knowledge.create(input, actorOf(ctx.user))),

  edit: permittedProcedure('knowledge:edit')
    .input(z.object({ entryId: z.number().int().positive(), baseVersion: z.number().int().positive(), entry: entryInput }))
    .output(savedView)
    .mutation(({ ctx, input }) => ctx.services.knowledge.edit(input.entryId, input.baseVersion, input.entry, actorOf(ctx.user))),

  versions: permittedProcedure('knowledge:edit', 'knowledge:review')
    .input(z.object({ entryId: z.number().int().positive() }))
    .output(z.array(versionView))
    .query(({ ctx, input }) => ctx.services.knowledge.versions(input.entryId, scopeOf(ctx.user))),

  /** A version's files (added over POST /api/knowledge/files/…, the bytes not travelling inside JSON). */
  attachments: permittedProcedure('knowledge:edit', 'knowledge:review')
    .input(ref)
    .output(z.array(attachmentView))
    .query(({ ctx, input }) => ctx.services.knowledgeAttachments.ofVersion(input.entryId, input.version, scopeOf(ctx.user))),

  removeAttachment: permittedProcedure('knowledge:edit')
    .input(ref.extend({ attachmentId: z.number().int().positive() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.knowledgeAttachments.remove(input.entryId, input.version, input.attachmentId, scopeOf(ctx.user));
      return { ok: true as const };
    }),

  propose: permittedProcedure('knowledge:edit')
    .input(ref)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.knowledge.propose(input.entryId, input.version, actorOf(ctx.user));
      return { ok: true as const };
    }),

  queue: permittedProcedure('knowledge:edit', 'knowledge:review')
    .output(
      z.array(
        z.object({
          entry_id: z.number(),
          version: z.number(),
          title: z.string(),
          type: z.string(),
          proposed_at: z.date().nullable(),
          proposed_by_name: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => ctx.services.knowledge.queue(100, scopeOf(ctx.user))),

  decide: permittedProcedure('knowledge:review')
    .input(
      ref.extend({
        approve: z.boolean(),
        checklist: z.object(Object.fromEntries(CHECKLIST.map((c) => [c, z.boolean()])) as Record<(typeof CHECKLIST)[number], z.ZodBoolean>),
        note: z.string().trim().max(500).nullable(),
      }),
    )
    .output(z.object({ status: z.enum(['approved', 'returned']) }))
    .mutation(({ ctx, input }) =>
      ctx.services.knowledge.decide(
        input.entryId,
        input.version,
        { approve: input.approve, checklist: input.checklist, note: input.note },
        actorOf(ctx.user),
      ),
    ),

  takedown: permittedProcedure('knowledge:review')
    .input(z.object({ entryId: z.number().int().positive(), reason: z.string().trim().min(2, '请说明下架原因').max(200) }))
    .output(z.object({ done: z.boolean() }))
    .mutation(async ({ ctx, input }) => ({ done: await ctx.services.knowledge.takedown(input.entryId, input.reason, actorOf(ctx.user)) })),

  // ——— 采集: documents, 12345 replies, merging near-duplicates ———

  importDocument: permittedProcedure('knowledge:edit')
    .input(
      z.object({
        fileName: z.string().trim().min(1).max(200).regex(DOCUMENT_NAME, '只能导入 .docx 或 .html 文件 / only .docx or .html'),
        base64: z
          .string()
          .min(1)
          .max(
            Math.ceil((MAX_DOCUMENT_MEGABYTES * 1024 * 1024 * 4) / 3),
            `文件超过 ${MAX_DOCUMENT_MEGABYTES} MB / the file is over ${MAX_DOCUMENT_MEGABYTES} MB`,
          ),
        type: entryInput.shape.type.optional(),
      }),
    )
    .output(savedView)
    .mutation(({ ctx, input }) =>
      ctx.services.knowledgeCollection.importDocument(
        { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64') },
        { type: input.type },
        actorOf(ctx.user),
      ),
    ),

  /** 批量导入: a spreadsheet of entries, each good row a draft; modes as in every import (server/knowledge/entry-import.ts). */
  importEntries: permittedProcedure('knowledge:edit')
    .input(spreadsheetUploadSchema(MAX_ENTRY_FILE_MEGABYTES))
    .output(
      importReportSchema.extend({
        duplicates: z.array(
          z.object({ row: z.number(), title: z.string(), entryId: z.number().nullable(), similar: z.array(duplicateView) }),
        ),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const report = await ctx.services.knowledgeCollection.importSpreadsheet(
        { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64') },
        input.mode,
        actorOf(ctx.user),
      );
      // The screen shows the first problems; the count says how many there are in all.
      return { ...report, errors: report.errors.slice(0, 500), errorCount: report.errors.length };
    }),

  ticketCandidates: permittedProcedure('knowledge:edit')
    .output(z.array(z.object({ code: z.string(), receivedAt: z.date(), category: z.string(), description: z.string(), reply: z.string() })))
    .query(({ ctx }) => ctx.services.knowledgeCollection.ticketCandidates()),

  importTicket: permittedProcedure('knowledge:edit')
    .input(z.object({ code: z.string().trim().min(1).max(64) }))
    .output(savedView)
    .mutation(({ ctx, input }) => ctx.services.knowledgeCollection.importTicket(input.code, actorOf(ctx.user))),

  merge: permittedProcedure('knowledge:edit')
    .input(z.object({ keepId: z.number().int().positive(), dropId: z.number().int().positive() }))
    .output(ref)
    .mutation(({ ctx, input }) => ctx.services.knowledge.merge(input.keepId, input.dropId, actorOf(ctx.user))),

  // ——— 检查更新 ———

  inspections: permittedProcedure('knowledge:edit', 'knowledge:review')
    .output(
      z.array(
        z.object({
          id: z.number(),
          entryId: z.number(),
          title: z.string(),
          type: z.string(),
          department: z.string().nullable(),
          dueAt: z.date(),
          overdue: z.boolean(),
          chaseCount: z.number(),
        }),
      ),
    )
    .query(({ ctx }) => ctx.services.knowledgeInspections.openFor(actorOf(ctx.user))),

  completeInspection: permittedProcedure('knowledge:edit', 'knowledge:review')
    .input(
      z.object({
        taskId: z.number().int().positive(),
        outcome: z.enum(['confirmed', 'updated', 'withdrawn']),
        note: z.string().trim().max(500).nullable().default(null),
      }),
    )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.knowledgeInspections.complete(input.taskId, input.outcome, input.note, actorOf(ctx.user));
      return { ok: true as const };
    }),

  unanswered: permittedProcedure('knowledge:edit', 'knowledge:review')
    .input(z.object({ status: z.enum(['open', 'closed']).default('open') }).optional())
    .output(
      z.array(
        z.object({
          id: z.number(),
          question: z.string(),
          asked: z.number(),
          last_at: z.date(),
          status: z.enum(['open', 'closed']),
          answered_by: z.number().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.knowledge.unanswered(input?.status ?? 'open')),

  statistics: permittedProcedure('knowledge:edit', 'knowledge:review')
    .output(
      z.object({
        published: z.number(),
        byType: z.array(z.object({ key: z.string(), count: z.number() })),
        byCategory: z.array(z.object({ key: z.string().nullable(), count: z.number() })),
        byDepartment: z.array(z.object({ key: z.string().nullable(), count: z.number() })),
        byFreshness: z.array(z.object({ key: z.enum(FRESHNESS_BANDS), count: z.number() })),
      }),
    )
    .query(({ ctx }) => ctx.services.knowledge.statistics(scopeOf(ctx.user))),
});
