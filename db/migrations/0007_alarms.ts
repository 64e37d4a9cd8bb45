/**
 * Alarms from sensors, kiosks and the disposal center: one row per problem (repeats of the same object and type
 * while it is open are merged into it, enforced by a partial unique index so concurrent repeats can never make a
 * second row), an append-only ledger of every lifecycle step, a sequence that orders every change (a reconnecting
 * screen asks for what came after the last number it saw), and the versioned alarm threshold rules (proposed,
 * approved by someone else, frozen once written — the same shape as dispatch_rules).
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

/** Threshold rules version 1, approved at installation (seed 003 环卫要素上图: 公厕异味, 中转站满溢). */
const INITIAL_ALARM_RULES = {
  thresholds: {
    'toilet.odour_nh3': { raise: 1.5, clear: 1.0, level: 2 },
    'toilet.odour_h2s': { raise: 0.06, clear: 0.04, level: 2 },
    'transfer.fill_level': { raise: 90, clear: 70, level: 2 },
    'disposal.environment': { raise: 100, clear: 80, level: 2 },
  },
  flapWindowMinutes: 10,
  incidentRadiusMeters: 50,
  incidentWindowHours: 24,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every change of an alarm takes the next number: the order in which screens must apply them.
  await sql`CREATE SEQUENCE alarm_seq`.execute(db);

  await sql`CREATE TABLE alarms (
    id serial PRIMARY KEY,
    type text NOT NULL,
    level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
    object_kind text NOT NULL,
    object_code text NOT NULL,
    facility_id integer REFERENCES facilities(id),
    geom geometry(Point, 4326),
    status text NOT NULL CHECK (status IN ('active','acknowledged','cleared','closed')),
    count integer NOT NULL DEFAULT 1,
    flaps integer NOT NULL DEFAULT 0,
    value double precision,
    threshold double precision,
    first_seen_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    acknowledged_by integer REFERENCES users(id),
    acknowledged_by_name text,
    acknowledged_at timestamptz,
    order_id integer REFERENCES orders(id),
    order_link text CHECK (order_link IN ('created','joined')),
    cleared_at timestamptz,
    clear_kind text CHECK (clear_kind IN ('recovered','manual')),
    clear_reason text,
    closed_at timestamptz,
    seq bigint NOT NULL DEFAULT nextval('alarm_seq'),
    version integer NOT NULL DEFAULT 1
  )`.execute(db);
  // One open alarm per object and type: a repeat is merged into it (INSERT … ON CONFLICT), never a second row.
  await sql`CREATE UNIQUE INDEX alarms_open_uq ON alarms (object_kind, object_code, type) WHERE status IN ('active','acknowledged')`.execute(
    db,
  );
  await sql`CREATE INDEX alarms_seq_idx ON alarms (seq)`.execute(db);
  await sql`CREATE INDEX alarms_open_idx ON alarms (level, last_seen_at) WHERE status IN ('active','acknowledged')`.execute(db);
  await sql`CREATE INDEX alarms_recent_clear_idx ON alarms (object_kind, object_code, type, cleared_at) WHERE status = 'cleared'`.execute(
    db,
  );
  await sql`CREATE INDEX alarms_order_idx ON alarms (order_id) WHERE order_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX alarms_geom_idx ON alarms USING gist (geom)`.execute(db);

  await sql`CREATE TABLE alarm_events (
    id bigserial PRIMARY KEY,
    alarm_id integer NOT NULL REFERENCES alarms(id),
    at timestamptz NOT NULL,
    kind text NOT NULL CHECK (kind IN ('raised','reopened','acknowledged','linked','cleared','closed','escalated')),
    actor_user_id integer REFERENCES users(id),
    actor_name text NOT NULL,
    note text,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
  )`.execute(db);
  await sql`CREATE INDEX alarm_events_alarm_idx ON alarm_events (alarm_id, id)`.execute(db);
  // The orders' ledger function (0002) names the table it guards: reused for the alarm ledger.
  await sql`CREATE TRIGGER alarm_events_no_change BEFORE UPDATE OR DELETE ON alarm_events
    FOR EACH ROW EXECUTE FUNCTION order_ledger_append_only()`.execute(db);

  await sql`CREATE TABLE alarm_rules (
    version serial PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('proposed','approved','rejected')),
    rules jsonb NOT NULL,
    note text NOT NULL,
    proposed_by integer REFERENCES users(id),
    proposed_at timestamptz NOT NULL,
    decided_by integer REFERENCES users(id),
    decided_at timestamptz,
    decision_note text
  )`.execute(db);
  await sql`CREATE FUNCTION alarm_rules_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.status <> 'proposed' OR NEW.rules IS DISTINCT FROM OLD.rules
         OR NEW.proposed_by IS DISTINCT FROM OLD.proposed_by OR NEW.proposed_at IS DISTINCT FROM OLD.proposed_at THEN
        RAISE EXCEPTION 'alarm_rules version % is frozen', OLD.version;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER alarm_rules_no_change BEFORE UPDATE OR DELETE ON alarm_rules
    FOR EACH ROW EXECUTE FUNCTION alarm_rules_frozen()`.execute(db);
  await sql`INSERT INTO alarm_rules (status, rules, note, proposed_at, decided_at, decision_note)
    VALUES ('approved', ${JSON.stringify(INITIAL_ALARM_RULES)}::jsonb, '初始阈值 / initial thresholds', now(), now(), 'installed with the alarms')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['alarm_rules', 'alarm_events', 'alarms']) await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  await sql`DROP SEQUENCE IF EXISTS alarm_seq`.execute(db);
  await sql`DROP FUNCTION IF EXISTS alarm_rules_frozen()`.execute(db);
}
