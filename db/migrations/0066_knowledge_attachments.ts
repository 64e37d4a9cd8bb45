/**
 * Knowledge attachments (issue 13): the files a 表单 or 材料 entry offers (a form to fill in, a sample's photo),
 * stored once by sha256 in the upload store, listed per entry version. A new version gets copies of its base
 * version's rows, so the published version's rows are what readers see while a draft's may change.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE knowledge_attachments (
    id serial PRIMARY KEY,
    entry_id integer NOT NULL,
    version integer NOT NULL,
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    media_type text NOT NULL,
    byte_size integer NOT NULL CHECK (byte_size > 0),
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    added_by integer REFERENCES users(id),
    added_at timestamptz NOT NULL,
    FOREIGN KEY (entry_id, version) REFERENCES knowledge_versions(entry_id, version) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE INDEX knowledge_attachments_version ON knowledge_attachments (entry_id, version)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE knowledge_attachments`.execute(db);
}
