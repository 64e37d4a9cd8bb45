/**
 * The disposal center's own data (废弃物综合处置中心: equipment archive, inspections, meter readings, energy
 * anomalies with their rectification, hidden dangers linked to work orders) and landscape-lighting plans with
 * the repair orders raised from faulty lights. Days are 'YYYY-MM-DD' text (Asia/Shanghai): the two drivers
 * would parse a `date` column differently. Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE cockpit_equipment (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    qr_payload text NOT NULL UNIQUE,
    name text NOT NULL,
    type text NOT NULL CHECK (type IN ('compactor','conveyor','deodoriser','charging_pile','env_monitor','energy_meter')),
    area text NOT NULL,
    status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','idle','fault','maintenance')),
    inspection_cycle_days integer NOT NULL CHECK (inspection_cycle_days > 0),
    tags jsonb NOT NULL DEFAULT '[]',
    installed_on text NOT NULL,
    last_inspected_at timestamptz,
    synthetic boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1
  )`.execute(db);

  // One row per meter per interval: `value` is what was used in the interval (kWh, m³) or the level measured (mg/m³, dB).
  await sql`CREATE TABLE cockpit_readings (
    id bigserial PRIMARY KEY,
    equipment_id integer NOT NULL REFERENCES cockpit_equipment(id),
    metric text NOT NULL,
    recorded_at timestamptz NOT NULL,
    interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
    value double precision NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX cockpit_readings_meter_time ON cockpit_readings (equipment_id, metric, recorded_at DESC)`.execute(db);
  // The boards read "everything since…" (live rates, latest levels, today's totals) every few seconds.
  await sql`CREATE INDEX cockpit_readings_time ON cockpit_readings (recorded_at)`.execute(db);

  await sql`CREATE TABLE cockpit_energy_anomalies (
    id serial PRIMARY KEY,
    equipment_id integer NOT NULL REFERENCES cockpit_equipment(id),
    metric text NOT NULL,
    raised_at timestamptz NOT NULL,
    observed_per_hour double precision NOT NULL,
    baseline_per_hour double precision NOT NULL,
    status text NOT NULL DEFAULT 'raised' CHECK (status IN ('raised','assigned','rectified','verified')),
    assignee text,
    measures text,
    history jsonb NOT NULL DEFAULT '[]',
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL
  )`.execute(db);
  // At most one open anomaly per meter and metric: the simulator may see the same excess every few seconds.
  await sql`CREATE UNIQUE INDEX cockpit_energy_anomalies_open ON cockpit_energy_anomalies (equipment_id, metric) WHERE status IN ('raised','assigned')`.execute(
    db,
  );

  await sql`CREATE TABLE cockpit_inspection_tasks (
    id serial PRIMARY KEY,
    equipment_id integer NOT NULL REFERENCES cockpit_equipment(id),
    due_on text NOT NULL,
    emergency boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done')),
    checked_in_at timestamptz,
    checked_by text,
    photo_hash text,
    note text,
    UNIQUE (equipment_id, due_on, emergency)
  )`.execute(db);

  await sql`CREATE TABLE cockpit_hazards (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    title text NOT NULL,
    description text NOT NULL,
    place text NOT NULL,
    grade text NOT NULL CHECK (grade IN ('general','major')),
    deadline timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('reported','dispatched','awaiting_acceptance','accepted')),
    photos jsonb NOT NULL DEFAULT '[]',
    order_id integer REFERENCES orders(id),
    reported_by text NOT NULL,
    reported_at timestamptz NOT NULL,
    accepted_by text,
    accepted_at timestamptz,
    history jsonb NOT NULL DEFAULT '[]',
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL
  )`.execute(db);

  // Lighting: named plans (normal nights, holidays) whose rules say when which lights go on and off.
  await sql`CREATE TABLE lighting_plans (
    id serial PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('normal','holiday')),
    starts_on text,
    ends_on text,
    rules jsonb NOT NULL,
    status text NOT NULL CHECK (status IN ('proposed','approved','rejected')),
    proposed_by integer REFERENCES users(id),
    proposed_by_name text NOT NULL,
    decided_by integer REFERENCES users(id),
    decided_by_name text,
    decided_at timestamptz,
    note text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'normal' OR (starts_on IS NOT NULL AND ends_on IS NOT NULL AND ends_on >= starts_on))
  )`.execute(db);

  // A light's repair order; `open` is cleared once the order is closed or voided, so the partial unique index
  // refuses a second open order for one light even when two batches run at once.
  await sql`CREATE TABLE lighting_repairs (
    id serial PRIMARY KEY,
    facility_id integer NOT NULL REFERENCES facilities(id),
    order_id integer REFERENCES orders(id),
    batch text NOT NULL,
    open boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX lighting_repairs_one_open ON lighting_repairs (facility_id) WHERE open`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'lighting_repairs',
    'lighting_plans',
    'cockpit_hazards',
    'cockpit_inspection_tasks',
    'cockpit_energy_anomalies',
    'cockpit_readings',
    'cockpit_equipment',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.id(table)}`.execute(db);
  }
}
