/**
 * The dispatch hub's last pieces: a general outbox for messages to the linked platforms that are not order events
 * (batched unit positions to 区城运), the field app's command keys (a phone replaying a queued action gets the
 * first answer, never a second transition), AI voice call tasks (外呼) with what was said and how it ended, and
 * the caller's satisfaction from the follow-up call stored on the order. Frozen in time: never import
 * application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE partner_outbox (
    id bigserial PRIMARY KEY,
    partner text NOT NULL REFERENCES partners(code),
    kind text NOT NULL CHECK (kind IN ('positions')),
    body jsonb NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error text,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX partner_outbox_due_idx ON partner_outbox (next_attempt_at) WHERE status = 'pending'`.execute(db);

  // One row per command a phone sent with its own id: the answer it got, returned again to a replay.
  await sql`CREATE TABLE order_command_keys (
    user_id integer NOT NULL REFERENCES users(id),
    client_key text NOT NULL,
    order_id integer NOT NULL REFERENCES orders(id),
    action text NOT NULL,
    order_version integer NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, client_key)
  )`.execute(db);

  await sql`CREATE TABLE voice_calls (
    id serial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('collection_overdue', 'urgent_reminder', 'follow_up', 'frontage_notice', 'fee_reminder')),
    order_id integer REFERENCES orders(id),
    dedupe_key text NOT NULL UNIQUE,
    target_name text NOT NULL,
    target_phone text,
    script text NOT NULL,
    status text NOT NULL CHECK (status IN ('queued', 'recorded', 'failed')),
    provider text,
    outcome text,
    answer jsonb,
    attempts integer NOT NULL DEFAULT 0,
    due_at timestamptz NOT NULL,
    done_at timestamptz,
    created_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX voice_calls_due_idx ON voice_calls (due_at) WHERE status = 'queued'`.execute(db);
  await sql`CREATE INDEX voice_calls_order_idx ON voice_calls (order_id)`.execute(db);

  await sql`ALTER TABLE orders ADD COLUMN satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders DROP COLUMN IF EXISTS satisfaction`.execute(db);
  for (const t of ['voice_calls', 'order_command_keys', 'partner_outbox']) await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
}
