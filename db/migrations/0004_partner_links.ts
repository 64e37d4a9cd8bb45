/**
 * Two-way links with the district city-operations platform (区城运) and the 12345 hotline: each partner's keys and
 * endpoint, the idempotency record of requests they sent, and the transactional outbox of order events to report
 * back to them (retried with backoff, dead-lettered after too many failures, replayable).
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE partners (
    code text PRIMARY KEY CHECK (code IN ('city_ops', 'hotline_12345')),
    name text NOT NULL,
    inbound_secret text NOT NULL,
    outbound_url text,
    outbound_secret text,
    active boolean NOT NULL DEFAULT true
  )`.execute(db);

  // A partner's retry with the same Idempotency-Key gets the first answer again, whatever happened meanwhile.
  await sql`CREATE TABLE partner_requests (
    partner text NOT NULL REFERENCES partners(code),
    idempotency_key text NOT NULL,
    body_sha256 text NOT NULL,
    response_status integer NOT NULL,
    response jsonb NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (partner, idempotency_key)
  )`.execute(db);

  // Written in the same transaction as the order event it reports, so no report is lost or invented.
  await sql`CREATE TABLE partner_deliveries (
    event_id bigint PRIMARY KEY REFERENCES order_events(id),
    order_id integer NOT NULL REFERENCES orders(id),
    partner text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error text,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX partner_deliveries_due_idx ON partner_deliveries (next_attempt_at) WHERE status = 'pending'`.execute(db);
  await sql`CREATE INDEX partner_deliveries_order_idx ON partner_deliveries (order_id, event_id) WHERE status <> 'delivered'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['partner_deliveries', 'partner_requests', 'partners']) await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
}
