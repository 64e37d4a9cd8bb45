/**
 * Foundation schema: boundaries, base map, gazetteer, facilities, units and positions, users, sessions, the
 * append-only audit log and the live event feed. Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);

  await sql`CREATE TABLE districts (
    code text PRIMARY KEY,
    name text NOT NULL,
    geom geometry(MultiPolygon, 4326) NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE sub_districts (
    code text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    name_en text NOT NULL,
    geom geometry(MultiPolygon, 4326) NOT NULL,
    label_point geometry(Point, 4326) NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX sub_districts_geom_idx ON sub_districts USING gist (geom)`.execute(db);

  await sql`CREATE TABLE base_features (
    id serial PRIMARY KEY,
    layer text NOT NULL CHECK (layer IN ('road', 'metro_line', 'metro_station')),
    name text NOT NULL,
    ref text,
    props jsonb NOT NULL DEFAULT '{}',
    geom geometry(Geometry, 4326) NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX base_features_layer_idx ON base_features (layer)`.execute(db);

  await sql`CREATE TABLE addresses (
    id serial PRIMARY KEY,
    name text NOT NULL,
    address text NOT NULL,
    road text,
    house_number integer,
    sub_district_code text REFERENCES sub_districts(code),
    geom geometry(Point, 4326) NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX addresses_geom_idx ON addresses USING gist (geom)`.execute(db);
  await sql`CREATE INDEX addresses_road_idx ON addresses (road)`.execute(db);

  await sql`CREATE TABLE facilities (
    id serial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('toilet','transfer_station','light','shop','occupied_road','road_segment','depot','kiosk')),
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    address text,
    sub_district_code text NOT NULL REFERENCES sub_districts(code),
    status text NOT NULL,
    attrs jsonb NOT NULL DEFAULT '{}',
    synthetic boolean NOT NULL,
    geocode_quality text CHECK (geocode_quality IN ('exact','nearest_number','road','sub_district_centre')),
    geom geometry(Geometry, 4326) NOT NULL,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX facilities_kind_idx ON facilities (kind)`.execute(db);
  await sql`CREATE INDEX facilities_geom_idx ON facilities USING gist (geom)`.execute(db);

  await sql`CREATE TABLE units (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('sweeper','washer','compactor','toilet_service','lighting_repair','patrol_officer','handler','duty_officer')),
    name text NOT NULL,
    sub_district_code text NOT NULL REFERENCES sub_districts(code),
    depot_id integer REFERENCES facilities(id),
    synthetic boolean NOT NULL,
    device_key_hash text,
    on_shift boolean NOT NULL DEFAULT true,
    speed_mps real,
    heading_deg real,
    last_seen_at timestamptz,
    geom geometry(Point, 4326)
  )`.execute(db);
  await sql`CREATE INDEX units_geom_idx ON units USING gist (geom)`.execute(db);

  await sql`CREATE TABLE unit_positions (
    id bigserial PRIMARY KEY,
    unit_id integer NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    recorded_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    source text NOT NULL CHECK (source IN ('device','osmand','simulator')),
    speed_mps real,
    heading_deg real,
    geom geometry(Point, 4326) NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX unit_positions_unit_time_idx ON unit_positions (unit_id, recorded_at DESC)`.execute(db);

  await sql`CREATE TABLE users (
    id serial PRIMARY KEY,
    username text NOT NULL UNIQUE,
    display_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('duty_officer','dispatcher','leader','hotline_analyst','field_unit','fee_clerk','knowledge_editor','system_admin','security_admin','audit_admin')),
    password_hash text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    unit_id integer REFERENCES units(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);

  await sql`CREATE TABLE sessions (
    id text PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer,
    actor_username text NOT NULL,
    actor_role text,
    action text NOT NULL,
    target text,
    outcome text NOT NULL CHECK (outcome IN ('ok','denied','failed')),
    detail jsonb NOT NULL DEFAULT '{}',
    ip text
  )`.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`.execute(db);
  // Append-only: the audit trail can be read, never rewritten, whoever holds the application's credentials.
  await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);

  await sql`CREATE TABLE event_feed (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    kind text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('info','warning','critical')),
    message_key text NOT NULL,
    params jsonb NOT NULL DEFAULT '{}',
    facility_id integer REFERENCES facilities(id),
    unit_id integer REFERENCES units(id)
  )`.execute(db);
  await sql`CREATE INDEX event_feed_at_idx ON event_feed (at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'event_feed',
    'audit_log',
    'sessions',
    'users',
    'unit_positions',
    'units',
    'facilities',
    'addresses',
    'base_features',
    'sub_districts',
    'districts',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
}
