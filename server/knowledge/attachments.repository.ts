/** All SQL of knowledge attachments: the file rows of each entry version (the bytes live in the upload store). */
import { type Kysely, sql } from 'kysely';
import type { Database, KnowledgeAttachmentRow } from '@/db/schema';

type Db = Kysely<Database>;

export type AttachmentRow = Pick<
  KnowledgeAttachmentRow,
  'id' | 'entry_id' | 'version' | 'content_hash' | 'media_type' | 'byte_size' | 'file_name'
>;

const COLUMNS = ['id', 'entry_id', 'version', 'content_hash', 'media_type', 'byte_size', 'file_name'] as const;

/**
 * Claims the right to change a draft's files: true only while `version` is the entry's latest and still a draft.
 * Both rows stay locked until the transaction ends, so an edit (which moves latest_version on and copies the files)
 * or a proposal waits for this change and sees it, and none is lost either way.
 */
export async function lockLatestDraft(db: Db, entryId: number, version: number, at: Date): Promise<boolean> {
  const entry = await db
    .updateTable('knowledge_entries')
    .set({ updated_at: at })
    .where('id', '=', entryId)
    .where('latest_version', '=', version)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst();
  if (Number(entry.numUpdatedRows) !== 1) return false;
  const draft = await db
    .selectFrom('knowledge_versions')
    .select('status')
    .where('entry_id', '=', entryId)
    .where('version', '=', version)
    .forUpdate()
    .executeTakeFirst();
  return draft?.status === 'draft';
}

export async function countOf(db: Db, entryId: number, version: number): Promise<number> {
  const r = await db
    .selectFrom('knowledge_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entry_id', '=', entryId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertAttachment(
  db: Db,
  row: Omit<AttachmentRow, 'id'> & { added_by: number | null; added_at: Date },
): Promise<AttachmentRow> {
  return db.insertInto('knowledge_attachments').values(row).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function deleteAttachment(db: Db, entryId: number, version: number, id: number): Promise<AttachmentRow | undefined> {
  return db
    .deleteFrom('knowledge_attachments')
    .where('id', '=', id)
    .where('entry_id', '=', entryId)
    .where('version', '=', version)
    .returning(COLUMNS)
    .executeTakeFirst();
}

/** The files of these entry versions, in the order they were added. */
export function listOf(db: Db, versions: ReadonlyArray<{ entryId: number; version: number }>): Promise<AttachmentRow[]> {
  if (versions.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('knowledge_attachments')
    .select(COLUMNS)
    .where((eb) => eb.or(versions.map((v) => eb.and([eb('entry_id', '=', v.entryId), eb('version', '=', v.version)]))))
    .orderBy('id')
    .execute();
}

/**
 * A new version starts with the files of the versions it is made from (an edit's base; a merge's two entries),
 * a file already there by content left out.
 */
export async function copyToVersion(
  db: Db,
  to: { entryId: number; version: number },
  from: ReadonlyArray<{ entryId: number; version: number }>,
): Promise<void> {
  for (const f of from)
    await sql`INSERT INTO knowledge_attachments (entry_id, version, content_hash, media_type, byte_size, file_name, added_by, added_at)
      SELECT ${to.entryId}::int, ${to.version}::int, a.content_hash, a.media_type, a.byte_size, a.file_name, a.added_by, a.added_at
      FROM knowledge_attachments a
      WHERE a.entry_id = ${f.entryId} AND a.version = ${f.version}
        AND NOT EXISTS (SELECT 1 FROM knowledge_attachments b
          WHERE b.entry_id = ${to.entryId} AND b.version = ${to.version} AND b.content_hash = a.content_hash)
      ORDER BY a.id`.execute(db);
}

/** An attachment with what decides who may read it: its version's sensitivity and whether that version is published. */
export function findWithVersion(db: Db, id: number) {
  return db
    .selectFrom('knowledge_attachments as a')
    .innerJoin('knowledge_versions as v', (j) => j.onRef('v.entry_id', '=', 'a.entry_id').onRef('v.version', '=', 'a.version'))
    .innerJoin('knowledge_entries as e', 'e.id', 'a.entry_id')
    .select(COLUMNS.map((c) => `a.${c}` as const))
    .select(['v.sensitive', sql<boolean>`(e.status = 'published' AND e.published_version = a.version)`.as('published')])
    .where('a.id', '=', id)
    .executeTakeFirst();
}
