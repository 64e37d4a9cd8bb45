/**
 * 知识库采集 (issue 13): the 12345 ticket history gains the reply text sent to the citizen (a ticket with a reply
 * becomes a candidate 问答 entry), and a knowledge entry merged into another records which one it was merged into
 * (it is withdrawn; its questions live on in the kept entry). 检查更新: each department's knowledge editors, the
 * inspection cycles (by type, category, area and department; the most specific rule applies), the inspection tasks
 * with their outcome and chasing, and the day an entry was last confirmed current.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE hotline_tickets ADD COLUMN reply text`.execute(db);
  // The few tickets with a reply, newest first, without reading the whole history (the candidate list).
  await sql`CREATE INDEX hotline_tickets_replied ON hotline_tickets (received_at DESC) WHERE reply IS NOT NULL`.execute(db);
  await sql`ALTER TABLE knowledge_entries ADD COLUMN merged_into integer REFERENCES knowledge_entries(id)`.execute(db);

  await sql`ALTER TABLE knowledge_entries ADD COLUMN checked_at timestamptz`.execute(db);
  await sql`UPDATE knowledge_entries SET checked_at = updated_at WHERE status = 'published'`.execute(db);
  await sql`CREATE TABLE knowledge_department_editors (
    department_id integer NOT NULL REFERENCES knowledge_departments(id) ON DELETE CASCADE,
    user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (department_id, user_id)
  )`.execute(db);
  // A null criterion matches any entry; cycle and response time in days.
  await sql`CREATE TABLE knowledge_inspection_rules (
    id serial PRIMARY KEY,
    type text,
    category text,
    area text,
    department_id integer REFERENCES knowledge_departments(id),
    cycle_days integer NOT NULL CHECK (cycle_days BETWEEN 1 AND 3650),
    due_days integer NOT NULL DEFAULT 14 CHECK (due_days BETWEEN 1 AND 365)
  )`.execute(db);
  await sql`INSERT INTO knowledge_inspection_rules (type, cycle_days, due_days) VALUES
    ('policy', 90, 14), ('matter', 180, 14), ('material', 180, 14), ('form', 180, 14), (NULL, 365, 30)`.execute(db);
  await sql`CREATE TABLE knowledge_inspections (
    id serial PRIMARY KEY,
    entry_id integer NOT NULL REFERENCES knowledge_entries(id) ON DELETE CASCADE,
    department_id integer REFERENCES knowledge_departments(id),
    rule_id integer REFERENCES knowledge_inspection_rules(id),
    created_at timestamptz NOT NULL,
    due_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
    outcome text CHECK (outcome IN ('confirmed','updated','withdrawn')),
    note text,
    done_by integer REFERENCES users(id),
    done_at timestamptz,
    chased_at timestamptz,
    chase_count integer NOT NULL DEFAULT 0
  )`.execute(db);
  // At most one open task per entry (a second generation round adds none).
  await sql`CREATE UNIQUE INDEX knowledge_inspections_open ON knowledge_inspections (entry_id) WHERE status = 'open'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE knowledge_inspections`.execute(db);
  await sql`DROP TABLE knowledge_inspection_rules`.execute(db);
  await sql`DROP TABLE knowledge_department_editors`.execute(db);
  await sql`ALTER TABLE knowledge_entries DROP COLUMN checked_at`.execute(db);
  await sql`ALTER TABLE knowledge_entries DROP COLUMN merged_into`.execute(db);
  await sql`DROP INDEX IF EXISTS hotline_tickets_replied`.execute(db);
  await sql`ALTER TABLE hotline_tickets DROP COLUMN reply`.execute(db);
}
