/**
 * Files offered with knowledge entries (a 表单's form to fill in, a 材料's sample photo): an editor adds them to the
 * latest draft version and removes them from it; each new version starts with its base version's files
 * (knowledge.service.ts), so readers get the published version's files while the next draft's may change. The bytes
 * go into the one upload store, by sha256; who may download follows the knowledge base's one reading rule
 * (./knowledge-access.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import { KNOWLEDGE_ATTACHMENT_LIMITS, MAX_ATTACHMENT_NAME, MAX_ATTACHMENTS_PER_VERSION } from '@/domain/knowledge/attachment-limits';
import type { Clock } from '@/server/clock';
import { EXTENSION_OF, sniffMediaType } from '@/server/uploads/media-sniff';
import type { UploadStore } from '@/server/uploads/upload-store';
import * as repo from './attachments.repository';
import { type KnowledgeReader, readRefusal } from './knowledge-access';
import { assertEntryEditable, assertEntryReadable, entryReadableIn } from './knowledge-district';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { actorScope } from '@/server/tenancy/actor-scope';
import { findEntry, findVersion } from './knowledge.repository';
import type { AttachmentView } from './knowledge.schemas';

type Db = Kysely<Database>;
type VersionRef = { entryId: number; version: number };

export interface AttachmentFile {
  bytes: Buffer;
  mediaType: string;
  fileName: string;
}

export function toAttachmentView(row: repo.AttachmentRow): AttachmentView {
  return { id: row.id, fileName: row.file_name, mediaType: row.media_type, byteSize: row.byte_size };
}

/** The files of each of these versions, by entry id (one query for a whole page of search hits). */
export async function attachmentsByEntry(db: Db, versions: readonly VersionRef[]): Promise<Map<number, AttachmentView[]>> {
  const byEntry = new Map<number, AttachmentView[]>(versions.map((v) => [v.entryId, []]));
  for (const row of await repo.listOf(db, versions)) byEntry.get(row.entry_id)?.push(toAttachmentView(row));
  return byEntry;
}

/** The name a download is saved under: as given, less any folder and control characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean.length === 0 || clean.length > MAX_ATTACHMENT_NAME)
    throw new AppError('BAD_REQUEST', 'knowledge.attachment.badName', `File name empty or over ${MAX_ATTACHMENT_NAME} characters`, {
      max: MAX_ATTACHMENT_NAME,
    });
  return clean;
}

export class KnowledgeAttachments {
  constructor(private readonly deps: { db: Db; clock: Clock; store: UploadStore }) {}

  /**
   * Adds a file to the entry's latest version, which must be a draft. Every check that can refuse is made before
   * the bytes are stored; the row is then written only while the draft is still the latest (see lockLatestDraft).
   */
  async attach(entryId: number, version: number, file: AttachmentFile, addedBy: number): Promise<AttachmentView> {
    const fileName = cleanFileName(file.fileName);
    const limit = KNOWLEDGE_ATTACHMENT_LIMITS[file.mediaType];
    if (!limit || file.bytes.length === 0 || file.bytes.length > limit || sniffMediaType(file.bytes) !== file.mediaType)
      throw new AppError('BAD_REQUEST', 'upload.notWhatItSays', `Not an acceptable ${file.mediaType} of at most ${limit} bytes`, {
        type: EXTENSION_OF[file.mediaType] ?? file.mediaType,
      });
    await assertEntryEditable(this.deps.db, entryId, await actorScope(this.deps.db, { userId: addedBy }));
    await this.refuseUnlessLatestDraft(this.deps.db, entryId, version);
    await this.refuseWhenFull(this.deps.db, entryId, version);
    // A refusal after this (a concurrent edit won) leaves the bytes unreferenced in the store: harmless
    // (content-addressed, never served without a row naming them), and the same file sent again reuses them.
    const stored = await this.deps.store.put(file.bytes);
    const at = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      await this.claimLatestDraft(trx, entryId, version, at);
      await this.refuseWhenFull(trx, entryId, version);
      const row = await repo.insertAttachment(trx, {
        entry_id: entryId,
        version,
        content_hash: stored.contentHash,
        media_type: file.mediaType,
        byte_size: stored.byteSize,
        file_name: fileName,
        added_by: addedBy,
        added_at: at,
      });
      return toAttachmentView(row);
    });
  }

  /** Removes a file from the latest draft version (the published version keeps its own copy of the row). */
  async remove(entryId: number, version: number, attachmentId: number, scope: DistrictScope = CITY_SCOPE): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await assertEntryEditable(trx, entryId, scope);
      await this.claimLatestDraft(trx, entryId, version, this.deps.clock.now());
      if (!(await repo.deleteAttachment(trx, entryId, version, attachmentId))) throw this.notFound(attachmentId);
    });
  }

  /** A version's files, for the editors and reviewers at work on it. */
  async ofVersion(entryId: number, version: number, scope: DistrictScope = CITY_SCOPE): Promise<AttachmentView[]> {
    await assertEntryReadable(this.deps.db, entryId, scope);
    return (await attachmentsByEntry(this.deps.db, [{ entryId, version }])).get(entryId) ?? [];
  }

  /**
   * A file's bytes for this reader: an unpublished version's only for editors and reviewers (404 for others), a
   * sensitive entry's only with the right to read sensitive entries (403). `entryId`: the entry the caller asked
   * under (the terminal API's path), which the file must belong to.
   */
  async download(attachmentId: number, reader: KnowledgeReader, entryId?: number): Promise<AttachmentFile> {
    const row = await repo.findWithVersion(this.deps.db, attachmentId);
    if (!row || (entryId !== undefined && row.entry_id !== entryId)) throw this.notFound(attachmentId);
    // Another district's entry's file is not found, as the entry is.
    if (reader.scope && !(await entryReadableIn(this.deps.db, row.entry_id, reader.scope))) throw this.notFound(attachmentId);
    const refusal = readRefusal({ sensitive: row.sensitive, published: row.published }, reader);
    if (refusal === 'unpublished')
      throw new AppError('NOT_FOUND', 'knowledge.attachment.unpublished', `Attachment ${attachmentId} belongs to no published version`);
    if (refusal === 'sensitive')
      throw new AppError('FORBIDDEN', 'knowledge.attachment.sensitive', `Attachment ${attachmentId} belongs to a sensitive entry`);
    const bytes = await this.deps.store.get(row.content_hash);
    if (!bytes) throw new Error(`upload store lacks ${row.content_hash} of knowledge attachment ${attachmentId}`);
    return { bytes, mediaType: row.media_type, fileName: row.file_name };
  }

  /** Locks the latest draft for this transaction's change, or throws why it cannot be changed. */
  private async claimLatestDraft(trx: Db, entryId: number, version: number, at: Date): Promise<void> {
    if (await repo.lockLatestDraft(trx, entryId, version, at)) return;
    await this.refuseUnlessLatestDraft(trx, entryId, version);
    throw new AppError('CONFLICT', 'knowledge.error.staleVersion', `Entry ${entryId} changed meanwhile`, { version });
  }

  private async refuseUnlessLatestDraft(db: Db, entryId: number, version: number): Promise<void> {
    const entry = await findEntry(db, entryId);
    const v = entry && (await findVersion(db, entryId, version));
    if (!entry || !v || entry.status === 'withdrawn')
      throw new AppError('NOT_FOUND', 'error.notFound', `No knowledge entry ${entryId} version ${version}`, {
        what: `知识条目 ${entryId}`,
      });
    if (entry.latest_version !== version)
      throw new AppError('CONFLICT', 'knowledge.error.staleVersion', `Entry ${entryId} has a version after ${version}`, { version });
    if (v.status !== 'draft')
      throw new AppError('CONFLICT', 'knowledge.attachment.notDraft', `Version ${version} of entry ${entryId} is ${v.status}`, { version });
  }

  private async refuseWhenFull(db: Db, entryId: number, version: number): Promise<void> {
    if ((await repo.countOf(db, entryId, version)) >= MAX_ATTACHMENTS_PER_VERSION)
      throw new AppError('BAD_REQUEST', 'knowledge.attachment.tooMany', `At most ${MAX_ATTACHMENTS_PER_VERSION} files per version`, {
        max: MAX_ATTACHMENTS_PER_VERSION,
      });
  }

  private notFound(attachmentId: number): AppError {
    return new AppError('NOT_FOUND', 'knowledge.attachment.notFound', `No knowledge attachment ${attachmentId}`);
  }
}
