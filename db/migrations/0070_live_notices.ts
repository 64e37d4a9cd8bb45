/**
 * The journal of live notices (issue 22 part 4): every alarm and order notice a map screen hears, numbered in commit
 * order, so a screen that reconnects — to this process or another — reads exactly what it missed.
 * `live_notice_head` is one row holding the last number given: a writer takes its numbers by updating it, and the
 * row lock it then holds until commit makes the next writer wait, so numbers commit in order and without holes.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE live_notices (
    seq bigint PRIMARY KEY,
    kind text NOT NULL,
    payload jsonb NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE TABLE live_notice_head (
    id smallint PRIMARY KEY CHECK (id = 1),
    last bigint NOT NULL
  )`.execute(db);
  await sql`INSERT INTO live_notice_head (id, last) VALUES (1, 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE live_notice_head`.execute(db);
  await sql`DROP TABLE live_notices`.execute(db);
}
