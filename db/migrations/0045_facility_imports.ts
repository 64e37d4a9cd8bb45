/**
 * Facility imports and the data steward (issue 15, parts 2 and 3):
 *  - every facility gets where it came from (`source`, the named data source, and `source_id`, that source's stable
 *    id: unique together, so an import or a push updates instead of duplicating), when it was retired (retired
 *    facilities leave the map but keep their record) and the import batch that last wrote it;
 *  - `facility_import_batches`: one row per import (file or push) with its counts, report summary and, once undone,
 *    who undid it, when and why;
 *  - `facility_history`: every insert, update, retirement, restoration and undo of a facility, with the values
 *    before and after, who did it, when and from which source. Append-only; it outlives the facility row;
 *  - the 数据管理员 (data_steward) role and the `data-source` kind of outside client (source systems pushing changes).
 * The role and client-kind lists are extended from whatever the constraint holds when this runs, so migrations of
 * other features that extend the same lists (in any order) are kept.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

/** Adds `value` to a `CHECK (column IN (…))` constraint, keeping the values it already allows. */
async function addToCheckList(db: Kysely<unknown>, table: string, constraint: string, column: string, value: string): Promise<void> {
  const { rows } = await sql<{ def: string }>`
    SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
    WHERE c.conname = ${constraint} AND c.conrelid = ${table}::regclass`.execute(db);
  const existing = rows[0] ? [...rows[0].def.matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];
  const values = [...new Set([...existing, value])];
  const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
  await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT IF EXISTS ${sql.id(constraint)}`.execute(db);
  await sql.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${column} IN (${list}))`).execute(db);
}

async function removeFromCheckList(db: Kysely<unknown>, table: string, constraint: string, column: string, value: string) {
  const { rows } = await sql<{ def: string }>`
    SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
    WHERE c.conname = ${constraint} AND c.conrelid = ${table}::regclass`.execute(db);
  const values = rows[0] ? [...rows[0].def.matchAll(/'([^']+)'/g)].map((m) => m[1]).filter((v) => v !== value) : [];
  await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT IF EXISTS ${sql.id(constraint)}`.execute(db);
  if (values.length)
    await sql
      .raw(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${column} IN (${values.map((v) => `'${v}'`).join(',')}))`)
      .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await addToCheckList(db, 'users', 'users_role_check', 'role', 'data_steward');
  await addToCheckList(db, 'outside_clients', 'outside_clients_kind_check', 'kind', 'data-source');

  await sql`CREATE TABLE facility_import_batches (
    id serial PRIMARY KEY,
    channel text NOT NULL CHECK (channel IN ('file', 'push')),
    source text NOT NULL,
    file_name text,
    format text,
    crs text NOT NULL CHECK (crs IN ('wgs84', 'gcj02', 'bd09')),
    mode text NOT NULL CHECK (mode IN ('all', 'valid')),
    rows integer NOT NULL,
    inserted integer NOT NULL DEFAULT 0,
    updated integer NOT NULL DEFAULT 0,
    retired integer NOT NULL DEFAULT 0,
    merged integer NOT NULL DEFAULT 0,
    skipped integer NOT NULL DEFAULT 0,
    report jsonb NOT NULL DEFAULT '{}',
    actor_user_id integer REFERENCES users(id),
    actor_name text NOT NULL,
    client_id integer REFERENCES outside_clients(id),
    created_at timestamptz NOT NULL,
    undone_at timestamptz,
    undone_by text,
    undo_reason text,
    CHECK ((undone_at IS NULL) = (undo_reason IS NULL))
  )`.execute(db);
  await sql`CREATE INDEX facility_import_batches_created_idx ON facility_import_batches (created_at DESC, id DESC)`.execute(db);

  await sql`ALTER TABLE facilities
    ADD COLUMN source text,
    ADD COLUMN source_id text,
    ADD COLUMN retired_at timestamptz,
    ADD COLUMN import_batch_id integer REFERENCES facility_import_batches(id)`.execute(db);
  await sql`CREATE UNIQUE INDEX facilities_source_id_uq ON facilities (source, source_id) WHERE source_id IS NOT NULL`.execute(db);

  // No foreign key to facilities: the history is the record and must not stop (or vanish with) a facility row.
  await sql`CREATE TABLE facility_history (
    id bigserial PRIMARY KEY,
    facility_id integer NOT NULL,
    batch_id integer REFERENCES facility_import_batches(id),
    action text NOT NULL CHECK (action IN ('insert', 'update', 'merge', 'retire', 'restore', 'edit', 'undo')),
    source text,
    actor_user_id integer REFERENCES users(id),
    actor_name text NOT NULL,
    at timestamptz NOT NULL,
    before jsonb,
    after jsonb,
    version_after integer NOT NULL,
    note text
  )`.execute(db);
  await sql`CREATE INDEX facility_history_facility_idx ON facility_history (facility_id, id DESC)`.execute(db);
  await sql`CREATE INDEX facility_history_batch_idx ON facility_history (batch_id) WHERE batch_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS facility_history`.execute(db);
  await sql`DROP INDEX IF EXISTS facilities_source_id_uq`.execute(db);
  await sql`ALTER TABLE facilities DROP COLUMN IF EXISTS import_batch_id, DROP COLUMN IF EXISTS retired_at,
    DROP COLUMN IF EXISTS source_id, DROP COLUMN IF EXISTS source`.execute(db);
  await sql`DROP TABLE IF EXISTS facility_import_batches`.execute(db);
  await sql`DELETE FROM outside_clients WHERE kind = 'data-source'`.execute(db);
  await removeFromCheckList(db, 'outside_clients', 'outside_clients_kind_check', 'kind', 'data-source');
  await sql`DELETE FROM users WHERE role = 'data_steward'`.execute(db);
  await removeFromCheckList(db, 'users', 'users_role_check', 'role', 'data_steward');
}
