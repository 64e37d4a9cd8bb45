/**
 * The dispatch hub's schema: the category taxonomy and its time-limit overrides, work orders with their
 * append-only event ledger, attachments, unit assignments, extension requests, the per-day order counter and the
 * versioned dispatch rules (version 1 approved here). Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const STATUSES =
  "'received','reviewing','awaiting_dispatch','dispatched','accepted','in_progress','awaiting_check','closed','returned','voided'";
const UNIT_KINDS = "'sweeper','washer','compactor','toilet_service','lighting_repair','patrol_officer','handler','duty_officer'";

/** [code, 中文, English] of the five category groups (seed 003: 市容, 环卫, 绿化, 景观灯光, 自助终端). */
const GROUPS: ReadonlyArray<readonly [string, string, string]> = [
  ['cityscape', '市容', 'City appearance'],
  ['sanitation', '环卫', 'Sanitation'],
  ['greening', '绿化', 'Greening'],
  ['lighting', '景观灯光', 'Landscape lighting'],
  ['kiosk', '自助终端', 'Self-service kiosks'],
  ['other', '其他', 'Other'],
];

/** [code, group, 中文, English, unit kinds that can handle it, default priority]. */
const CATEGORIES: ReadonlyArray<readonly [string, string, string, string, readonly string[], number]> = [
  ['cityscape.outdoor_business', 'cityscape', '出店经营', 'Business spilling out of the shop', ['patrol_officer'], 3],
  ['cityscape.dumping', 'cityscape', '乱堆物', 'Illegal piling of goods or waste', ['handler', 'patrol_officer'], 3],
  ['cityscape.street_vending', 'cityscape', '占道经营', 'Street vending on the road', ['patrol_officer'], 3],
  ['cityscape.frontage_duty', 'cityscape', '门前三包', 'Shop-frontage duties (门前三包)', ['patrol_officer'], 4],
  ['cityscape.illegal_ads', 'cityscape', '违规广告', 'Unauthorised advertising', ['handler', 'patrol_officer'], 3],
  ['cityscape.illegal_posting', 'cityscape', '乱张贴乱涂写', 'Fly-posting and graffiti', ['handler'], 4],
  ['cityscape.construction_waste', 'cityscape', '偷倒渣土', 'Dumped construction waste', ['compactor', 'patrol_officer'], 2],
  ['sanitation.road_cleaning', 'sanitation', '道路保洁', 'Road cleaning', ['sweeper', 'handler'], 3],
  ['sanitation.road_washing', 'sanitation', '路面污渍冲洗', 'Road surface washing', ['washer'], 3],
  ['sanitation.bin_overflow', 'sanitation', '垃圾满溢', 'Overflowing bins', ['compactor', 'handler'], 2],
  ['sanitation.collection_overdue', 'sanitation', '清运超时', 'Overdue waste collection', ['compactor'], 2],
  ['sanitation.toilet_cleaning', 'sanitation', '公厕保洁', 'Public toilet cleaning', ['toilet_service'], 3],
  ['sanitation.facility_damage', 'sanitation', '设施损坏', 'Damaged sanitation facility', ['handler'], 3],
  ['greening.fallen_tree', 'greening', '树木倒伏断枝', 'Fallen tree or broken branch', ['handler'], 1],
  ['greening.pruning', 'greening', '绿化修剪', 'Pruning needed', ['handler'], 4],
  ['greening.damage', 'greening', '绿地毁损', 'Damaged green space', ['handler', 'patrol_officer'], 3],
  ['greening.pests', 'greening', '病虫害', 'Plant pests or disease', ['handler'], 4],
  ['lighting.not_lit', 'lighting', '灯光不亮', 'Light not working', ['lighting_repair'], 3],
  ['lighting.damaged', 'lighting', '灯光设施损坏', 'Damaged lighting fixture', ['lighting_repair'], 2],
  ['kiosk.software', 'kiosk', '自助终端软件故障', 'Kiosk software fault', ['handler'], 3],
  ['kiosk.hardware', 'kiosk', '自助终端硬件故障', 'Kiosk hardware fault', ['handler'], 3],
  ['other.unclear', 'other', '其他（权责待定）', 'Other (responsibility to be decided)', [], 3],
];

/** Dispatch rules version 1, approved at installation; later versions are proposed and approved in the app. */
const INITIAL_RULES = {
  categoryUnitKinds: {},
  manualCategories: ['other.unclear'],
  teamOverrides: {},
  borderMeters: 50,
  urgencyPriority: { urgent: 1, high: 2, normal: 3, low: 4 },
  categoryMaxPriority: { 'greening.fallen_tree': 1, 'cityscape.construction_waste': 2, 'lighting.damaged': 2 },
  duplicateRadiusMeters: 30,
  duplicateWindowHours: 24,
  autoDispatch: true,
  autoDispatchOwnTeamOnly: true,
};

async function appendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  await sql`CREATE TRIGGER ${sql.id(`${table}_no_change`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
    FOR EACH ROW EXECUTE FUNCTION order_ledger_append_only()`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE order_category_groups (
    code text PRIMARY KEY,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    sort integer NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE order_categories (
    code text PRIMARY KEY,
    group_code text NOT NULL REFERENCES order_category_groups(code),
    name_zh text NOT NULL,
    name_en text NOT NULL,
    unit_kinds text[] NOT NULL DEFAULT '{}',
    default_priority smallint NOT NULL CHECK (default_priority BETWEEN 1 AND 4),
    active boolean NOT NULL DEFAULT true,
    sort integer NOT NULL
  )`.execute(db);
  await sql
    .raw(
      `ALTER TABLE order_categories ADD CONSTRAINT order_categories_unit_kinds_check
    CHECK (unit_kinds <@ ARRAY[${UNIT_KINDS}]::text[])`,
    )
    .execute(db);

  // Per-category overrides of the per-priority default limits (the defaults live in code, from seed 003).
  await sql`CREATE TABLE order_time_limits (
    category_code text NOT NULL REFERENCES order_categories(code),
    priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
    respond_minutes integer NOT NULL CHECK (respond_minutes > 0),
    resolve_minutes integer NOT NULL CHECK (resolve_minutes > 0),
    CHECK (resolve_minutes >= respond_minutes),
    PRIMARY KEY (category_code, priority)
  )`.execute(db);

  // One row per Shanghai calendar day; its counter gives the nnnnnn of LRyyyymmdd-nnnnnn.
  await sql`CREATE TABLE order_day_counters (
    day date PRIMARY KEY,
    last_number integer NOT NULL
  )`.execute(db);

  await sql
    .raw(
      `CREATE TABLE orders (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    source text NOT NULL CHECK (source IN ('hotline_12345','city_ops','patrol','sensor','open311')),
    external_ref text,
    category_code text REFERENCES order_categories(code),
    priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
    status text NOT NULL CHECK (status IN (${STATUSES})),
    description text NOT NULL,
    address text,
    geom geometry(Point, 4326),
    sub_district_code text REFERENCES sub_districts(code),
    reporter_name text,
    reporter_phone text,
    review_reasons jsonb NOT NULL DEFAULT '[]',
    received_at timestamptz NOT NULL,
    clock_started_at timestamptz NOT NULL,
    respond_by timestamptz NOT NULL,
    resolve_by timestamptz NOT NULL,
    responded_at timestamptz,
    resolved_at timestamptz,
    closed_at timestamptz,
    deadline_state text NOT NULL DEFAULT 'ok' CHECK (deadline_state IN ('ok','nearing','overdue')),
    escalation_level smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 3),
    created_by integer REFERENCES users(id),
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL,
    UNIQUE (source, external_ref)
  )`,
    )
    .execute(db);
  await sql`CREATE INDEX orders_status_idx ON orders (status)`.execute(db);
  await sql`CREATE INDEX orders_received_idx ON orders (received_at DESC)`.execute(db);
  await sql`CREATE INDEX orders_geom_idx ON orders USING gist (geom)`.execute(db);
  await sql`CREATE INDEX orders_open_deadline_idx ON orders (resolve_by) WHERE status NOT IN ('closed','voided')`.execute(db);

  // The ledger (全流程留痕) can be read, never rewritten.
  await sql`CREATE FUNCTION order_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`.execute(db);

  await sql
    .raw(
      `CREATE TABLE order_events (
    id bigserial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders(id),
    at timestamptz NOT NULL,
    actor_user_id integer REFERENCES users(id),
    actor_name text NOT NULL,
    actor_role text NOT NULL,
    action text NOT NULL,
    from_status text CHECK (from_status IN (${STATUSES})),
    to_status text NOT NULL CHECK (to_status IN (${STATUSES})),
    note text,
    detail jsonb NOT NULL DEFAULT '{}',
    order_version integer NOT NULL
  )`,
    )
    .execute(db);
  await sql`CREATE INDEX order_events_order_idx ON order_events (order_id, id)`.execute(db);
  await appendOnly(db, 'order_events');

  await sql`CREATE TABLE order_attachments (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders(id),
    event_id bigint REFERENCES order_events(id),
    purpose text NOT NULL CHECK (purpose IN ('report','before','after','evidence','other')),
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    media_type text NOT NULL,
    byte_size integer NOT NULL CHECK (byte_size > 0),
    file_name text,
    created_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX order_attachments_order_idx ON order_attachments (order_id)`.execute(db);
  await appendOnly(db, 'order_attachments');

  await sql`CREATE TABLE order_assignments (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders(id),
    unit_id integer NOT NULL REFERENCES units(id),
    role text NOT NULL CHECK (role IN ('lead','support')),
    status text NOT NULL CHECK (status IN ('active','released','done')),
    assigned_by integer REFERENCES users(id),
    assigned_at timestamptz NOT NULL,
    ended_at timestamptz,
    distance_m real,
    eta_minutes real
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX order_assignments_active_uq ON order_assignments (order_id, unit_id) WHERE status = 'active'`.execute(db);
  await sql`CREATE INDEX order_assignments_unit_active_idx ON order_assignments (unit_id) WHERE status = 'active'`.execute(db);

  await sql`CREATE TABLE order_extensions (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders(id),
    requested_by integer REFERENCES users(id),
    requested_at timestamptz NOT NULL,
    minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 10080),
    reason text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending','approved','rejected','lapsed')),
    decided_by integer REFERENCES users(id),
    decided_at timestamptz,
    decision_note text
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX order_extensions_pending_uq ON order_extensions (order_id) WHERE status = 'pending'`.execute(db);

  await sql`CREATE TABLE dispatch_rules (
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
  // A version's rules never change once written; only a proposal's status may be decided, once.
  await sql`CREATE FUNCTION dispatch_rules_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.status <> 'proposed' OR NEW.rules IS DISTINCT FROM OLD.rules
         OR NEW.proposed_by IS DISTINCT FROM OLD.proposed_by OR NEW.proposed_at IS DISTINCT FROM OLD.proposed_at THEN
        RAISE EXCEPTION 'dispatch_rules version % is frozen', OLD.version;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER dispatch_rules_no_change BEFORE UPDATE OR DELETE ON dispatch_rules
    FOR EACH ROW EXECUTE FUNCTION dispatch_rules_frozen()`.execute(db);

  for (const [i, [code, zh, en]] of GROUPS.entries()) {
    await sql`INSERT INTO order_category_groups (code, name_zh, name_en, sort) VALUES (${code}, ${zh}, ${en}, ${i + 1})`.execute(db);
  }
  for (const [i, [code, group, zh, en, kinds, priority]] of CATEGORIES.entries()) {
    await sql`INSERT INTO order_categories (code, group_code, name_zh, name_en, unit_kinds, default_priority, sort)
      VALUES (${code}, ${group}, ${zh}, ${en}, ${[...kinds]}::text[], ${priority}, ${i + 1})`.execute(db);
  }
  await sql`INSERT INTO dispatch_rules (status, rules, note, proposed_at, decided_at, decision_note)
    VALUES ('approved', ${JSON.stringify(INITIAL_RULES)}::jsonb, '初始规则 / initial rules', now(), now(), 'installed with the dispatch hub')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'dispatch_rules',
    'order_extensions',
    'order_assignments',
    'order_attachments',
    'order_events',
    'orders',
    'order_day_counters',
    'order_time_limits',
    'order_categories',
    'order_category_groups',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS order_ledger_append_only()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS dispatch_rules_frozen()`.execute(db);
}
