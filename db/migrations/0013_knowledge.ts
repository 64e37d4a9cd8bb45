/**
 * The district knowledge base (issue 13): entries with every edit kept as a version, four-eyes publishing, the
 * product's own inverted index for BM25 search (postings, document frequencies, field lengths), MinHash
 * signatures with LSH bands for near-duplicates, feedback and unanswered questions, synonyms and sensitive words;
 * and the one registry of outside clients and their hashed keys.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check`.execute(db);
  await sql`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('duty_officer','dispatcher','leader',
    'hotline_analyst','field_unit','fee_clerk','fee_supervisor','fee_payer','collection_company','knowledge_editor','knowledge_reviewer',
    'system_admin','security_admin','audit_admin'))`.execute(db);

  // One registry for every outside caller; only the sha256 of a key is kept, its first characters identify it.
  await sql`CREATE TABLE outside_clients (
    id serial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('terminal','open311','feature-api','partner','device')),
    name text NOT NULL,
    key_prefix text NOT NULL,
    key_hash text NOT NULL UNIQUE,
    scopes jsonb NOT NULL DEFAULT '[]',
    enabled boolean NOT NULL DEFAULT true,
    created_by integer REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    withdrawn_at timestamptz
  )`.execute(db);

  await sql`CREATE TABLE knowledge_departments (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    own boolean NOT NULL DEFAULT false
  )`.execute(db);
  await sql`INSERT INTO knowledge_departments (code, name, own) VALUES
    ('lr-env', '区绿化和市容管理局 环卫管理科', true),
    ('lr-green', '区绿化和市容管理局 绿化管理科', true),
    ('lr-appearance', '区绿化和市容管理局 市容景观科', true),
    ('lr-law', '区绿化和市容管理局 法制科', true),
    ('cg', '区城市管理行政执法局', false),
    ('housing', '区房屋管理局', false),
    ('street', '街道办事处', false)`.execute(db);

  await sql`CREATE TABLE knowledge_entries (
    id serial PRIMARY KEY,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','proposed','published','returned','withdrawn')),
    latest_version integer NOT NULL DEFAULT 1,
    published_version integer,
    synthetic boolean NOT NULL DEFAULT false,
    created_by integer REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    taken_down_reason text
  )`.execute(db);

  // Every edit is a new row; an approved row is the published one while the entry points at it.
  await sql`CREATE TABLE knowledge_versions (
    entry_id integer NOT NULL REFERENCES knowledge_entries(id) ON DELETE CASCADE,
    version integer NOT NULL,
    type text NOT NULL CHECK (type IN ('matter','topic','policy','material','form','qa','wiki')),
    title text NOT NULL,
    questions jsonb NOT NULL DEFAULT '[]',
    answer text NOT NULL DEFAULT '',
    body text NOT NULL DEFAULT '',
    category text,
    tags jsonb NOT NULL DEFAULT '[]',
    area text,
    department_id integer REFERENCES knowledge_departments(id),
    source_kind text NOT NULL CHECK (source_kind IN ('manual','docx','html','hotline','import')),
    source_ref text,
    valid_from date,
    valid_until date,
    sensitive boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','proposed','approved','returned')),
    edited_by integer REFERENCES users(id),
    edited_at timestamptz NOT NULL,
    proposed_by integer REFERENCES users(id),
    proposed_at timestamptz,
    decided_by integer REFERENCES users(id),
    decided_at timestamptz,
    checklist jsonb,
    decision_note text,
    PRIMARY KEY (entry_id, version)
  )`.execute(db);

  // The inverted index of published versions: one row per (term, entry, field) with its frequency.
  await sql`CREATE TABLE knowledge_postings (
    term text NOT NULL,
    entry_id integer NOT NULL REFERENCES knowledge_entries(id) ON DELETE CASCADE,
    field smallint NOT NULL,
    tf integer NOT NULL,
    PRIMARY KEY (term, entry_id, field)
  )`.execute(db);
  await sql`CREATE INDEX knowledge_postings_entry_idx ON knowledge_postings (entry_id)`.execute(db);
  await sql`CREATE TABLE knowledge_terms (term text PRIMARY KEY, df integer NOT NULL)`.execute(db);
  await sql`CREATE TABLE knowledge_doc_lengths (
    entry_id integer PRIMARY KEY REFERENCES knowledge_entries(id) ON DELETE CASCADE,
    title_len integer NOT NULL,
    questions_len integer NOT NULL,
    answer_len integer NOT NULL,
    body_len integer NOT NULL,
    sensitive boolean NOT NULL DEFAULT false
  )`.execute(db);

  // MinHash signature of an entry's latest text, and its LSH band keys (one row per band).
  await sql`CREATE TABLE knowledge_signatures (
    entry_id integer PRIMARY KEY REFERENCES knowledge_entries(id) ON DELETE CASCADE,
    signature jsonb NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE knowledge_bands (
    band_key text NOT NULL,
    entry_id integer NOT NULL REFERENCES knowledge_entries(id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, entry_id)
  )`.execute(db);
  await sql`CREATE INDEX knowledge_bands_entry_idx ON knowledge_bands (entry_id)`.execute(db);

  await sql`CREATE TABLE knowledge_feedback (
    id serial PRIMARY KEY,
    entry_id integer NOT NULL REFERENCES knowledge_entries(id) ON DELETE CASCADE,
    question text NOT NULL,
    helpful boolean NOT NULL,
    user_id integer REFERENCES users(id),
    at timestamptz NOT NULL
  )`.execute(db);

  // 查无纠错: questions without a good answer; each open one is an editor task, closed when an entry answers it.
  await sql`CREATE TABLE knowledge_unanswered (
    id serial PRIMARY KEY,
    question text NOT NULL UNIQUE,
    asked integer NOT NULL DEFAULT 1,
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
    answered_by integer REFERENCES knowledge_entries(id) ON DELETE SET NULL,
    closed_at timestamptz
  )`.execute(db);

  await sql`CREATE TABLE knowledge_synonyms (
    id serial PRIMARY KEY,
    term text NOT NULL,
    variant text NOT NULL,
    UNIQUE (term, variant)
  )`.execute(db);
  await sql`INSERT INTO knowledge_synonyms (term, variant) VALUES
    ('垃圾','废弃物'),('垃圾','废物'),('路灯','景观灯'),('路灯','照明'),('厕所','公厕'),('厕所','卫生间'),
    ('收费','缴费'),('费用','收费'),('报亭','书报亭'),('投诉','举报'),('树木','树'),('修剪','剪枝')`.execute(db);

  await sql`CREATE TABLE knowledge_sensitive_words (word text PRIMARY KEY)`.execute(db);
  await sql`INSERT INTO knowledge_sensitive_words (word) VALUES ('内部资料'),('绝密'),('机密'),('身份证号')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'knowledge_sensitive_words',
    'knowledge_synonyms',
    'knowledge_unanswered',
    'knowledge_feedback',
    'knowledge_bands',
    'knowledge_signatures',
    'knowledge_doc_lengths',
    'knowledge_terms',
    'knowledge_postings',
    'knowledge_versions',
    'knowledge_entries',
    'knowledge_departments',
    'outside_clients',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.id(t)}`.execute(db);
  }
}
