/**
 * 采集: documents (Word .docx, saved HTML pages), spreadsheets of entries (批量导入) and 12345 tickets with a reply become draft entries through the
 * knowledge service's ordinary create, so each is versioned, carries its source and reference, and comes back with
 * its near-duplicates and their scores for the editor to merge.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { Actor } from '@/server/orders/order-change';
import { readDocument } from './document-import';
import { type EntryImportReport, importEntries } from './entry-import';
import type { ImportMode } from '@/server/import/table-import';
import type { KnowledgeService } from './knowledge.service';
import * as repo from './knowledge.repository';
import type { EntryInput } from './knowledge.schemas';

/** A 问答 title is the citizen's question, cut to a readable length. */
const TITLE_CHARS = 60;

export class KnowledgeCollection {
  constructor(private readonly deps: { db: Kysely<Database>; knowledge: KnowledgeService }) {}

  /** One draft entry from a document; the type defaults to 政策 (the usual content of such documents). */
  async importDocument(
    file: { fileName: string; bytes: Buffer },
    options: { type?: EntryInput['type']; departmentId?: number | null },
    actor: Actor,
  ) {
    const doc = await readDocument(file.fileName, file.bytes);
    return this.deps.knowledge.create(
      {
        type: options.type ?? 'policy',
        title: doc.title,
        answer: doc.answer,
        body: doc.body,
        departmentId: options.departmentId ?? null,
        sourceKind: doc.sourceKind,
        sourceRef: doc.sourceRef,
      },
      actor,
    );
  }

  /** A spreadsheet of entries, each good row a draft (see entry-import.ts for the columns and modes). */
  importSpreadsheet(file: { fileName: string; bytes: Buffer }, mode: ImportMode, actor: Actor): Promise<EntryImportReport> {
    return importEntries(this.deps, file, mode, actor);
  }

  /** Tickets whose reply could become a 问答 entry (none made from them yet). */
  async ticketCandidates(limit = 50) {
    return (await repo.ticketsWithReply(this.deps.db, limit)).map((t) => ({
      code: t.code,
      receivedAt: new Date(t.received_at),
      category: t.category_name ?? t.category_code,
      description: t.description,
      reply: t.reply ?? '',
    }));
  }

  /** A candidate 问答 entry from a ticket: the citizen's words as the question, the reply as the answer. */
  async importTicket(code: string, actor: Actor) {
    const ticket = await repo.ticketByCode(this.deps.db, code);
    if (!ticket) throw new AppError('NOT_FOUND', 'error.notFound', `No 12345 ticket ${code}`, { what: `12345 工单 ${code}` });
    if (!ticket.reply?.trim()) throw new AppError('BAD_REQUEST', 'knowledge.error.noReply', `Ticket ${code} has no reply`, { code });
    const existing = await repo.entryFromTicket(this.deps.db, code);
    if (existing !== null)
      throw new AppError('CONFLICT', 'knowledge.error.ticketImported', `Ticket ${code} is already entry ${existing}`, {
        code,
        entryId: existing,
      });
    const question = ticket.description.trim();
    return this.deps.knowledge.create(
      {
        type: 'qa',
        title: question.length > TITLE_CHARS ? `${question.slice(0, TITLE_CHARS - 1)}…` : question,
        questions: question.length >= 2 ? [question.slice(0, 200)] : [],
        answer: ticket.reply.trim().slice(0, 4000),
        category: ticket.category_code,
        area: ticket.sub_district_code,
        sourceKind: 'hotline',
        sourceRef: code,
      },
      actor,
    );
  }
}
