/**
 * Sign-in protection and separation of duties (issue 11): accounts created without role or password and
 * activated with two halves of a one-time code; sign-in failure counters shared by every process; TOTP for
 * administrators; sessions the user can list; a hash-chained audit log with a retention floor.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A new account has neither a role (the security administrator grants it) nor a password (the user sets it).
  await sql`ALTER TABLE users ALTER COLUMN role DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN staff_no text`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN totp_secret text`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN totp_pending_secret text`.execute(db);
  await sql`CREATE INDEX users_staff_no_idx ON users (staff_no)`.execute(db);

  // One half per administrator; only the sha256 of each half is kept.
  await sql`CREATE TABLE user_activations (
    user_id integer PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    system_half_hash text,
    security_half_hash text,
    expires_at timestamptz NOT NULL
  )`.execute(db);

  await sql`ALTER TABLE sessions ADD COLUMN ip text`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  // address '*' counts a user name's failures from everywhere, username '*' an address's failures for everyone.
  await sql`CREATE TABLE sign_in_limits (
    username text NOT NULL,
    address text NOT NULL,
    failures integer NOT NULL DEFAULT 0,
    last_failure_at timestamptz,
    blocked_until timestamptz,
    last_success_at timestamptz,
    PRIMARY KEY (username, address)
  )`.execute(db);

  // Tamper evidence: each entry carries the sha256 of its content and of the previous entry's hash. The trigger
  // takes a lock and numbers the entry itself, so the chain's order is the id order even with concurrent writers.
  await sql`ALTER TABLE audit_log ADD COLUMN prev_hash text`.execute(db);
  await sql`ALTER TABLE audit_log ADD COLUMN hash text`.execute(db);
  await sql`CREATE FUNCTION audit_log_entry_hash(prev text, e audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(chr(31), coalesce(prev, ''), e.id::text, extract(epoch FROM e.at)::text,
      coalesce(e.actor_user_id::text, ''), e.actor_username, coalesce(e.actor_role, ''), e.action, coalesce(e.target, ''),
      e.outcome, e.detail::text, coalesce(e.ip, '')), 'UTF8')), 'hex') $$`.execute(db);
  await sql`CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE last text;
    BEGIN
      PERFORM pg_advisory_xact_lock(7314001);
      NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
      SELECT hash INTO last FROM audit_log ORDER BY id DESC LIMIT 1;
      NEW.prev_hash := last;
      NEW.hash := audit_log_entry_hash(last, NEW);
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`.execute(db);

  // Retention: only entries older than the configured period may go, and the period is at least 180 days
  // (等保三级 keeps audit records six months or more), so no one can erase recent history through the application.
  await sql`CREATE TABLE audit_retention (
    id integer PRIMARY KEY CHECK (id = 1),
    days integer NOT NULL CHECK (days >= 180)
  )`.execute(db);
  await sql`INSERT INTO audit_retention (id, days) VALUES (1, 365)`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND OLD.at < now() - make_interval(days => (SELECT days FROM audit_retention WHERE id = 1)) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only';
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
  await sql`DROP TABLE audit_retention`.execute(db);
  await sql`DROP TRIGGER audit_log_chain ON audit_log`.execute(db);
  await sql`DROP FUNCTION audit_log_chain()`.execute(db);
  await sql`DROP FUNCTION audit_log_entry_hash(text, audit_log)`.execute(db);
  await sql`ALTER TABLE audit_log DROP COLUMN hash, DROP COLUMN prev_hash`.execute(db);
  await sql`DROP TABLE sign_in_limits`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN ip`.execute(db);
  await sql`DROP TABLE user_activations`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN totp_pending_secret, DROP COLUMN totp_secret, DROP COLUMN staff_no`.execute(db);
}
