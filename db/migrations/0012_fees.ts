/**
 * 清费云 part 1 (issue 12): the payer register (产生单位), collection points, declarations by waste type and month,
 * the versioned tariff (four-eyes, frozen once written — the shape of dispatch_rules), and contracts with their
 * change ledger. Money is in integer 分; the bills of part 2 charge from fee_contracts.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const ROLES_BEFORE = `'duty_officer','dispatcher','leader','hotline_analyst','field_unit','fee_clerk','knowledge_editor','system_admin','security_admin','audit_admin'`;
const ROLES_AFTER = `${ROLES_BEFORE},'fee_supervisor','fee_payer','collection_company'`;

/** Tariff version 1 (synthetic prices, 分): per 240 L bin for 湿垃圾/干垃圾, per tonne for the others. */
const INITIAL_TARIFF = {
  synthetic: true,
  overageThresholdPercent: 10,
  prices: [
    { wasteType: 'kitchen', unit: 'bin240', priceFen: 2500 },
    { wasteType: 'residual', unit: 'bin240', priceFen: 2000 },
    { wasteType: 'bulky', unit: 'tonne', priceFen: 45000 },
    { wasteType: 'construction', unit: 'tonne', priceFen: 30000 },
  ],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check`.execute(db);
  await sql.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${ROLES_AFTER}))`).execute(db);

  await sql`CREATE TABLE fee_payers (
    id serial PRIMARY KEY,
    name text NOT NULL,
    credit_code text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('shop','office','institution')),
    address text NOT NULL,
    sub_district_code text REFERENCES sub_districts(code),
    contact_name text NOT NULL,
    contact_phone text NOT NULL,
    facility_id integer REFERENCES facilities(id),
    user_id integer UNIQUE REFERENCES users(id),
    status text NOT NULL CHECK (status IN ('pending','verified','suspended')),
    synthetic boolean NOT NULL DEFAULT false,
    geom geometry(Point, 4326),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);

  await sql`CREATE TABLE fee_collection_points (
    id serial PRIMARY KEY,
    payer_id integer NOT NULL REFERENCES fee_payers(id),
    name text NOT NULL,
    geom geometry(Point, 4326) NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX fee_collection_points_geom_idx ON fee_collection_points USING gist (geom)`.execute(db);

  await sql`CREATE TABLE fee_declarations (
    id serial PRIMARY KEY,
    payer_id integer NOT NULL REFERENCES fee_payers(id),
    month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    waste_type text NOT NULL CHECK (waste_type IN ('kitchen','residual','bulky','construction')),
    quantity integer NOT NULL CHECK (quantity > 0),
    status text NOT NULL CHECK (status IN ('draft','submitted','returned','reviewed','approved')),
    return_reason text,
    reviewed_by integer REFERENCES users(id),
    approved_by integer REFERENCES users(id),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (payer_id, month, waste_type)
  )`.execute(db);
  // The ledger pages by (updated_at desc, id desc) within a status.
  await sql`CREATE INDEX fee_declarations_ledger_idx ON fee_declarations (status, updated_at DESC, id DESC)`.execute(db);

  await sql`CREATE TABLE fee_tariff_rules (
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
  await sql`CREATE FUNCTION fee_tariff_rules_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.status <> 'proposed' OR NEW.rules IS DISTINCT FROM OLD.rules
         OR NEW.proposed_by IS DISTINCT FROM OLD.proposed_by OR NEW.proposed_at IS DISTINCT FROM OLD.proposed_at THEN
        RAISE EXCEPTION 'fee_tariff_rules version % is frozen', OLD.version;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER fee_tariff_rules_no_change BEFORE UPDATE OR DELETE ON fee_tariff_rules
    FOR EACH ROW EXECUTE FUNCTION fee_tariff_rules_frozen()`.execute(db);
  await sql`INSERT INTO fee_tariff_rules (status, rules, note, proposed_at, decided_at, decision_note)
    VALUES ('approved', ${JSON.stringify(INITIAL_TARIFF)}::jsonb, '初始收费标准（合成）/ initial tariff (synthetic)', now(), now(), 'installed with the fees')`.execute(
    db,
  );

  await sql`CREATE TABLE fee_contracts (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    payer_id integer NOT NULL REFERENCES fee_payers(id),
    declaration_id integer NOT NULL REFERENCES fee_declarations(id),
    waste_type text NOT NULL,
    unit text NOT NULL CHECK (unit IN ('bin240','tonne')),
    start_month text NOT NULL,
    end_month text NOT NULL,
    monthly_quantity integer NOT NULL CHECK (monthly_quantity > 0),
    unit_price_fen integer NOT NULL CHECK (unit_price_fen >= 0),
    monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
    tariff_version integer NOT NULL REFERENCES fee_tariff_rules(version),
    status text NOT NULL CHECK (status IN ('draft','active','renewal_due','renewed','terminated','expired')),
    renewed_from integer REFERENCES fee_contracts(id),
    synthetic boolean NOT NULL DEFAULT false,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX fee_contracts_ledger_idx ON fee_contracts (status, id DESC)`.execute(db);
  await sql`CREATE INDEX fee_contracts_payer_idx ON fee_contracts (payer_id, id DESC)`.execute(db);

  await sql`CREATE TABLE fee_contract_events (
    id bigserial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES fee_contracts(id),
    at timestamptz NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    actor_user_id integer REFERENCES users(id),
    actor_name text NOT NULL,
    note text
  )`.execute(db);
  await sql`CREATE INDEX fee_contract_events_contract_idx ON fee_contract_events (contract_id, id)`.execute(db);
  // The orders' ledger function (0002) names the table it guards: reused for the contract ledger.
  await sql`CREATE TRIGGER fee_contract_events_no_change BEFORE UPDATE OR DELETE ON fee_contract_events
    FOR EACH ROW EXECUTE FUNCTION order_ledger_append_only()`.execute(db);

  // Actual volumes a collection company reports per contract and month (uploaded through the shared importer).
  await sql`CREATE TABLE fee_clearance_volumes (
    id serial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES fee_contracts(id),
    month text NOT NULL,
    quantity integer NOT NULL CHECK (quantity >= 0),
    reported_by integer REFERENCES users(id),
    import_batch text NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (contract_id, month)
  )`.execute(db);
  // Overages over the tariff's threshold, recorded for billing (part 2 charges the excess at the contract's price).
  await sql`CREATE TABLE fee_overages (
    id serial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES fee_contracts(id),
    month text NOT NULL,
    contracted integer NOT NULL,
    actual integer NOT NULL,
    excess integer NOT NULL CHECK (excess > 0),
    excess_amount_fen bigint NOT NULL,
    threshold_percent integer NOT NULL,
    tariff_version integer NOT NULL REFERENCES fee_tariff_rules(version),
    created_at timestamptz NOT NULL,
    UNIQUE (contract_id, month)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'fee_overages',
    'fee_clearance_volumes',
    'fee_contract_events',
    'fee_contracts',
    'fee_tariff_rules',
    'fee_declarations',
    'fee_collection_points',
    'fee_payers',
  ])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  await sql`DROP FUNCTION IF EXISTS fee_tariff_rules_frozen()`.execute(db);
  await sql`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check`.execute(db);
  await sql.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${ROLES_BEFORE}))`).execute(db);
}
